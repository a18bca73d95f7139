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
  kb_store *store;
  kb_lexicon *lex;
  long batch;
  int progress, timings, skipped, fatal, tx_open;
  long in_batch; /* documents in the open transaction */
  kb_ingest_stats stats;
  long long docs_seen, bytes;
  long long total_bytes; /* of the inputs; -1 unknown (stdin, gzip, dirs) */
  double t0, last_progress, analysis_s, store_s;
} ingest;

static const char ingest_help[] =
    "usage: kibaru ingest [--db FILE] [--batch N] [--no-fuse] [--timings]\n"
    "                     [--quiet] INPUT...\n"
    "Cleans, analyses and extracts each document and stores it with its\n"
    "paragraphs, mentions and events in the SQLite database (default\n"
    "kibaru.db, or $KIBARU_DB), N documents per transaction (default 1000).\n"
    "A document whose cleaned text is already stored adds nothing. Cross-\n"
    "document fusion (syndication groups, event clusters) runs at the end\n"
    "unless --no-fuse. A progress line is shown when stderr is a terminal\n"
    "(--quiet hides it); --timings prints where the time went.\n"
    "Exit status: 0 all stored, 1 some input skipped (named on stderr) or a\n"
    "database error, 2 usage error.\n";

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
  double mbs = (double)g->bytes / el / 1e6;
  char eta[32] = "?";
  if (g->total_bytes > 0 && g->bytes > 0) {
    double left = (double)(g->total_bytes - g->bytes) / ((double)g->bytes / el);
    if (left < 0) left = 0;
    snprintf(eta, sizeof eta, "%d:%02d", (int)left / 60, (int)left % 60);
  }
  fprintf(stderr, "\r%lld documents  %.1f MB/s  %lld events  ETA %s   ",
          g->docs_seen, mbs, g->stats.events, eta);
  if (final) fputc('\n', stderr);
  fflush(stderr);
}

static int commit_batch(ingest *g) {
  kb_error err = {0};
  if (!g->tx_open) return 0;
  g->tx_open = 0;
  g->in_batch = 0;
  if (kb_store_commit(g->store, &err) == KB_OK) return 0;
  print_error("ingest", &err);
  g->fatal = 1;
  return -1;
}

static int open_batch(ingest *g) {
  kb_error err = {0};
  if (g->tx_open) return 0;
  if (kb_store_begin(g->store, &err) == KB_OK) {
    g->tx_open = 1;
    return 0;
  }
  print_error("ingest", &err);
  g->fatal = 1;
  return -1;
}

/* Store errors stop the run: the disk is full or the file is broken, and
 * going on would report every later document as failed. */
static void store_doc(ingest *g, const kb_text *t) {
  kb_error err = {0};
  kb_analysis *a = NULL;
  const kb_mention *m = NULL;
  const kb_event *ev = NULL;
  size_t nm = 0, ne = 0;
  double t1 = now();
  if (kb_store_contains(g->store, t) != 1) {
    a = kb_analyse(g->lex, t, &err);
    if (!a) {
      print_error("ingest", &err);
      g->skipped++;
      return;
    }
    nm = kb_analysis_mentions(a, &m);
    ne = kb_extract(a, &ev);
  }
  double t2 = now();
  g->analysis_s += t2 - t1;
  kb_status st = kb_store_add(g->store, t, m, nm, ev, ne, &g->stats, &err);
  g->store_s += now() - t2;
  if (st == KB_ERR_DB) g->fatal = 1;
  if (st != KB_OK) {
    print_error("ingest", &err);
    g->skipped++;
  }
  kb_analysis_free(a);
}

static void ingest_doc(ingest *g, const kb_doc *d) {
  kb_error err = {0};
  double t1 = now();
  kb_text *t = kb_clean(d, &err);
  g->analysis_s += now() - t1;
  g->docs_seen++;
  g->bytes += (long long)d->raw_len;
  if (!t) {
    print_error("ingest", &err);
    g->skipped++;
    return;
  }
  if (open_batch(g) == 0) store_doc(g, t);
  kb_text_free(t);
  if (!g->fatal && ++g->in_batch >= g->batch) commit_batch(g);
  show_progress(g, 0);
}

static void ingest_input(ingest *g, const char *path) {
  kb_error err = {0};
  kb_reader *r = kb_reader_open(path, &err);
  if (!r) {
    print_error("ingest", &err);
    g->skipped++;
    return;
  }
  while (!g->fatal) {
    const kb_doc *d = NULL;
    memset(&err, 0, sizeof err);
    kb_status st = kb_reader_next(r, &d, &err);
    if (st == KB_END) break;
    if (st == KB_OK) {
      ingest_doc(g, d);
    } else {
      print_error("ingest", &err);
      g->skipped++;
    }
  }
  kb_reader_free(r);
}

static void print_summary(const ingest *g, const kb_fuse_stats *fs, int fused) {
  double el = now() - g->t0;
  fprintf(stderr,
          "kibaru ingest: %lld documents read, %lld stored, %lld already "
          "stored, %lld events, %d skipped; %.2f s (%.0f documents/s)\n",
          g->docs_seen, g->stats.docs_added, g->stats.docs_present,
          g->stats.events, g->skipped, el,
          el > 0 ? (double)g->docs_seen / el : 0.0);
  if (g->timings)
    fprintf(stderr,
            "kibaru ingest: timings: clean+analyse+extract %.2f s, store "
            "%.2f s\n",
            g->analysis_s, g->store_s);
  if (fused)
    fprintf(stderr,
            "kibaru ingest: fusion: %lld documents grouped (%lld "
            "near-duplicates), %lld events, %lld new clusters, %lld grown, "
            "%lld comparisons, %.3f s\n",
            fs->documents, fs->near_duplicates, fs->events, fs->clusters_new,
            fs->clusters_grown, fs->comparisons, fs->seconds);
}

static int run_fusion(ingest *g, kb_fuse_stats *fs) {
  kb_error err = {0};
  if (kb_store_fuse(g->store, fs, &err) == KB_OK) return 0;
  print_error("ingest", &err);
  return -1;
}

static int ingest_inputs(ingest *g, int argc, char **argv, int fuse) {
  g->total_bytes = input_bytes(argc, argv);
  g->t0 = g->last_progress = now();
  for (int i = 0; i < argc && !g->fatal; i++)
    ingest_input(g, argv[i]);
  if (g->fatal)
    kb_store_rollback(g->store);
  else
    commit_batch(g);
  show_progress(g, 1);
  kb_fuse_stats fs = {0};
  int fused = !g->fatal && fuse;
  if (fused && run_fusion(g, &fs)) g->fatal = 1;
  if (g->progress || g->timings) print_summary(g, &fs, fused && !g->fatal);
  return g->fatal || g->skipped ? 1 : 0;
}

int cmd_ingest(int argc, char **argv) {
  const char *db = default_db(), *v;
  ingest g = {.batch = 1000, .progress = isatty(2)};
  int fuse = 1, i = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--help")) return fputs(ingest_help, stdout), 0;
    if (opt(argc, argv, &i, "--db", &db)) continue;
    if (opt(argc, argv, &i, "--batch", &v))
      g.batch = parse_count("--batch", v, 1);
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
  g.store = kb_store_open(db, 0, &err);
  if (g.store) g.lex = kb_lexicon_load(NULL, &err);
  int rc = 1;
  if (!g.store || !g.lex)
    print_error("ingest", &err);
  else
    rc = ingest_inputs(&g, argc - i, argv + i, fuse);
  kb_lexicon_free(g.lex);
  kb_store_free(g.store);
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
