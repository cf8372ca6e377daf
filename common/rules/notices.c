/* notices.c -- the checks of the notice calls (notices.h). */
#include "common/rules/notices.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

static const char *files_problem(size_t n, const ProtobufCBinaryData *files, const char **field)
{
    if (n > NOTICE_FILES_MAX)
        FAIL("files", "至多附 " STR(NOTICE_FILES_MAX) " 个附件");
    for (size_t i = 0; i < n; i++)
        if (files[i].len != NOTICE_SHA256_LEN)
            FAIL("files", "附件的 SHA-256 须为 32 字节");
    return NULL;
}

static const char *people_problem(size_t n, const int64_t *ids, const char **field)
{
    if (n == 0)
        FAIL("people", "请至少列出一名接收人");
    if (n > NOTICE_PEOPLE_MAX)
        FAIL("people", "一则通知至多点名 " STR(NOTICE_PEOPLE_MAX) " 人，更多请按地区或单位发送");
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            FAIL("people", "人员编号应为正整数");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                FAIL("people", "同一接收人不能重复列出");
    }
    return NULL;
}

const char *rules_notice_send_problem(const Zhucun__NoticeSend *in, int today, const char **field)
{
    const char *problem;
    if (in->unit_id < 0)
        FAIL("unit_id", "派出单位编号应为正整数（0：以机关名义发送）");
    if (in->unit_id == 0 && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "请填写发文单位的 12 位区划代码，或以派出单位名义发送");
    if (in->unit_id > 0 && in->org_code[0] != '\0')
        FAIL("org_code", "以派出单位名义发送时不填发文区划");
    if (!rules_text_ok(in->title, 1, NOTICE_TITLE_MAX))
        FAIL("title", "请填写标题（1 到 " STR(NOTICE_TITLE_MAX) " 个字符）");
    if (!rules_text_ok(in->body, 1, NOTICE_BODY_MAX))
        FAIL("body", "请填写正文（1 到 " STR(NOTICE_BODY_MAX) " 个字符）");
    if (in->reply_by[0] != '\0') {
        int ok, day = rules_date_days(in->reply_by, &ok);
        if (!ok)
            FAIL("reply_by", "回复期限应为 YYYY-MM-DD 格式的日期");
        if (!in->reply_required)
            FAIL("reply_by", "只有要求回复的通知才有回复期限");
        if (day < today)
            FAIL("reply_by", "回复期限不能早于今天");
        if (day > today + NOTICE_REPLY_DAYS_MAX)
            FAIL("reply_by", "回复期限至多为 " STR(NOTICE_REPLY_DAYS_MAX) " 天之后");
    }
    int place = strcmp(in->scope_kind, "place") == 0, unit = strcmp(in->scope_kind, "unit") == 0,
        people = strcmp(in->scope_kind, "people") == 0,
        offices = strcmp(in->scope_kind, "offices") == 0;
    if (!place && !unit && !people && !offices)
        FAIL("scope_kind", "接收范围应为 place（地区）、unit（派出单位）、people（点名）或 "
                           "offices（下一级驻村办）");
    if ((place || offices) != (in->scope_code[0] != '\0') ||
        ((place || offices) && rules_code_level(in->scope_code) < 0))
        FAIL("scope_code", "按地区或按驻村办发送时须填 12 位区划代码，其他范围不填");
    if (offices && rules_code_level(in->scope_code) > NOTICE_OFFICES_LEVEL_MAX)
        FAIL("scope_code", "按驻村办发送须填省、市或县的区划代码：发给其下一级的驻村办");
    if (unit != (in->scope_unit != 0) || in->scope_unit < 0)
        FAIL("scope_unit", "按派出单位发送时须填单位编号（正整数），其他范围不填");
    if (!people && in->n_people > 0)
        FAIL("people", "只有点名发送时才列出接收人");
    if (people && (problem = people_problem(in->n_people, in->people, field)) != NULL)
        return problem;
    return files_problem(in->n_files, in->files, field);
}

const char *rules_notice_reply_problem(const Zhucun__NoticeReply *in, const char **field)
{
    if (!rules_text_ok(in->text, 1, NOTICE_REPLY_MAX))
        FAIL("text", "请填写回复内容（1 到 " STR(NOTICE_REPLY_MAX) " 个字符）");
    return files_problem(in->n_files, in->files, field);
}

const char *rules_notice_what_problem(const char *what, const char **field)
{
    if (strcmp(what, "unread") != 0 && strcmp(what, "unreplied") != 0)
        FAIL("what", "应为 unread（未读）或 unreplied（未回复）");
    return NULL;
}

const char *rules_notice_limit_problem(uint32_t limit, const char **field)
{
    if (limit > NOTICE_LIST_MAX)
        FAIL("limit", "条数至多为 " STR(NOTICE_LIST_MAX));
    return NULL;
}

const char *rules_notice_sent_problem(const Zhucun__NoticeSent *in, const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    return rules_notice_limit_problem(in->limit, field);
}
