/* Commands of the kibaru tool, one function each; main.c dispatches. */
#ifndef KB_CLI_H
#define KB_CLI_H
#include "kibaru.h"

/* Called with each cleaned document; a status other than KB_OK (with err
 * filled) counts the document as skipped. The text is freed after. */
typedef kb_status (*cli_text_fn)(void *ctx, const kb_text *t, kb_error *err);
/* Runs fn over every document of every input; returns how many were
 * skipped (each printed on stderr). */
int cli_each_text(int argc, char **argv, cli_text_fn fn, void *ctx);
void cli_report(int *skipped, const kb_error *e);

int cmd_mentions(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_fuse(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_clusters(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_serve(int argc, char **argv);
#endif
