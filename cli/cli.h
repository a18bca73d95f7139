/* Commands of the kibaru tool, one function each; main.c dispatches. */
#ifndef KB_CLI_H
#define KB_CLI_H
#include "kibaru.h"

#include <stdio.h>

/* Called with each cleaned document, to print to out; a status other than
 * KB_OK (with err filled) counts the document as skipped. The text is freed
 * after. With several jobs, fn runs on several threads at once: ctx must be
 * read-only. */
typedef kb_status (*cli_text_fn)(void *ctx, const kb_text *t, FILE *out,
                                 kb_error *err);
/* Threads for cli_each_text (--jobs N); 1 by default. */
extern int cli_jobs;
/* Parses "--jobs N" at argv[*i]: 1 taken, 0 not this option, -1 bad value
 * (said on stderr). */
int cli_jobs_option(int *i, int argc, char **argv, const char *cmd);
/* Runs fn over every document of every input, output in input order;
 * returns how many were skipped (each printed on stderr). With several
 * jobs, header (if not NULL) is printed before the first output. */
int cli_each_text(int argc, char **argv, cli_text_fn fn, void *ctx,
                  const char *header);
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
