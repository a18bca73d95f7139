/* kibaru ingest, fuse, events, clusters, show: argument parsing, progress
 * and printing around the store API of the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "kibaru.h"

static const char *default_db(void) {
  const char *env = getenv("KIBARU_DB");
  return env && *env ? env : "kibaru.db";
}

static void print_error(const char *cmd, const kb_error *e) {
  if (e->line > 0)
    fprintf(stderr, "kibaru %s: %s: record %lld: %s\n", cmd, e->input, e->line,
            e->message);
  else if (e->input[0])
    fprintf(stderr, "kibaru %s: %s: %s\n", cmd, e->input, e->message);
  else
    fprintf(stderr, "kibaru %s: %s\n", cmd, e->message);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "--name VALUE": 1 and *v set when argv[*i] is that option. */
static int opt(int argc, char **argv, int *i, const char *name,
               const char **v) {
  if (strcmp(argv[*i], name)) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "kibaru: %s needs a value\n", name);
    exit(2);
  }
  *v = argv[++*i];
  return 1;
}

static long parse_count(const char *name, const char *v, long min) {
  char *end;
  long n = strtol(v, &end, 10);
  if (*end || n < min) {
    fprintf(stderr, "kibaru: %s: bad number '%s'\n", name, v);
    exit(2);
  }
  return n;
}

/* ---- ingest ------------------------------------------------------------- */

typedef struct ingest {
  int progress, timings;
  long long total_bytes; /* of the inputs; -1 unknown (stdin, gzip, dirs) */
  double t0, last_progress;
  kb_ingest_progress last;
} ingest;

static const char ingest_help[] =
    "usage: kibaru ingest [--db FILE] [--batch N] [--jobs N] [--no-fuse]\n"
    "                     [--timings] [--quiet] INPUT...\n"
    "Cleans, analyses and extracts each document and stores it with its\n"
    "paragraphs, mentions and events in the SQLite database (default\n"
    "kibaru.db, or $KIBARU_DB), N documents per transaction (default 1000).\n"
    "Analysis runs on --jobs threads (default: one per core). A document\n"
    "whose cleaned text is already stored adds nothing. Cross-document\n"
    "fusion (syndication groups, event clusters) runs at the end unless\n"
    "--no-fuse. A progress line is shown when stderr is a terminal\n"
    "(--quiet hides it); --timings prints a summary with the time of each\n"
    "step. Exit status: 0 all stored, 1 some input skipped (named on\n"
    "stderr) or a database error, 2 usage error.\n";

static long long input_bytes(int argc, char **argv) {
  long long total = 0;
  for (int i = 0; i < argc; i++) {
    struct stat sb;
    size_t n = strlen(argv[i]);
    if (!strcmp(argv[i], "-") || stat(argv[i], &sb) || !S_ISREG(sb.st_mode) ||
        (n > 3 && !strcmp(argv[i] + n - 3, ".gz")))
      return -1;
    total += (long long)sb.st_size;
  }
  return total;
}

static void show_progress(ingest *g, int final) {
  double t = now();
  if (!g->progress || (!final && t - g->last_progress < 0.25)) return;
  g->last_progress = t;
  double el = t - g->t0 > 1e-6 ? t - g->t0 : 1e-6;
  double rate = (double)g->last.bytes / el;
  char eta[32] = "?";
  if (g->total_bytes > 0 && rate > 0) {
    double left = (double)(g->total_bytes - g->last.bytes) / rate;
    if (left < 0) left = 0;
    snprintf(eta, sizeof eta, "%d:%02d", (int)left / 60, (int)left % 60);
  }
  fprintf(stderr, "\r%lld documents  %.1f MB/s  %lld events  ETA %s   ",
          g->last.documents, rate / 1e6, g->last.events, eta);
  if (final) fputc('\n', stderr);
  fflush(stderr);
}

static void on_error(void *ctx, const kb_error *e) {
  ingest *g = ctx;
  if (g->progress) fputs("\r\033[K", stderr); /* clear the progress line */
  print_error("ingest", e);
}

static void on_progress(void *ctx, const kb_ingest_progress *p) {
  ingest *g = ctx;
  g->last = *p;
  show_progress(g, 0);
}

static void print_summary(const ingest *g, const kb_ingest_stats *st,
                          double ingest_s, const kb_fuse_stats *fs, int fused) {
  fprintf(stderr,
          "kibaru ingest: %lld documents read, %lld stored, %lld already "
          "stored, %lld events, %lld skipped; %.2f s (%.0f documents/s)\n",
          g->last.documents, st->docs_added, st->docs_present, st->events,
          g->last.skipped, ingest_s,
          ingest_s > 0 ? (double)g->last.documents / ingest_s : 0.0);
  if (fused)
    fprintf(stderr,
            "kibaru ingest: fusion: %lld documents grouped (%lld "
            "near-duplicates), %lld events, %lld new clusters, %lld grown, "
            "%lld comparisons, %.3f s\n",
            fs->documents, fs->near_duplicates, fs->events, fs->clusters_new,
            fs->clusters_grown, fs->comparisons, fs->seconds);
}

static int run_ingest(kb_store *s, const kb_lexicon *lex, int argc, char **argv,
                      kb_ingest_opts *o, int fuse) {
  ingest *g = o->ctx;
  kb_ingest_stats st = {0};
  kb_fuse_stats fs = {0};
  kb_error err = {0};
  g->total_bytes = input_bytes(argc, argv);
  g->t0 = g->last_progress = now();
  kb_status rc = kb_ingest_inputs(s, lex, (const char *const *)argv,
                                  (size_t)argc, o, &st, &err);
  double ingest_s = now() - g->t0;
  show_progress(g, 1);
  if (rc != KB_OK) print_error("ingest", &err);
  int fused = rc == KB_OK && fuse;
  if (fused && kb_store_fuse(s, &fs, &err) != KB_OK) {
    print_error("ingest", &err);
    rc = KB_ERR_DB;
    fused = 0;
  }
  if (g->progress || g->timings) print_summary(g, &st, ingest_s, &fs, fused);
  return rc != KB_OK || g->last.skipped ? 1 : 0;
}

int cmd_ingest(int argc, char **argv) {
  const char *db = default_db(), *v;
  ingest g = {.progress = isatty(2)};
  kb_ingest_opts o = {.batch = 1000,
                      .on_error = on_error,
                      .on_progress = on_progress,
                      .ctx = &g};
  int fuse = 1, i = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--help")) return fputs(ingest_help, stdout), 0;
    if (opt(argc, argv, &i, "--db", &db)) continue;
    if (opt(argc, argv, &i, "--batch", &v))
      o.batch = parse_count("--batch", v, 1);
    else if (opt(argc, argv, &i, "--jobs", &v))
      o.jobs = (int)parse_count("--jobs", v, 1);
    else if (!strcmp(argv[i], "--no-fuse"))
      fuse = 0;
    else if (!strcmp(argv[i], "--timings"))
      g.timings = 1;
    else if (!strcmp(argv[i], "--quiet"))
      g.progress = 0;
    else
      return fprintf(stderr, "kibaru ingest: unknown option '%s'\n", argv[i]),
             2;
  }
  if (i == argc) {
    fputs("kibaru ingest: no input (use - for stdin)\n", stderr);
    return 2;
  }
  kb_error err = {0};
  kb_store *s = kb_store_open(db, 0, &err);
  kb_lexicon *lex = s ? kb_lexicon_load(NULL, &err) : NULL;
  int rc = 1;
  if (!s || !lex)
    print_error("ingest", &err);
  else
    rc = run_ingest(s, lex, argc - i, argv + i, &o, fuse);
  kb_lexicon_free(lex);
  kb_store_free(s);
  return rc;
}

/* ---- fuse --------------------------------------------------------------- */

int cmd_fuse(int argc, char **argv) {
  const char *db = default_db();
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      puts("usage: kibaru fuse [--db FILE]\n"
           "Clusters the events not yet in a cluster (ingest does this at\n"
           "its end) and prints how long it took.");
      return 0;
    }
    if (!opt(argc, argv, &i, "--db", &db))
      return fprintf(stderr, "kibaru fuse: unknown option '%s'\n", argv[i]), 2;
  }
  kb_error err = {0};
  kb_store *s = kb_store_open(db, 0, &err);
  kb_fuse_stats fs = {0};
  if (!s || kb_store_fuse(s, &fs, &err) != KB_OK) {
    print_error("fuse", &err);
    kb_store_free(s);
    return 1;
  }
  fprintf(stderr,
          "kibaru fuse: %lld documents grouped (%lld near-duplicates), %lld "
          "events, %lld new clusters, %lld grown, %lld comparisons, %.3f s\n",
          fs.documents, fs.near_duplicates, fs.events, fs.clusters_new,
          fs.clusters_grown, fs.comparisons, fs.seconds);
  kb_store_free(s);
  return 0;
}

/* ---- events, clusters --------------------------------------------------- */

static const char query_help[] =
    "usage: kibaru %s [--db FILE] [--format table|jsonl|csv|geojson|plover]\n"
    "       [--type TYPE] [--actor CODE] [--since DATE] [--until DATE]\n"
    "       [--place NAME|CODE] [--min-sources N] [--modality M] [--q QUERY]\n"
    "       [--limit N] [--bom]\n"
    "%s"
    "Dates are YYYY, YYYY-MM or YYYY-MM-DD and compare at their precision.\n"
    "--actor matches source or target; --place a place name (case and\n"
    "accents ignored) or a country code; --min-sources counts independent\n"
    "publishers (a syndication group is one); --q is an SQLite FTS5 query\n"
    "over the documents' paragraphs (e.g. 'helicopt*', '\"Africa Corps\"').\n"
    "Formats: table (default); jsonl; csv (RFC 4180, UTF-8, CRLF; --bom\n"
    "starts it with a byte-order mark, which Excel needs to see UTF-8); "
    "geojson\n"
    "(one FeatureCollection, rows without coordinates left out); plover\n"
    "(PLOVER JSON records, one a line).\n";

static int parse_filter(int argc, char **argv, int *i, kb_filter *f) {
  const char *v;
  if (opt(argc, argv, i, "--type", &f->type) ||
      opt(argc, argv, i, "--actor", &f->actor) ||
      opt(argc, argv, i, "--since", &f->since) ||
      opt(argc, argv, i, "--until", &f->until) ||
      opt(argc, argv, i, "--place", &f->place) ||
      opt(argc, argv, i, "--modality", &f->modality) ||
      opt(argc, argv, i, "--q", &f->q))
    return 1;
  if (opt(argc, argv, i, "--min-sources", &v)) {
    f->min_sources = (int)parse_count("--min-sources", v, 0);
    return 1;
  }
  if (opt(argc, argv, i, "--limit", &v)) {
    f->limit = parse_count("--limit", v, 1);
    return 1;
  }
  return 0;
}

static int print_query(const char *cmd, kb_store *s, kb_query_what what,
                       const kb_filter *f, kb_output fmt, int bom) {
  kb_error err = {0};
  kb_query *q = kb_query_new(s, what, f, fmt, &err);
  if (!q) {
    print_error(cmd, &err);
    return err.code == KB_ERR_ARG ? 2 : 1;
  }
  const char *chunk;
  size_t len;
  kb_status st;
  if (bom && fmt == KB_OUTPUT_CSV) fputs("\xEF\xBB\xBF", stdout);
  while ((st = kb_query_next(q, &chunk, &len, &err)) == KB_OK)
    fwrite(chunk, 1, len, stdout);
  kb_query_free(q);
  if (st == KB_END) return 0;
  print_error(cmd, &err);
  return err.code == KB_ERR_ARG ? 2 : 1;
}

static int cmd_query(const char *cmd, kb_query_what what, const char *extra,
                     int argc, char **argv) {
  const char *db = default_db(), *format = "table";
  kb_filter f = {0};
  int bom = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) return printf(query_help, cmd, extra), 0;
    if (!strcmp(argv[i], "--bom")) {
      bom = 1;
      continue;
    }
    if (opt(argc, argv, &i, "--db", &db) ||
        opt(argc, argv, &i, "--format", &format) ||
        parse_filter(argc, argv, &i, &f))
      continue;
    fprintf(stderr, "kibaru %s: unknown argument '%s'\n", cmd, argv[i]);
    return 2;
  }
  kb_output fmt;
  if (kb_output_parse(format, &fmt)) {
    fprintf(stderr, "kibaru %s: unknown format '%s'\n", cmd, format);
    return 2;
  }
  kb_error err = {0};
  kb_store *s = kb_store_open(db, 1, &err);
  if (!s) {
    print_error(cmd, &err);
    return 1;
  }
  int rc = print_query(cmd, s, what, &f, fmt, bom);
  kb_store_free(s);
  return rc;
}

int cmd_events(int argc, char **argv) {
  return cmd_query("events", KB_QUERY_EVENTS,
                   "Events read back from the database; jsonl gives the "
                   "event record\nwith \"id\" and \"cluster\".\n",
                   argc, argv);
}

int cmd_clusters(int argc, char **argv) {
  return cmd_query("clusters", KB_QUERY_CLUSTERS,
                   "Cross-document clusters: consolidated fields by vote, "
                   "conflicts,\nindependent sources, earliest report and "
                   "(jsonl, plover) all evidence.\n",
                   argc, argv);
}

/* ---- show --------------------------------------------------------------- */

int cmd_show(int argc, char **argv) {
  const char *db = default_db(), *format = "text", *id = NULL;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      puts("usage: kibaru show [--db FILE] [--format text|json] ID\n"
           "ID: a cluster (cl-...), an event (ev-...) or a document (its\n"
           "input id or content hash). Prints it with all its sources and\n"
           "evidence sentences.");
      return 0;
    }
    if (opt(argc, argv, &i, "--db", &db) ||
        opt(argc, argv, &i, "--format", &format))
      continue;
    if (argv[i][0] == '-' || id)
      return fprintf(stderr, "kibaru show: unexpected '%s'\n", argv[i]), 2;
    id = argv[i];
  }
  if (!id || (strcmp(format, "text") && strcmp(format, "json"))) {
    fputs("kibaru show: need one ID; --format text or json\n", stderr);
    return 2;
  }
  kb_error err = {0};
  kb_store *s = kb_store_open(db, 1, &err);
  char *out = s ? kb_store_show(s, id,
                                strcmp(format, "json") ? KB_OUTPUT_TABLE
                                                       : KB_OUTPUT_JSONL,
                                &err)
                : NULL;
  if (out)
    fputs(out, stdout);
  else
    print_error("show", &err);
  free(out);
  kb_store_free(s);
  return out ? 0 : 1;
}
