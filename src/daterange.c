#include "daterange.h"

#include <ctype.h>
#include <string.h>

/* Howard Hinnant's days_from_civil: exact for every Gregorian date, no
 * tables, no time zone (a report's date is a calendar day, not an instant). */
int32_t kb_dr_days(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy =
      (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

void kb_dr_format(int32_t z, char out[11]) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = (int)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) y = 0;
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = 0;
}

static int num(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

static int month_days(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return days[m - 1] + (m == 2 && leap);
}

int kb_dr_parse(const char *s, kb_dr *out) {
  int y, m, d;
  out->prec = KB_DR_NONE;
  out->lo = out->hi = 0;
  if (!s || !num(s, 4, &y) || y < 1) return KB_DR_NONE;
  if (s[4] != '-' || !num(s + 5, 2, &m) || m < 1 || m > 12) {
    if (isdigit((unsigned char)s[4])) return KB_DR_NONE;
    out->lo = kb_dr_days(y, 1, 1);
    out->hi = kb_dr_days(y, 12, 31);
    return out->prec = KB_DR_YEAR;
  }
  if (s[7] != '-' || !num(s + 8, 2, &d) || d < 1 || d > month_days(y, m)) {
    out->lo = kb_dr_days(y, m, 1);
    out->hi = kb_dr_days(y, m, month_days(y, m));
    return out->prec = KB_DR_MONTH;
  }
  out->lo = out->hi = kb_dr_days(y, m, d);
  return out->prec = KB_DR_DAY;
}

int32_t kb_dr_gap(const kb_dr *a, const kb_dr *b) {
  if (a->hi < b->lo) return b->lo - a->hi;
  if (b->hi < a->lo) return a->lo - b->hi;
  return 0;
}

int kb_dr_nested(const kb_dr *a, const kb_dr *b) {
  return (a->lo <= b->lo && b->hi <= a->hi) ||
         (b->lo <= a->lo && a->hi <= b->hi);
}
