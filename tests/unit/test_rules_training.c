/* test_rules_training.c -- the checks of the training, study and unit supervision calls
 * (common/rules/training.c): every field refused with its name, every limit at and past its
 * edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/training.h"

static int today;
static int64_t people[TRAINING_ATTENDEES_MAX + 1];

static Zhucun__StudyRecord study(size_t n)
{
    Zhucun__StudyRecord s = ZHUCUN__STUDY_RECORD__INIT;
    s.held_on = "2026-11-25";
    s.topic = "学习";
    s.attendees = people;
    s.n_attendees = n;
    return s;
}

static void test_study_record(void **state)
{
    (void)state;
    Zhucun__StudyRecord s = study(1);
    OK(rules_study_record_problem(&s, today, FIELD));
    s = study(STUDY_ATTENDEES_MAX);
    OK(rules_study_record_problem(&s, today, FIELD));
    s = study(STUDY_ATTENDEES_MAX + 1);
    REFUSED(rules_study_record_problem(&s, today, FIELD), "attendees");
    s = study(0);
    REFUSED(rules_study_record_problem(&s, today, FIELD), "attendees");
    s = study(2);
    people[1] = people[0];
    REFUSED(rules_study_record_problem(&s, today, FIELD), "attendees");
    people[1] = 2;
    people[0] = 0;
    s = study(1);
    REFUSED(rules_study_record_problem(&s, today, FIELD), "attendees");
    people[0] = 1;
    s = study(1);
    s.team_id = -1;
    REFUSED(rules_study_record_problem(&s, today, FIELD), "team_id");
    s = study(1);
    s.held_on = "2026-11-29"; /* tomorrow */
    REFUSED(rules_study_record_problem(&s, today, FIELD), "held_on");
    s.held_on = "2026-11-28";
    OK(rules_study_record_problem(&s, today, FIELD));
    s.held_on = "2026/11/28";
    REFUSED(rules_study_record_problem(&s, today, FIELD), "held_on");
    s = study(1);
    s.topic = "";
    REFUSED(rules_study_record_problem(&s, today, FIELD), "topic");
    s.topic = rules_chars(TRAINING_TITLE_MAX);
    OK(rules_study_record_problem(&s, today, FIELD));
    s.topic = rules_chars(TRAINING_TITLE_MAX + 1);
    REFUSED(rules_study_record_problem(&s, today, FIELD), "topic");
    uint8_t sha[32] = {0};
    ProtobufCBinaryData ev[TRAINING_EVIDENCE_MAX + 1];
    for (int i = 0; i <= TRAINING_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){32, sha};
    s = study(1);
    s.evidence = ev;
    s.n_evidence = TRAINING_EVIDENCE_MAX;
    OK(rules_study_record_problem(&s, today, FIELD));
    s.n_evidence = TRAINING_EVIDENCE_MAX + 1;
    REFUSED(rules_study_record_problem(&s, today, FIELD), "evidence");
    ev[0].len = 31;
    s.n_evidence = 1;
    REFUSED(rules_study_record_problem(&s, today, FIELD), "evidence");
}

static void test_spans(void **state)
{
    (void)state;
    Zhucun__StudyList l = ZHUCUN__STUDY_LIST__INIT;
    OK(rules_study_list_problem(&l, today, FIELD));
    int first, last;
    const char *field = NULL;
    assert_null(rules_training_span_problem("", "", today, 90, &first, &last, &field));
    assert_int_equal(last, today);
    assert_int_equal(first, today - 90);
    assert_null(rules_training_span_problem("", "", today, -1, &first, &last, &field));
    assert_int_equal(first, rules_date_days("2026-01-01", &(int){0}));
    l.from_day = "2026-11-01";
    l.to_day = "2026-10-31";
    REFUSED(rules_study_list_problem(&l, today, FIELD), "from_day");
    l.from_day = "2025-11-27"; /* to 2026-11-28: 367 days */
    l.to_day = "2026-11-28";
    REFUSED(rules_study_list_problem(&l, today, FIELD), "from_day");
    l.from_day = "2025-11-28"; /* TRAINING_SPAN_MAX_DAYS exactly */
    OK(rules_study_list_problem(&l, today, FIELD));
    l.to_day = "2026-11-29";
    REFUSED(rules_study_list_problem(&l, today, FIELD), "to_day");
    l.to_day = "";
    l.from_day = "";
    l.team_id = -1;
    REFUSED(rules_study_list_problem(&l, today, FIELD), "team_id");
    l.team_id = 0;
    l.limit = TRAINING_LIST_MAX;
    OK(rules_study_list_problem(&l, today, FIELD));
    l.limit = TRAINING_LIST_MAX + 1;
    REFUSED(rules_study_list_problem(&l, today, FIELD), "limit");
    Zhucun__StudyMissed m = ZHUCUN__STUDY_MISSED__INIT;
    OK(rules_study_missed_problem(&m, today, FIELD));
    m.org_code = "1401";
    REFUSED(rules_study_missed_problem(&m, today, FIELD), "org_code");
}

static Zhucun__TrainingSessionAdd session(void)
{
    Zhucun__TrainingSessionAdd a = ZHUCUN__TRAINING_SESSION_ADD__INIT;
    a.org_code = "140105000000";
    a.title = "全员培训";
    a.audience = "all";
    a.starts_on = "2027-03-01"; /* a session to come may be announced */
    a.ends_on = "2027-03-03";
    return a;
}

static void test_training(void **state)
{
    (void)state;
    Zhucun__TrainingSessionAdd a = session();
    OK(rules_training_session_add_problem(&a, FIELD));
    a.org_code = "140000000000";
    OK(rules_training_session_add_problem(&a, FIELD));
    a.org_code = "140105001000";
    OK(rules_training_session_add_problem(&a, FIELD));
    a.org_code = "140105001001"; /* a village organises no session */
    REFUSED(rules_training_session_add_problem(&a, FIELD), "org_code");
    a = session();
    a.title = "";
    REFUSED(rules_training_session_add_problem(&a, FIELD), "title");
    a = session();
    a.audience = "cadres";
    REFUSED(rules_training_session_add_problem(&a, FIELD), "audience");
    a.audience = "new";
    OK(rules_training_session_add_problem(&a, FIELD));
    a.starts_on = "x";
    REFUSED(rules_training_session_add_problem(&a, FIELD), "starts_on");
    a = session();
    a.ends_on = "2027-02-28";
    REFUSED(rules_training_session_add_problem(&a, FIELD), "ends_on");
    a.ends_on = "2027-04-29"; /* 60 days */
    OK(rules_training_session_add_problem(&a, FIELD));
    a.ends_on = "2027-04-30";
    REFUSED(rules_training_session_add_problem(&a, FIELD), "ends_on");

    Zhucun__TrainingAttend t = ZHUCUN__TRAINING_ATTEND__INIT;
    for (int i = 0; i <= TRAINING_ATTENDEES_MAX; i++)
        people[i] = i + 1;
    t.attendees = people;
    t.n_attendees = TRAINING_ATTENDEES_MAX;
    t.from_day = "2026-11-01";
    t.to_day = "2026-11-03";
    OK(rules_training_attend_problem(&t, today, FIELD));
    t.n_attendees = TRAINING_ATTENDEES_MAX + 1;
    REFUSED(rules_training_attend_problem(&t, today, FIELD), "attendees");
    t.n_attendees = 1;
    t.to_day = "2026-10-31";
    REFUSED(rules_training_attend_problem(&t, today, FIELD), "to_day");
    t.to_day = "2026-11-29";
    REFUSED(rules_training_attend_problem(&t, today, FIELD), "to_day");
    t.to_day = "2026-11-03";
    t.from_day = "";
    REFUSED(rules_training_attend_problem(&t, today, FIELD), "from_day");

    OK(rules_training_year_problem("", 0, 0, today, FIELD));
    OK(rules_training_year_problem("140105000000", TRAINING_FIRST_YEAR, 0, today, FIELD));
    OK(rules_training_year_problem("", 2026, 0, today, FIELD));
    REFUSED(rules_training_year_problem("", 2027, 0, today, FIELD), "year");
    REFUSED(rules_training_year_problem("", TRAINING_FIRST_YEAR - 1, 0, today, FIELD), "year");
    REFUSED(rules_training_year_problem("14", 0, 0, today, FIELD), "org_code");
    REFUSED(rules_training_year_problem("", 0, TRAINING_LIST_MAX + 1, today, FIELD), "limit");
}

static void test_units(void **state)
{
    (void)state;
    Zhucun__UnitSupervisionRecord u = ZHUCUN__UNIT_SUPERVISION_RECORD__INIT;
    u.kind = "hearing";
    u.unit_id = 1;
    u.team_id = 1;
    u.held_on = "2026-11-28";
    u.who = "主任";
    OK(rules_unit_supervision_record_problem(&u, today, FIELD));
    u.kind = "leader_visit";
    OK(rules_unit_supervision_record_problem(&u, today, FIELD));
    u.kind = "visit";
    REFUSED(rules_unit_supervision_record_problem(&u, today, FIELD), "kind");
    u.kind = "hearing";
    u.held_on = "2026-11-29";
    REFUSED(rules_unit_supervision_record_problem(&u, today, FIELD), "held_on");
    u.held_on = "2026-11-28";
    u.who = "";
    REFUSED(rules_unit_supervision_record_problem(&u, today, FIELD), "who");
    u.who = rules_chars(TRAINING_WHO_MAX + 1);
    REFUSED(rules_unit_supervision_record_problem(&u, today, FIELD), "who");
    u.who = rules_chars(TRAINING_WHO_MAX);
    OK(rules_unit_supervision_record_problem(&u, today, FIELD));
    u.who = "主任";
    u.note = rules_chars(TRAINING_NOTE_MAX);
    OK(rules_unit_supervision_record_problem(&u, today, FIELD));
    u.note = rules_chars(TRAINING_NOTE_MAX + 1);
    REFUSED(rules_unit_supervision_record_problem(&u, today, FIELD), "note");

    Zhucun__UnitsBehind b = ZHUCUN__UNITS_BEHIND__INIT;
    OK(rules_units_behind_problem(&b, today, FIELD));
    b.level = "township";
    REFUSED(rules_units_behind_problem(&b, today, FIELD), "level");
    b.level = "central";
    b.as_of = "2026-11-29";
    REFUSED(rules_units_behind_problem(&b, today, FIELD), "as_of");
    b.as_of = "2026-06-30";
    OK(rules_units_behind_problem(&b, today, FIELD));

    Zhucun__UnitSupervisionList l = ZHUCUN__UNIT_SUPERVISION_LIST__INIT;
    OK(rules_unit_supervision_list_problem(&l, today, FIELD));
    l.kind = "hearings";
    REFUSED(rules_unit_supervision_list_problem(&l, today, FIELD), "kind");
    l.kind = "leader_visit";
    l.unit_id = -2;
    REFUSED(rules_unit_supervision_list_problem(&l, today, FIELD), "unit_id");
    l.unit_id = 0;
    l.year = 2021;
    REFUSED(rules_unit_supervision_list_problem(&l, today, FIELD), "year");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    for (int i = 0; i <= TRAINING_ATTENDEES_MAX; i++)
        people[i] = i + 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_study_record),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_training),
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
