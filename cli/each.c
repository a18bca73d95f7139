/* The loop every document command shares: open each input, read its
 * documents, clean them, hand each cleaned text on; print every skip on
 * stderr naming the input (and record), and count the skips. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_report(int *skipped, const kb_error *e) {
  if (e->line > 0)
    fprintf(stderr, "kibaru: %s: record %lld: %s\n", e->input, e->line,
            e->message);
  else
    fprintf(stderr, "kibaru: %s: %s\n", e->input, e->message);
  (*skipped)++;
}

/* A later stage refused a document: name its file and record too, as an
 * id alone (a WARC record's UUID) does not say where to look. */
static void report_doc(int *skipped, const kb_error *at, const kb_doc *d,
                       kb_error *e) {
  if (at->input[0] && strcmp(at->input, d->id)) {
    char msg[sizeof e->message];
    memcpy(msg, e->message, sizeof msg);
    snprintf(e->message, sizeof e->message, "%.200s: %.300s", d->id, msg);
    snprintf(e->input, sizeof e->input, "%s", at->input);
    e->line = at->line;
  }
  cli_report(skipped, e);
}

static void each_in(const char *path, cli_text_fn fn, void *ctx, int *skipped) {
  kb_error err = {0};
  kb_reader *r = kb_reader_open(path, &err);
  if (!r) {
    cli_report(skipped, &err);
    return;
  }
  for (;;) {
    const kb_doc *d = NULL;
    memset(&err, 0, sizeof err);
    kb_status st = kb_reader_next(r, &d, &err);
    if (st == KB_END) break;
    if (st != KB_OK) {
      cli_report(skipped, &err);
      continue;
    }
    kb_error at = err; /* the reader says where d came from */
    memset(&err, 0, sizeof err);
    kb_text *t = kb_clean(d, &err);
    if (!t || fn(ctx, t, &err) != KB_OK) report_doc(skipped, &at, d, &err);
    kb_text_free(t);
  }
  kb_reader_free(r);
}

int cli_each_text(int argc, char **argv, cli_text_fn fn, void *ctx) {
  int skipped = 0;
  for (int i = 0; i < argc; i++)
    each_in(argv[i], fn, ctx, &skipped);
  return skipped;
}
