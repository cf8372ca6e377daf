/* idcard.c -- GB 11643 check digits, birth dates and masking. */
#include "common/rules/idcard.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

char rules_idcard_check_char(const char *id17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (id17[i] < '0' || id17[i] > '9')
            return 0;
        sum += (id17[i] - '0') * weights[i];
    }
    return checks[sum % 11];
}

const char *rules_idcard_problem(const char *id, const char *today)
{
    if (strlen(id) != IDCARD_LEN)
        return "身份证号应为 18 位";
    char check = rules_idcard_check_char(id);
    if (check == 0)
        return "身份证号前 17 位应为数字";
    if (id[17] == 'x')
        return "身份证号最后一位的 X 应为大写";
    if (id[17] != check)
        return "身份证号校验位不正确，请核对";
    char birth[11];
    int y, m, d;
    rules_idcard_birth_date(id, birth);
    if (rules_date_parse(birth, &y, &m, &d) != 0)
        return "身份证号中的出生日期无效";
    if (today != NULL && strcmp(birth, today) > 0)
        return "身份证号中的出生日期晚于今天";
    return NULL;
}

void rules_idcard_birth_date(const char *id, char out[11])
{
    snprintf(out, 11, "%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
}

void rules_idcard_mask(const char *id, char out[IDCARD_LEN + 1])
{
    if (strlen(id) != IDCARD_LEN) {
        memset(out, '*', IDCARD_LEN);
    } else {
        memcpy(out, id, IDCARD_LEN);
        memset(out + 6, '*', 8);
    }
    out[IDCARD_LEN] = '\0';
}

int rules_roles_see_id_numbers(unsigned role_bits)
{
    return (role_bits & (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP | ROLE_TEAM_CAPTAIN | ROLE_CADRE)) != 0;
}

int rules_idcard_search(const char *text, char out[IDCARD_LEN + 1])
{
    out[0] = '\0';
    if (strlen(text) != IDCARD_LEN)
        return 0;
    for (size_t i = 0; i < IDCARD_LEN - 1; i++)
        if (text[i] < '0' || text[i] > '9')
            return 0;
    char last = text[IDCARD_LEN - 1];
    if (!((last >= '0' && last <= '9') || last == 'X' || last == 'x'))
        return 0;
    memcpy(out, text, IDCARD_LEN - 1);
    out[IDCARD_LEN - 1] = last == 'x' ? 'X' : last;
    out[IDCARD_LEN] = '\0';
    return 1;
}
