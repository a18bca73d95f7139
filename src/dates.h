/* Date expressions in folded text (see fold.h), French and English:
 * absolute ("le 18 septembre 2024", "30/09/2021", "September 30, 2021"),
 * partial ("en aout 2022", "mi-juin", "fin 2023", "in early 2023") and
 * relative to the publication date ("jeudi", "hier", "la semaine derniere",
 * "last month", "il y a deux jours"). Used by the mentions stage. */
#ifndef KB_DATES_H
#define KB_DATES_H
#include <stddef.h>

typedef struct kb_date_hit {
  size_t start, end; /* byte offsets into the folded text */
  char value[11];    /* "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" when unresolved */
  int precision;     /* 1 year, 2 month, 3 day (what the TEXT gives) */
  int relative;      /* 1 when resolved against the anchor (jeudi, hier, last
                        week, "septembre dernier") */
} kb_date_hit;

/* Finds date expressions in folded[0..n). anchor: the publication date
 * ("YYYY", "YYYY-MM" or "YYYY-MM-DD", a longer ISO timestamp is cut to its
 * date) or NULL; an anchor that does not parse counts as NULL. Writes at most
 * max hits to out (which may be NULL when max is 0) and returns their number,
 * in text order, non-overlapping, the longest match at each place.
 *
 * Resolution: a day and month without a year take the most recent year
 * written earlier in the same text, else the anchor's year (the year before
 * when that puts the date more than about two months after the anchor), else
 * stay unresolved (value "", precision still 3). A month alone is resolved
 * the same way. A bare weekday is the most recent such day on or before the
 * anchor ("jeudi dernier": strictly before; "jeudi prochain": strictly after)
 * and needs an anchor with a day; relative expressions need an anchor as
 * precise as what they name; otherwise they are reported with value "".
 * A year alone is taken only in date context ("en 2022", "depuis 2019", "fin
 * 2023", a range "2024-2025", a year opening a sentence) and never when a
 * plural noun or unit follows ("2000 soldats").
 *
 * Thread-safe and allocation-free (the "il y a N jours" form loads
 * data/numbers.tsv once, see numbers.h). Runs in O(n). */
size_t kb_dates_find(const char *folded, size_t n, const char *anchor,
                     kb_date_hit *out, size_t max);
#endif
