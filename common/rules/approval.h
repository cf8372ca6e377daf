/* approval.h -- pure rules of the approval engine that hold for every kind of request (SPEC
 * W1-W4, docs/approvals.md): the shape of a kind's code. Which kinds exist is the server's
 * registry (approval_kinds), not a list here: leave and recall today, risk elimination,
 * project transitions, disbursements, assessments and star filings later, and a test-only
 * kind in the tests. The server (authoritative) and the clients (before sending) check with
 * these, so both refuse in the same words. */
#ifndef ZHUCUN_RULES_APPROVAL_H
#define ZHUCUN_RULES_APPROVAL_H

#define APPROVAL_KIND_MAX 32 /* bytes of a kind's code */

#define APPROVAL_KIND_MISSING "缺少审批事项类型"
#define APPROVAL_KIND_PROBLEM                                                                      \
    "审批事项类型应为小写字母开头、由小写字母、数字和下划线组成的代码（最多 32 个字符）"

/* 1 when kind has the shape of a kind's code, ^[a-z][a-z0-9_]{0,31}$ (leave, recall,
 * risk_elimination); whether the server knows it is the server's to say. */
int rules_approval_kind_ok(const char *kind);

/* NULL when kind may name a kind of approval subject (rules_approval_kind_ok); else the
 * message for people: APPROVAL_KIND_MISSING for "", APPROVAL_KIND_PROBLEM for any other. The
 * field is the request's subject_kind. */
const char *rules_approval_kind_problem(const char *kind);

#endif
