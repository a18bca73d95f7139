/* Numbers in folded text: digits ("04", "45 000", "1,5"), French and English
 * number words composed from data/numbers.tsv ("vingt-cinq", "quatre-vingts",
 * "twenty five", "deux cent mille"), approximations ("une dizaine") and the
 * "million"/"milliard" multipliers. Used by the mentions stage (quantities)
 * and by dates.c ("il y a deux jours"). */
#ifndef KB_NUMBERS_H
#define KB_NUMBERS_H
#include <stddef.h>

#include "kibaru.h"

/* Loads data/numbers.tsv (see kb_tsv_read for the data directory) the first
 * time it is called, from any thread (pthread_once); every later call returns
 * the first outcome and, when err is not NULL, copies its error. When loading
 * fails, kb_number_parse still reads digits but no words. */
kb_status kb_numbers_load(kb_error *err);

/* Parses a number starting exactly at folded[0] (the caller puts folded[0] at
 * a word start; folded text: see fold.h). Returns the bytes consumed, 0 when
 * no number starts there: not a number word, an ordinal ("deuxieme", "1er"),
 * a time ("10h30"), a quantity word without a number ("plusieurs", "des
 * dizaines", "dozens"), or the article "un"/"une" alone when
 * allow_article_un is 0 ("un soldat"; "un million" and "une dizaine" are
 * numbers either way). The match ends at a word boundary and never takes a
 * trailing unit or noun ("04 helicopteres" consumes "04").
 * value receives the number (0 when none) and approx 1 for an approximation
 * ("une dizaine" 10, "un millier" 1000), else 0; either may be NULL.
 * Thread-safe once loaded; reads at most n bytes. */
size_t kb_number_parse(const char *folded, size_t n, int allow_article_un,
                       double *value, int *approx);
/* 0 when no number (digits or a number word) can start the folded word
 * w[0..n): a cheap test on its first two letters before kb_number_parse. */
int kb_number_may_start(const char *w, size_t n);
#endif
