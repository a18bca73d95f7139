/* Dates as day ranges: "2021-09" is every day of September 2021, so a
 * month-precise report and a day-precise one can be compared. Day numbers
 * count from 1970-01-01 (proleptic Gregorian). */
#ifndef KB_DATERANGE_H
#define KB_DATERANGE_H
#include <stdint.h>

enum { KB_DR_NONE = 0, KB_DR_YEAR = 1, KB_DR_MONTH = 2, KB_DR_DAY = 3 };

typedef struct kb_dr {
  int32_t lo, hi; /* inclusive day numbers */
  int prec;       /* KB_DR_*; NONE: lo and hi are meaningless */
} kb_dr;

/* Parses YYYY, YYYY-MM or YYYY-MM-DD (anything after is ignored); returns
 * the precision, KB_DR_NONE for NULL or a malformed value. */
int kb_dr_parse(const char *s, kb_dr *out);
int32_t kb_dr_days(int y, int m, int d);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void kb_dr_format(int32_t day, char out[11]);
/* Days between two ranges, 0 when they overlap. */
int32_t kb_dr_gap(const kb_dr *a, const kb_dr *b);
/* 1 when one range contains the other (a month and one of its days). */
int kb_dr_nested(const kb_dr *a, const kb_dr *b);
#endif
