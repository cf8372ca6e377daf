/* ids.c -- the required ids of each call and the test of a body against them (ids.h). */
#include "common/rules/ids.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "envelope.pb-c.h"

static const struct {
    int body_case;
    const char *ids;
} required[] = {
    {ZHUCUN__REQUEST__BODY_UNIT_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, "team_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, "team_id person_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_RECALL, "membership_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, "team_id person_id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, "household_id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, "household_id member_id"},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD, "person_id"},
    {ZHUCUN__REQUEST__BODY_DECIDE, "step_id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_END, "id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, "id"},
    {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, "id"},
    {ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY, "subject_id"},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE, "id"},
    {ZHUCUN__REQUEST__BODY_LABOUR_RECORD, "household_id member_id"},
    {ZHUCUN__REQUEST__BODY_MONITOR_ENTER, "household_id"},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_ADD, "case_id"},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE, "risk_id"},
    {ZHUCUN__REQUEST__BODY_MEASURE_ADD, "case_id responsible_id"},
    {ZHUCUN__REQUEST__BODY_MEASURE_CLOSE, "measure_id"},
    {ZHUCUN__REQUEST__BODY_MONITOR_REVIEW, "step_id"},
    {ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF, "case_id"},
    {ZHUCUN__REQUEST__BODY_INCOME_RECORD, "household_id"},
    {ZHUCUN__REQUEST__BODY_INCOME_HISTORY, "household_id"},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SET, "household_id responsible_id"},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SHOW, "household_id"},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_ATTACH_CHUNK, "upload_id"},
    {ZHUCUN__REQUEST__BODY_ATTACH_FINISH, "upload_id"},
    {ZHUCUN__REQUEST__BODY_ATTACH_LINK, "record_id"},
    {ZHUCUN__REQUEST__BODY_ATTACH_LIST, "record_id"},
    {ZHUCUN__REQUEST__BODY_POINTS_AWARD, "household_id"},
    {ZHUCUN__REQUEST__BODY_POINTS_REDEEM, "household_id good_id"},
    {ZHUCUN__REQUEST__BODY_POINTS_CORRECT, "id"},
    {ZHUCUN__REQUEST__BODY_POINTS_HISTORY, "household_id"},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE, "household_id"},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP, "case_id"},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE, "case_id"},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_CONTEST_ENTER, "round_id team_id"},
    {ZHUCUN__REQUEST__BODY_CONTEST_RESULT, "entry_id"},
    {ZHUCUN__REQUEST__BODY_QUIZ_SCORE, "quiz_id person_id"},
    {ZHUCUN__REQUEST__BODY_QUIZ_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION, "project_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, "project_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD, "project_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, "project_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, "project_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, "target_id"},
    {ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW, "project_id"},
    {ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST, "project_id progress_id"},
    {ZHUCUN__REQUEST__BODY_ASSET_MAINTAIN, "asset_id"},
    {ZHUCUN__REQUEST__BODY_ASSET_INCOME, "asset_id"},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_SET, "member_id"},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_END, "id"},
    {ZHUCUN__REQUEST__BODY_ASSET_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_ASSET_DIVIDENDS, "household_id"},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW, "campaign_id project_id"},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS, "campaign_id"},
    {ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, "unit_id"},
    {ZHUCUN__REQUEST__BODY_FINDING_ADD, "inspection_id team_id"},
    {ZHUCUN__REQUEST__BODY_INSPECTION_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE, "inspection_id"},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_GET, "id"},
    {ZHUCUN__REQUEST__BODY_STARS_ADJUST, "team_id"},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, "person_id"},
    {ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, "round_id"},
    {ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, "result_id"},
    {ZHUCUN__REQUEST__BODY_ASSESS_RANK, "round_id"},
    {ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE, "result_id"},
    {ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, "round_id"},
    {ZHUCUN__REQUEST__BODY_TRAINING_ATTEND, "session_id"},
    {ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, "unit_id team_id"},
    {ZHUCUN__REQUEST__BODY_NOTICE_SHOW, "notice_id"},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPLY, "notice_id"},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPORT, "notice_id"},
    {ZHUCUN__REQUEST__BODY_NOTICE_PENDING, "notice_id"},
    {ZHUCUN__REQUEST__BODY_NOTICE_REMIND, "notice_id"},
    {ZHUCUN__REQUEST__BODY_TASK_SHOW, "instance_id"},
    {ZHUCUN__REQUEST__BODY_TASK_REPORT, "instance_id"},
    {ZHUCUN__REQUEST__BODY_TASK_BOARD, "task_id"},
    {ZHUCUN__REQUEST__BODY_TASK_LEDGER, "instance_id responsible_id"},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT, "statement_id"},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_SHOW, "statement_id"},
};

const char *rules_required_ids(int body_case)
{
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        if (required[i].body_case == body_case)
            return required[i].ids;
    return NULL;
}

int rules_missing_ids(int body_case, const ProtobufCMessage *body, const char **out, size_t max)
{
    const char *names = rules_required_ids(body_case);
    int missing = 0;
    while (names != NULL && *names != '\0') {
        size_t n = strcspn(names, " ");
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)n, names);
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(body->descriptor, name);
        if (f == NULL || f->type != PROTOBUF_C_TYPE_INT64)
            return -1;
        if (*(const int64_t *)((const char *)body + f->offset) <= 0) {
            /* The descriptor's name lives as long as the program; the copy does not. */
            if ((size_t)missing < max)
                out[missing] = f->name;
            missing++;
        }
        names += n;
        names += strspn(names, " ");
    }
    return missing;
}

const char *rules_missing_id_message(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "缺少 %s：应为正整数", name);
    return buf;
}
