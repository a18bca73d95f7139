/* kibaru command-line tool: parses arguments, calls the library, prints.
 * Exit status: 0 all inputs processed, 1 something was skipped (each skip
 * printed on stderr naming the input), 2 usage error. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kibaru.h"

typedef struct cli {
  const char *format;
  int skipped;
} cli;

static void set_or_null(json_t *o, const char *k, const char *v) {
  json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static kb_status print_text(void *ctx, const kb_text *t, FILE *out,
                            kb_error *err) {
  (void)err;
  const cli *c = ctx;
  if (!strcmp(c->format, "jsonl")) {
    json_t *o = json_object();
    set_or_null(o, "doc", t->doc_id);
    set_or_null(o, "url", t->url);
    set_or_null(o, "title", t->title);
    set_or_null(o, "published", t->published);
    set_or_null(o, "publisher", t->publisher);
    set_or_null(o, "lang", t->lang);
    json_object_set_new(o, "text", json_stringn(t->text, t->text_len));
    json_object_set_new(o, "body_start",
                        json_integer((json_int_t)t->body_start));
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    if (s) fprintf(out, "%s\n", s);
    free(s);
    json_decref(o);
  } else {
    fprintf(out, "==> %s\n%.*s\n\n", t->doc_id, (int)t->text_len, t->text);
  }
  return KB_OK;
}

static int usage(FILE *f, int status) {
  fputs(
      "usage: kibaru COMMAND [OPTIONS] INPUT...\n"
      "\n"
      "commands:\n"
      "  text [--format text|jsonl] INPUT...      cleaned main text\n"
      "  mentions [--format jsonl|text] INPUT...  actors, equipment, places,\n"
      "                                           dates, quantities\n"
      "  extract [--format jsonl|csv] INPUT...    events, no database\n"
      "                                           (--jobs N: N threads)\n"
      "  eval --gold GOLD.jsonl PRED.jsonl        precision, recall, F1\n"
      "  ingest [--db FILE] INPUT...              into the database\n"
      "  events [--db FILE] [filters] [--format F] events stored\n"
      "  clusters [--db FILE] [filters] [--format F]\n"
      "                                           one event across outlets\n"
      "  show [--db FILE] ID                      a cluster, event or "
      "document\n"
      "  fuse [--db FILE]                         cluster pending events\n"
      "  serve [--db FILE] [--bind A] [--port N]  the web page and its API\n"
      "\n"
      "INPUT: .txt, .html, .htm, .jsonl, .warc, .warc.gz, any of them\n"
      "gzip-compressed, a directory (recursive), or - for stdin.\n"
      "Run 'kibaru COMMAND --help' for a command's options.\n",
      f);
  return status;
}

static int cmd_text(int argc, char **argv) {
  cli c = {.format = "text"};
  int i = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--help")) {
      puts("usage: kibaru text [--format text|jsonl] [--jobs N] INPUT...\n"
           "Prints each document's title and cleaned main text.\n"
           "jsonl: {\"doc\",\"title\",\"published\",\"publisher\",\"lang\","
           "\"text\"} a line.");
      return 0;
    }
    int j = cli_jobs_option(&i, argc, argv, "text");
    if (j < 0) return 2;
    if (j) continue;
    if (!strcmp(argv[i], "--format") && i + 1 < argc) {
      c.format = argv[++i];
      if (strcmp(c.format, "text") && strcmp(c.format, "jsonl")) {
        fprintf(stderr, "kibaru text: unknown format '%s'\n", c.format);
        return 2;
      }
    } else {
      fprintf(stderr, "kibaru text: unknown option '%s'\n", argv[i]);
      return 2;
    }
  }
  if (i == argc) {
    fputs("kibaru text: no input (use - for stdin)\n", stderr);
    return 2;
  }
  c.skipped = cli_each_text(argc - i, argv + i, print_text, &c, NULL);
  return c.skipped ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage(stderr, 2);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "help")) return usage(stdout, 0);
  if (!strcmp(cmd, "--version")) {
    puts("kibaru " KB_VERSION);
    return 0;
  }
  if (!strcmp(cmd, "text")) return cmd_text(argc - 2, argv + 2);
  if (!strcmp(cmd, "mentions")) return cmd_mentions(argc - 2, argv + 2);
  if (!strcmp(cmd, "extract")) return cmd_extract(argc - 2, argv + 2);
  if (!strcmp(cmd, "eval")) return cmd_eval(argc - 2, argv + 2);
  if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 2, argv + 2);
  if (!strcmp(cmd, "fuse")) return cmd_fuse(argc - 2, argv + 2);
  if (!strcmp(cmd, "events")) return cmd_events(argc - 2, argv + 2);
  if (!strcmp(cmd, "clusters")) return cmd_clusters(argc - 2, argv + 2);
  if (!strcmp(cmd, "show")) return cmd_show(argc - 2, argv + 2);
  if (!strcmp(cmd, "serve")) return cmd_serve(argc - 2, argv + 2);
  fprintf(stderr, "kibaru: unknown command '%s'\n", cmd);
  return usage(stderr, 2);
}
