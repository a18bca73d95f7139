/* Reading the tab-separated lexicon files of data/. */
#ifndef KB_TSV_H
#define KB_TSV_H
#include <stddef.h>

#include "kibaru.h"

#define KB_TSV_MAX_COLS 8

/* Called for each data line with its columns (NUL-terminated, "-" kept as
 * given). Return KB_OK to go on; any other status stops the read and is
 * reported against that line with the message the callback put in msg. */
typedef kb_status (*kb_tsv_fn)(void *ctx, char **cols, int ncols, char *msg,
                               size_t msgsize);

/* Reads data file `name` (relative to the data directory: $KIBARU_DATA, else
 * the source tree's data/). Every data line must have exactly ncols columns. */
kb_status kb_tsv_read(const char *name, int ncols, kb_tsv_fn fn, void *ctx,
                      kb_error *err);

/* The same, from directory dir (NULL: the default data directory). */
kb_status kb_tsv_read_in(const char *dir, const char *name, int ncols,
                         kb_tsv_fn fn, void *ctx, kb_error *err);

/* The data directory in use. */
const char *kb_data_dir(void);

/* Splits a `|`-separated form list in place; returns the count (<= max). */
int kb_tsv_split_forms(char *s, char **forms, int max);
#endif
