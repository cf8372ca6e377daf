/* tasks.h -- tasks sent down to the teams (任务督办, SPEC D2): the checks of their calls, once,
 * for the server's handlers and the clients (docs/tasks.md).
 *
 * The database holds what needs rows (0165_tasks.sql): the office and the scope, the teams
 * serving today, the instance's status, the ledger's area and responsible person. The limits
 * below are also the database's CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_TASKS_H
#define ZHUCUN_RULES_TASKS_H

#include <stdint.h>

#include "tasks.pb-c.h"

#define TASK_TITLE_MAX    100  /* a task's title, characters */
#define TASK_BODY_MAX     2000 /* a task's text, characters */
#define TASK_NOTE_MAX     1000 /* a report's note, characters */
#define TASK_DUE_MAX_DAYS 366  /* a deadline at most this many days after today */
/* a report's evidence: the ledger's limit (LEDGER_EVIDENCE_MAX), its files may go there too */
#define TASK_LIST_DEFAULT 200
#define TASK_LIST_MAX     5000

/* The checks of each call's body in order, with today's day number: NULL when it may be sent,
 * else the message, and *field the field. The ids (instance_id, task_id, responsible_id) are
 * rules/ids.c's. */
const char *rules_task_send_problem(const Zhucun__TaskSend *in, int today, const char **field);
const char *rules_task_report_problem(const Zhucun__TaskReport *in, const char **field);
const char *rules_task_ledger_problem(const Zhucun__TaskLedger *in, const char **field);
const char *rules_task_list_problem(const Zhucun__TaskList *in, const char **field);
const char *rules_task_sent_problem(const Zhucun__TaskSent *in, const char **field);
const char *rules_task_board_problem(const Zhucun__TaskBoard *in, const char **field);

#endif
