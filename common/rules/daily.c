/* daily.c -- the checks of the calls added for the desk's daily pages (daily.h). */
#include "daily.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

const char *rules_business_list_problem(const Zhucun__OfficialBusinessList *in, const char **field)
{
    if (in->person_id < 0) {
        *field = "person_id";
        return "队员编号应为正整数（0 表示全部队员）";
    }
    if (in->limit > BUSINESS_LIST_MAX) {
        *field = "limit";
        return "每次最多列出 " STR(BUSINESS_LIST_MAX) " 条公务记录";
    }
    return NULL;
}
