#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kb_limits.h"

#ifndef KB_DATA_DIR
#define KB_DATA_DIR "data"
#endif

const char *kb_data_dir(void) {
  const char *d = getenv("KIBARU_DATA");
  return d && *d ? d : KB_DATA_DIR;
}

static void chomp(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    s[--n] = 0;
}

kb_status kb_tsv_read(const char *name, int ncols, kb_tsv_fn fn, void *ctx,
                      kb_error *err) {
  return kb_tsv_read_in(NULL, name, ncols, fn, ctx, err);
}

kb_status kb_tsv_read_in(const char *dir, const char *name, int ncols,
                         kb_tsv_fn fn, void *ctx, kb_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : kb_data_dir(), name);
  FILE *f = fopen(path, "r");
  if (!f)
    return kb_error_set(err, KB_ERR_LEXICON, path, 0, -1,
                        "cannot open lexicon: %s", strerror(errno));
  char line[KB_MAX_LEXICON_LINE];
  long long lineno = 0;
  kb_status st = KB_OK;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) {
      st = kb_error_set(err, KB_ERR_LEXICON, path, lineno, -1,
                        "line longer than %d bytes", KB_MAX_LEXICON_LINE);
      break;
    }
    chomp(line);
    if (line[0] == '#' || line[strspn(line, " \t")] == 0) continue;
    char *cols[KB_TSV_MAX_COLS];
    int n = 0;
    char *p = line;
    for (;;) {
      if (n == KB_TSV_MAX_COLS) {
        n++;
        break;
      }
      cols[n++] = p;
      char *tab = strchr(p, '\t');
      if (!tab) break;
      *tab = 0;
      p = tab + 1;
    }
    if (n != ncols) {
      st =
          kb_error_set(err, KB_ERR_LEXICON, path, lineno, -1,
                       "expected %d tab-separated columns, found %d", ncols, n);
      break;
    }
    char msg[256] = "";
    st = fn(ctx, cols, n, msg, sizeof msg);
    if (st != KB_OK) {
      kb_error_set(err, st, path, lineno, -1, "%s",
                   msg[0] ? msg : "invalid line");
      break;
    }
  }
  fclose(f);
  return st;
}

int kb_tsv_split_forms(char *s, char **forms, int max) {
  int n = 0;
  while (s && *s && n < max) {
    char *bar = strchr(s, '|');
    if (bar) *bar = 0;
    while (*s == ' ')
      s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
      s[--len] = 0;
    if (*s) forms[n++] = s;
    s = bar ? bar + 1 : NULL;
  }
  return n;
}
