/* allowance_rates.c -- the rates section of the allowance page (docs/allowances.md, "The
 * rates"), for the province office and a county office: the rates that apply today, one per
 * unit level, with where each came from (AllowanceRateList: the county office's county, the
 * province office's province-wide rates), and a version published (AllowanceRateSet: the level,
 * the living and transport allowances in yuan, the month it starts, a note; a county office's
 * for its own county). The body is checked by the client library before it is sent. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/allowance.h"
#include "common/rules/date.h"
#include "common/rules/income.h"

struct desk_allowance_rates {
    struct desk *d;
    struct desk_form f;
    char *county; /* the county office's county; "" for the province office */
    int rows;
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

static const char *const fields[] = {"unit_level", "rt_level",      "living_fen_per_day",
                                     "rt_living",  "transport_fen", "rt_transport",
                                     "valid_from", "rt_from",       "note",
                                     "rt_note",    "county_code",   "rt_result",
                                     NULL};

static const char *level_text(const char *level)
{
    return strcmp(level, "central") == 0    ? _("central units")
           : strcmp(level, "province") == 0 ? _("provincial units")
           : strcmp(level, "city") == 0     ? _("city units")
           : strcmp(level, "county") == 0   ? _("county units")
                                            : level;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_allowance_rates *p = user;
    GtkListBox *list = GTK_LIST_BOX(W(p, "rt_list"));
    desk_list_clear(list);
    p->rows = 0;
    if (err != NULL) {
        desk_list_line(list, err->message, 1);
        desk_changed(p->d, "allowance-rates-failed");
        return;
    }
    const Zhucun__AllowanceRateListReply *l = reply->allowance_rate_list;
    for (size_t i = 0; i < l->n_rates; i++) {
        const Zhucun__AllowanceRate *r = l->rates[i];
        char living[ALLOWANCE_YUAN_LEN], transport[ALLOWANCE_YUAN_LEN];
        char *source = strcmp(r->source, "county") == 0
                           ? g_strdup_printf(_("%s's own"), r->county_name)
                           : g_strdup(_("province-wide"));
        char *t = g_strdup_printf(_("%s: %s yuan a day, %s yuan a month  (%s, from %s; used by "
                                    "%u statements)"),
                                  level_text(r->unit_level),
                                  rules_allowance_yuan(r->living_fen_per_day, living),
                                  rules_allowance_yuan(r->transport_fen, transport), source,
                                  r->valid_from, r->statements);
        desk_list_line(list, t, 0);
        g_free(t);
        g_free(source);
        p->rows++;
    }
    desk_changed(p->d, "allowance-rates");
}

void desk_allowance_rates_refresh(struct desk_allowance_rates *p)
{
    Zhucun__AllowanceRateList l = ZHUCUN__ALLOWANCE_RATE_LIST__INIT;
    l.county_code = p->county;
    desk_call(p->d, &l.base, list_done, p);
}

static void set_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_allowance_rates *p = user;
    if (desk_form_answered(&p->f, p->d, err, "allowance-rate-failed") != 0)
        return;
    desk_form_say(&p->f, g_strdup_printf(_("rate #%lld published, in force from %s; statements "
                                           "already computed keep their rate"),
                                         (long long)reply->allowance_rate_set->id,
                                         desk_form_text(&p->f, "rt_from")));
    desk_changed(p->d, "allowance-rate-set");
    desk_allowance_rates_refresh(p);
}

/* An amount in yuan as fen; -1 (which the checks refuse at its field) when it is none. */
static int64_t fen_of(const char *yuan)
{
    int64_t fen;
    return rules_income_yuan_parse(yuan, 0, &fen) == 0 && yuan[0] != '\0' ? fen : -1;
}

static void on_set(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_allowance_rates *p = user;
    Zhucun__AllowanceRateSet q = ZHUCUN__ALLOWANCE_RATE_SET__INIT;
    q.unit_level = (char *)desk_choice_value(W(p, "rt_level"));
    q.county_code = p->county;
    q.living_fen_per_day = fen_of(desk_form_text(&p->f, "rt_living"));
    q.transport_fen = fen_of(desk_form_text(&p->f, "rt_transport"));
    q.valid_from = (char *)desk_form_text(&p->f, "rt_from");
    q.note = (char *)desk_form_text(&p->f, "rt_note");
    desk_form_send(&p->f, p->d, &q.base, set_done, p, "allowance-rate-refused");
}

struct desk_allowance_rates *desk_allowance_rates_new(struct desk *d, GtkBox *page)
{
    const char *county = NULL;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        if (strcmp(role, "province_office") == 0)
            county = "";
        else if (strcmp(role, "county_office") == 0 && county == NULL)
            county = g_ptr_array_index(d->grant_scopes, i);
    }
    if (county == NULL)
        return NULL;
    struct desk_allowance_rates *p = g_new0(struct desk_allowance_rates, 1);
    p->d = d;
    p->county = g_strdup(county);
    desk_form_init(&p->f, fields, "rt_result");
    gtk_box_append(page, desk_heading(county[0] != '\0' ? _("Allowance rates in this county")
                                                        : _("Province-wide allowance rates")));
    gtk_box_append(page, desk_form_list(&p->f, "rt_list", 110));
    GtkWidget *level = desk_form_choice(&p->f, "rt_level");
    static const char *const values[] = {"central", "province", "city", "county"};
    const char *labels[4];
    for (int i = 0; i < 4; i++)
        labels[i] = level_text(values[i]);
    desk_choice_set(level, labels, values, 4);
    desk_choice_select(level, "county");
    char month[8];
    int y, m, dd;
    rules_civil_from_days(zc_clock_today(), &y, &m, &dd);
    snprintf(month, sizeof(month), "%04d-%02d", y, m);
    GtkWidget *from = desk_form_entry(&p->f, "rt_from", _("from YYYY-MM"), 9);
    gtk_editable_set_text(GTK_EDITABLE(from), month);
    gtk_box_append(
        page, desk_hrow(level, desk_form_entry(&p->f, "rt_living", _("yuan a day"), 8),
                        desk_form_entry(&p->f, "rt_transport", _("yuan a month"), 8), from,
                        desk_form_entry(&p->f, "rt_note", _("note"), 24),
                        desk_form_keep(&p->f, "rt_set",
                                       gtk_button_new_with_label(
                                           county[0] != '\0' ? _("Publish this county's rate")
                                                             : _("Publish the province's rate"))),
                        NULL));
    g_signal_connect(W(p, "rt_set"), "clicked", G_CALLBACK(on_set), p);
    gtk_box_append(page, desk_form_label(&p->f, "rt_result"));
    return p;
}

void desk_allowance_rates_free(struct desk_allowance_rates *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p->county);
    g_free(p);
}

GtkWidget *desk_allowance_rates_widget(struct desk_allowance_rates *p, const char *name)
{
    return W(p, name);
}

int desk_allowance_rates_rows(struct desk_allowance_rates *p)
{
    return p->rows;
}
