/* Store, near-duplicates, fusion and queries, against the library with the
 * hand-built multi-outlet set of store_fixture.h (no extraction needed). */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "daterange.h"
#include "minhash.h"
#include "store_fixture.h"
#include "test.h"

static char db_path[256];

static void fresh_db(const char *name) {
  const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(db_path, sizeof db_path, "%s/kb_test_%s_%d.db", dir, name,
           (int)getpid());
  char aux[300];
  unlink(db_path);
  snprintf(aux, sizeof aux, "%s-wal", db_path);
  unlink(aux);
  snprintf(aux, sizeof aux, "%s-shm", db_path);
  unlink(aux);
}

static long long count(const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  long long n = -1;
  if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

/* One text value of a query with one text parameter. */
static char *value(const char *sql, const char *param) {
  sqlite3 *db;
  sqlite3_stmt *st;
  char *v = NULL;
  if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      v = strdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

/* ---- dates -------------------------------------------------------------- */

static void test_dates(void) {
  kb_dr a, b;
  char s[11];
  CHECK(kb_dr_parse("2021-09", &a) == KB_DR_MONTH);
  CHECK(kb_dr_parse("2021-09-30", &b) == KB_DR_DAY);
  CHECK(kb_dr_nested(&a, &b) && kb_dr_gap(&a, &b) == 0);
  kb_dr_format(a.hi, s);
  CHECK_STR(s, "2021-09-30");
  CHECK(kb_dr_parse("2024-02", &a) == KB_DR_MONTH);
  kb_dr_format(a.hi, s);
  CHECK_STR(s, "2024-02-29");
  CHECK(kb_dr_parse("2024", &a) == KB_DR_YEAR);
  kb_dr_format(a.lo, s);
  CHECK_STR(s, "2024-01-01");
  CHECK(kb_dr_parse("2025-01-30", &a) && kb_dr_parse("2025-01-31", &b));
  CHECK(kb_dr_gap(&a, &b) == 1 && !kb_dr_nested(&a, &b));
  CHECK(kb_dr_parse("20245", &a) == KB_DR_NONE);
  CHECK(kb_dr_parse(NULL, &a) == KB_DR_NONE);
  CHECK(kb_dr_parse("2023-02-29", &a) == KB_DR_MONTH); /* no such day */
  kb_dr_format(kb_dr_days(1969, 12, 31), s);
  CHECK_STR(s, "1969-12-31");
}

/* ---- migrations --------------------------------------------------------- */

static void test_migrations(void) {
  kb_error err = {0};
  fresh_db("migrate");
  /* A database left at version 1 by an older kibaru, with a document. */
  sqlite3 *db;
  CHECK(sqlite3_open(db_path, &db) == SQLITE_OK);
  extern const char *kb_store_migration(int);
  CHECK(sqlite3_exec(db, kb_store_migration(1), NULL, NULL, NULL) == 0);
  CHECK(sqlite3_exec(db,
                     "INSERT INTO documents(hash, input_id, body_start, text,"
                     " n_paragraphs, n_mentions, n_events, ingested)"
                     " VALUES('h', 'old', 0, 'x', 0, 0, 0, 'now');"
                     "PRAGMA user_version = 1;",
                     NULL, NULL, NULL) == 0);
  sqlite3_close(db);
  kb_store *ro = kb_store_open(db_path, 1, &err);
  CHECK(ro == NULL && err.code == KB_ERR_DB && strstr(err.message, "older"));
  kb_store *s = kb_store_open(db_path, 0, &err);
  CHECK(s != NULL);
  CHECK(kb_store_schema_version(s) == kb_store_schema_latest());
  CHECK(kb_store_schema_latest() >= 2);
  kb_store_free(s);
  CHECK(count("SELECT count(*) FROM documents WHERE input_id = 'old'") == 1);
  CHECK(count("SELECT count(*) FROM clusters") == 0);
  char *mode = value("PRAGMA journal_mode", NULL);
  CHECK_STR(mode, "wal");
  free(mode);
  /* A newer kibaru's database is refused, not damaged. */
  CHECK(sqlite3_open(db_path, &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close(db);
  memset(&err, 0, sizeof err);
  CHECK(kb_store_open(db_path, 0, &err) == NULL);
  CHECK(strstr(err.message, "newer") != NULL);
  CHECK(kb_store_open("", 0, &err) == NULL && err.code == KB_ERR_ARG);
}

/* ---- re-ingest ---------------------------------------------------------- */

static long long total_rows(void) {
  static const char *const tables[] = {
      "documents", "document_copies", "paragraphs", "mentions",
      "events",    "event_equipment", "doc_sketch", "clusters"};
  long long n = 0;
  char sql[128];
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
    n += count(sql);
  }
  return n;
}

static void test_reingest(void) {
  kb_error err = {0};
  kb_ingest_stats st = {0};
  kb_fuse_stats fs;
  fresh_db("reingest");
  kb_store *s = kb_store_open(db_path, 0, &err);
  CHECK(fx_ingest(s, 0, 1, &st, &err) == KB_OK);
  CHECK(st.docs_added == (long long)FX_N_DOCS && st.docs_present == 0);
  CHECK(st.events == (long long)FX_N_EVENTS);
  CHECK(kb_store_fuse(s, &fs, &err) == KB_OK);
  CHECK(fs.events == (long long)FX_N_EVENTS);
  long long before = total_rows();
  CHECK(count("SELECT count(*) FROM paragraphs_fts") > 0);
  memset(&st, 0, sizeof st);
  CHECK(fx_ingest(s, 0, 1, &st, &err) == KB_OK);
  CHECK(st.docs_added == 0 && st.docs_present == (long long)FX_N_DOCS);
  CHECK(kb_store_fuse(s, &fs, &err) == KB_OK && fs.events == 0);
  CHECK(total_rows() == before);
  /* Every document is whole: all its paragraphs and events are there. */
  CHECK(count("SELECT count(*) FROM documents d WHERE n_paragraphs !="
              " (SELECT count(*) FROM paragraphs p WHERE p.doc = d.id)"
              " OR n_events != (SELECT count(*) FROM events e"
              " WHERE e.doc = d.id)") == 0);
  /* The same text under another id is recorded as a copy, once. */
  fx_text x;
  fx_doc copy = fx_docs[0];
  copy.id = "a1-mirror";
  copy.url = "https://mirror.example/a1";
  fx_text_make(&x, &copy);
  for (int k = 0; k < 2; k++) {
    CHECK(kb_store_begin(s, &err) == KB_OK);
    CHECK(kb_store_add(s, &x.t, NULL, 0, NULL, 0, NULL, &err) == KB_OK);
    CHECK(kb_store_commit(s, &err) == KB_OK);
  }
  CHECK(kb_store_contains(s, &x.t) == 1);
  fx_text_free(&x);
  CHECK(count("SELECT count(*) FROM document_copies") == 1);
  CHECK(total_rows() == before + 1);
  /* Outside a batch, adding is refused. */
  fx_text_make(&x, &fx_docs[1]);
  CHECK(kb_store_add(s, &x.t, NULL, 0, NULL, 0, NULL, &err) == KB_ERR_ARG);
  fx_text_free(&x);
  kb_store_free(s);
}

/* ---- near-duplicates ---------------------------------------------------- */

static double similarity(const char *a, const char *b) {
  kb_minhash ma, mb;
  kb_minhash_text(a, strlen(a), &ma);
  kb_minhash_text(b, strlen(b), &mb);
  return kb_minhash_similarity(ma.sig, mb.sig);
}

static void test_neardup(void) {
  const char *w1 = fx_docs[11].body, *w2 = fx_docs[12].body;
  const char *w3 = fx_docs[13].body, *w4 = fx_docs[14].body;
  const char *w5 = fx_docs[15].body;
  CHECK(similarity(w1, w1) == 1.0);
  CHECK(similarity(w1, w2) >= KB_MH_THRESHOLD);
  CHECK(similarity(w1, w3) >= KB_MH_THRESHOLD);
  CHECK(similarity(w1, w4) >= KB_MH_THRESHOLD);
  CHECK(similarity(w1, w5) < 0.2);
  CHECK(similarity(w1, fx_docs[0].body) < 0.2);
  fprintf(stderr, "minhash: w1~w2 %.2f w1~w3 %.2f w1~w4 %.2f w1~w5 %.2f\n",
          similarity(w1, w2), similarity(w1, w3), similarity(w1, w4),
          similarity(w1, w5));
  /* In the store: the wire story and its copies form one group; the
   * outlet that wrote its own article does not join it. */
  const char *group = "SELECT g.input_id FROM documents d JOIN documents g"
                      " ON g.id = coalesce(d.syn_group, d.id)"
                      " WHERE d.input_id = ?1";
  for (int i = 11; i <= 14; i++) {
    char *g = value(group, fx_docs[i].id);
    CHECK_STR(g, "w1");
    free(g);
  }
  char *g5 = value(group, "w5");
  CHECK_STR(g5, "w5");
  free(g5);
  CHECK(count("SELECT count(*) FROM documents WHERE syn_group != id") == 3);
}

/* ---- fusion ------------------------------------------------------------- */

typedef struct assignment {
  const char *label;
  char cluster[24];
} assignment;

static void cluster_of(size_t i, char out[24]) {
  const fx_event *f = &fx_events[i];
  int seq = 0;
  for (size_t k = 0; k < i; k++)
    seq += !strcmp(fx_events[k].doc, f->doc);
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT c.uid FROM events e JOIN documents d ON d.id = e.doc"
           " JOIN clusters c ON c.id = e.cluster"
           " WHERE d.input_id = ?1 AND e.seq = %d",
           seq);
  char *v = value(sql, f->doc);
  snprintf(out, 24, "%s", v ? v : "none");
  free(v);
}

/* Purity: each cluster is mostly one real event. Recall (inverse purity):
 * each real event is mostly in one cluster. */
static void purity_recall(const assignment *a, size_t n, double *purity,
                          double *recall) {
  size_t p = 0, r = 0;
  for (size_t i = 0; i < n; i++) {
    size_t best_l = 0, best_c = 0;
    for (size_t j = 0; j < n; j++) {
      size_t same_l = 0, same_c = 0;
      for (size_t k = 0; k < n; k++) {
        if (!strcmp(a[k].cluster, a[j].cluster) &&
            !strcmp(a[k].label, a[j].label)) {
          same_l += !strcmp(a[k].cluster, a[i].cluster);
          same_c += !strcmp(a[k].label, a[i].label);
        }
      }
      if (!strcmp(a[j].cluster, a[i].cluster) && same_l > best_l)
        best_l = same_l;
      if (!strcmp(a[j].label, a[i].label) && same_c > best_c) best_c = same_c;
    }
    /* Each member of cluster C adds (majority label count)/|C|: summed
     * over members that is the majority count. */
    size_t size_c = 0, size_l = 0;
    for (size_t k = 0; k < n; k++) {
      size_c += !strcmp(a[k].cluster, a[i].cluster);
      size_l += !strcmp(a[k].label, a[i].label);
    }
    p += best_l * 1000 / size_c;
    r += best_c * 1000 / size_l;
  }
  *purity = p / 1000.0 / n;
  *recall = r / 1000.0 / n;
}

static void check_clusters(const char *when) {
  assignment a[FX_N_EVENTS];
  for (size_t i = 0; i < FX_N_EVENTS; i++) {
    a[i].label = fx_events[i].label;
    cluster_of(i, a[i].cluster);
  }
  double purity, recall;
  purity_recall(a, FX_N_EVENTS, &purity, &recall);
  fprintf(stderr, "fusion %s: purity %.3f recall %.3f\n", when, purity, recall);
  CHECK(purity == 1.0);
  CHECK(recall == 1.0);
}

/* A column of the cluster that holds the first event of doc. */
static char *cluster_field(const char *field, const char *doc) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT %s FROM clusters c JOIN events e ON e.cluster = c.id"
           " JOIN documents d ON d.id = e.doc WHERE d.input_id = ?1"
           " ORDER BY e.seq LIMIT 1",
           field);
  return value(sql, doc);
}

static void check_field(const char *field, const char *doc, const char *want) {
  char *v = cluster_field(field, doc);
  CHECK_STR(v, want);
  free(v);
}

static void test_fusion(void) {
  check_clusters("one batch");
  /* Consolidation: votes, conflicts, independent sources, earliest. */
  check_field("c.n_sources", "w1", "2"); /* wire + copies, and w5 */
  check_field("c.n_docs", "w1", "5");
  check_field("c.n_sources", "a1", "4");
  check_field("c.date", "a1", "2024-11-16");
  check_field("c.earliest", "a1", "2024-11-17");
  check_field("c.source", "a4", "RUS");
  check_field("c.date", "s1", "2021-09-30");
  check_field("c.conflicts", "s1", "[]");
  check_field("c.place", "k4", "Kidal");
  check_field("c.n_events", "m1", "3");
  char *v = cluster_field("c.conflicts", "a1");
  CHECK(v && strstr(v, "\"quantity\"") && strstr(v, "\"value\":2") &&
        strstr(v, "\"value\":4"));
  CHECK(v && !strstr(v, "\"date\"")); /* 2024-11 contains 2024-11-16 */
  free(v);
  v = cluster_field("c.conflicts", "c1");
  CHECK(v && strstr(v, "2025-01-30") && strstr(v, "2025-01-31"));
  free(v);
  v = cluster_field("c.equipment", "e1");
  CHECK(v && strstr(v, "\"quantity\":4") && strstr(v, "TB2"));
  free(v);
  /* Cluster ids are the founding event's hash. */
  CHECK(
      count("SELECT count(*) FROM clusters c JOIN events e"
            " ON e.id = c.founder WHERE c.uid != 'cl-' || substr(e.uid, 4)") ==
      0);
}

/* Every other document, fuse, then the rest: the clusters found first keep
 * their ids and their events, and the later reports join them. */
static void test_stable_ids(void) {
  kb_error err = {0};
  fresh_db("stable");
  kb_store *s = kb_store_open(db_path, 0, &err);
  CHECK(fx_ingest(s, 0, 2, NULL, &err) == KB_OK);
  CHECK(kb_store_fuse(s, NULL, &err) == KB_OK);
  char before[FX_N_EVENTS][24];
  for (size_t i = 0; i < FX_N_EVENTS; i++)
    cluster_of(i, before[i]);
  CHECK(fx_ingest(s, 1, 2, NULL, &err) == KB_OK);
  kb_fuse_stats fs;
  CHECK(kb_store_fuse(s, &fs, &err) == KB_OK);
  CHECK(fs.clusters_grown > 0);
  for (size_t i = 0; i < FX_N_EVENTS; i++) {
    if (!strcmp(before[i], "none")) continue;
    char now[24];
    cluster_of(i, now);
    CHECK_STR(now, before[i]);
  }
  check_clusters("two batches");
  /* w2 and w4 came first and made the group; w1 and w3 joined it. */
  char *g[5];
  for (int i = 0; i < 5; i++)
    g[i] = value("SELECT coalesce(syn_group, id) FROM documents"
                 " WHERE input_id = ?1",
                 fx_docs[11 + i].id);
  CHECK(g[0] && g[1] && g[2] && g[3] && g[4]);
  CHECK(g[0] && g[1] && !strcmp(g[0], g[1]));
  CHECK(g[0] && g[2] && !strcmp(g[0], g[2]));
  CHECK(g[0] && g[3] && !strcmp(g[0], g[3]));
  CHECK(g[0] && g[4] && strcmp(g[0], g[4]));
  for (int i = 0; i < 5; i++)
    free(g[i]);
  kb_store_free(s);
}

/* ---- queries ------------------------------------------------------------ */

static char *run_query(kb_store *s, kb_query_what w, const kb_filter *f,
                       kb_output fmt, long long *rows) {
  kb_error err = {0};
  kb_query *q = kb_query_new(s, w, f, fmt, &err);
  if (!q) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *all = malloc(cap);
  const char *chunk;
  size_t n;
  while (kb_query_next(q, &chunk, &n, &err) == KB_OK) {
    while (len + n + 1 > cap)
      all = realloc(all, cap *= 2);
    memcpy(all + len, chunk, n);
    len += n;
  }
  all[len] = 0;
  if (rows) *rows = kb_query_rows(q);
  kb_query_free(q);
  return all;
}

static long long rows_of(kb_store *s, kb_query_what w, kb_filter f) {
  long long n = -1;
  free(run_query(s, w, &f, KB_OUTPUT_JSONL, &n));
  return n;
}

static void test_filters(kb_store *s) {
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){0}) == (long long)FX_N_EVENTS);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.type = "withdrawal"}) == 4);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.actor = "tur"}) == 6);
  CHECK(rows_of(s, KB_QUERY_CLUSTERS, (kb_filter){.actor = "RUS"}) == 5);
  /* since 2021-09-30 keeps the month-precise "2021-09" reports. */
  CHECK(rows_of(s, KB_QUERY_EVENTS,
                (kb_filter){.since = "2021-09-30", .until = "2021-12"}) == 3);
  CHECK(rows_of(s, KB_QUERY_EVENTS,
                (kb_filter){.since = "2025-01-31", .type = "WITHDRAWAL"}) == 2);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.place = "senou"}) == 1);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.place = "BFA"}) == 6);
  CHECK(rows_of(s, KB_QUERY_CLUSTERS, (kb_filter){.min_sources = 4}) >= 2);
  CHECK(rows_of(s, KB_QUERY_EVENTS,
                (kb_filter){.min_sources = 3, .type = "DEPLOYMENT"}) == 0);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.modality = "hedged"}) == 2);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.q = "Kossei"}) == 2);
  CHECK(rows_of(s, KB_QUERY_CLUSTERS, (kb_filter){.q = "gendarmerie"}) == 1);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.q = "helicopt*"}) >= 4);
  CHECK(rows_of(s, KB_QUERY_EVENTS, (kb_filter){.limit = 3}) == 3);
  kb_error err = {0};
  CHECK(kb_query_new(s, KB_QUERY_EVENTS, &(kb_filter){.since = "24/11/2024"},
                     KB_OUTPUT_CSV, &err) == NULL &&
        err.code == KB_ERR_ARG);
  kb_query *q = kb_query_new(s, KB_QUERY_EVENTS, &(kb_filter){.q = "\"open"},
                             KB_OUTPUT_JSONL, &err);
  const char *c;
  size_t n;
  CHECK(q && kb_query_next(q, &c, &n, &err) == KB_ERR_ARG);
  kb_query_free(q);
}

static void test_formats(kb_store *s) {
  long long rows;
  char *out = run_query(s, KB_QUERY_EVENTS, NULL, KB_OUTPUT_JSONL, &rows);
  json_t *first = out ? json_loads(out, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
  CHECK(first && json_is_string(json_object_get(first, "id")));
  CHECK(first && json_is_string(json_object_get(first, "cluster")));
  CHECK(first && json_is_string(json_object_get(first, "type")));
  CHECK(first && json_is_object(json_object_get(first, "evidence")));
  json_decref(first);
  free(out);
  out = run_query(s, KB_QUERY_EVENTS, NULL, KB_OUTPUT_CSV, &rows);
  CHECK(out && !strncmp(out, "id,cluster,doc,", 15));
  CHECK(out && strstr(out, "\r\n") &&
        strstr(out, ",\"Des jihadistes du JNIM ont visé mardi l'école de "
                    "gendarmerie, dans la capitale.\","));
  free(out);
  out = run_query(s, KB_QUERY_CLUSTERS, NULL, KB_OUTPUT_GEOJSON, &rows);
  json_t *fc = out ? json_loads(out, 0, NULL) : NULL;
  CHECK(fc && !strcmp(json_string_value(json_object_get(fc, "type")),
                      "FeatureCollection"));
  CHECK(fc &&
        json_array_size(json_object_get(fc, "features")) == (size_t)rows &&
        rows > 3);
  json_decref(fc);
  free(out);
  out = run_query(s, KB_QUERY_EVENTS, &(kb_filter){.place = "Kidal"},
                  KB_OUTPUT_PLOVER, &rows);
  json_t *p = out ? json_loads(out, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
  CHECK(p && rows == 1);
  CHECK(p && !strcmp(json_string_value(
                         json_array_get(json_object_get(p, "event"), 0)),
                     "ASSAULT"));
  CHECK(p &&
        !strcmp(json_string_value(json_object_get(
                    json_array_get(json_object_get(p, "actor"), 0), "code")),
                "JNIM"));
  CHECK(p && json_object_get(p, "text_info") &&
        json_object_get(p, "cite_info"));
  CHECK_STR(json_string_value(json_object_get(p, "date")), "2024-09-17");
  json_decref(p);
  free(out);
  out = run_query(s, KB_QUERY_CLUSTERS, NULL, KB_OUTPUT_TABLE, &rows);
  CHECK(out && !strncmp(out, "ID ", 3) && strstr(out, "quantity helicopter"));
  free(out);
}

static void test_show(kb_store *s) {
  kb_error err = {0};
  char *uid = value("SELECT c.uid FROM clusters c JOIN events e ON"
                    " e.cluster = c.id JOIN documents d ON d.id = e.doc"
                    " WHERE d.input_id = ?1",
                    "c2");
  char *text = uid ? kb_store_show(s, uid, KB_OUTPUT_TABLE, &err) : NULL;
  CHECK(text && strstr(text, "WITHDRAWAL") && strstr(text, "vendredi 31"));
  CHECK(text && strstr(text, "2025-01-30 [2] vs 2025-01-31 [2]"));
  free(text);
  char *json = uid ? kb_store_show(s, uid, KB_OUTPUT_JSONL, &err) : NULL;
  json_t *j = json ? json_loads(json, 0, NULL) : NULL;
  CHECK(j && json_array_size(json_object_get(j, "evidence")) == 4);
  json_decref(j);
  free(json);
  free(uid);
  text = kb_store_show(s, "w3", KB_OUTPUT_TABLE, &err);
  CHECK(text && strstr(text, "syndicated w1 w2 w3 w4"));
  free(text);
  CHECK(kb_store_show(s, "cl-0000000000000000", KB_OUTPUT_TABLE, &err) ==
            NULL &&
        err.code == KB_ERR_ARG);
}

static void test_queries(void) {
  kb_error err = {0};
  kb_store *s = kb_store_open(db_path, 1, &err);
  CHECK(s != NULL);
  if (!s) return;
  test_filters(s);
  test_formats(s);
  test_show(s);
  kb_store_free(s);
}

/* ---- the threaded ingest pipeline ------------------------------------- */

typedef struct seen {
  int errors, progress;
  long long last_docs;
} seen;

static void count_error(void *ctx, const kb_error *e) {
  ((seen *)ctx)->errors++;
  CHECK(e->code == KB_ERR_FORMAT && e->line == 4);
}

static void count_progress(void *ctx, const kb_ingest_progress *p) {
  seen *s = ctx;
  CHECK(p->documents >= s->last_docs); /* in input order, monotonic */
  s->last_docs = p->documents;
  s->progress++;
}

static char *doc_order(void) {
  sqlite3 *db;
  sqlite3_stmt *st;
  char *out = calloc(1, 4096);
  if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT input_id FROM documents ORDER BY id", -1,
                         &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      strncat(out, (const char *)sqlite3_column_text(st, 0),
              4000 - strlen(out));
      strcat(out, " ");
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

/* Input order is kept whatever the number of threads; a bad record is
 * reported through the callback and skipped; nothing is stored twice. */
static void test_pipeline(void) {
  kb_error err = {0};
  kb_lexicon *lex = kb_lexicon_load(NULL, &err);
  if (!lex) {
    fprintf(stderr, "skip pipeline: %s\n", err.message);
    return;
  }
  char input[300];
  snprintf(input, sizeof input, "%s/kb_test_input_%d.jsonl",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
  FILE *f = fopen(input, "w");
  for (size_t i = 0; f && i < FX_N_DOCS; i++) {
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", fx_docs[i].id, "url",
                  fx_docs[i].url, "published", fx_docs[i].published, "title",
                  fx_docs[i].title, "text", fx_docs[i].body);
    char *line = json_dumps(o, JSON_COMPACT);
    fprintf(f, "%s\n", line);
    if (i == 2) fputs("{\"id\": broken\n", f); /* the 4th line */
    free(line);
    json_decref(o);
  }
  if (f) fclose(f);
  char *order[2] = {NULL, NULL};
  const int jobs[2] = {1, 3};
  for (int k = 0; k < 2; k++) {
    fresh_db("pipeline");
    kb_store *s = kb_store_open(db_path, 0, &err);
    seen sn = {0};
    kb_ingest_opts o = {.jobs = jobs[k],
                        .batch = 7,
                        .on_error = count_error,
                        .on_progress = count_progress,
                        .ctx = &sn};
    kb_ingest_stats st = {0};
    const char *in[1] = {input};
    CHECK(kb_ingest_inputs(s, lex, in, 1, &o, &st, &err) == KB_OK);
    CHECK(sn.errors == 1 && sn.progress == (int)FX_N_DOCS + 1);
    CHECK(st.docs_added == (long long)FX_N_DOCS);
    memset(&st, 0, sizeof st);
    sn.errors = 0;
    sn.last_docs = 0;
    CHECK(kb_ingest_inputs(s, lex, in, 1, &o, &st, &err) == KB_OK);
    CHECK(st.docs_added == 0 && st.docs_present == (long long)FX_N_DOCS);
    kb_store_free(s);
    order[k] = doc_order();
  }
  CHECK(order[0] && order[1] && !strcmp(order[0], order[1]));
  CHECK(order[0] && !strncmp(order[0], "a1 a2 a3 a4 b1", 14));
  free(order[0]);
  free(order[1]);
  unlink(input);
  kb_lexicon_free(lex);
  fresh_db("pipeline");
}

/* ---- failing allocations ------------------------------------------------ */

/* Whatever allocation fails, nothing crashes or leaks (ASan checks). */
static void test_alloc_failures(void) {
  for (long n = 1; n < 400; n += 7) {
    kb_error err = {0};
    fresh_db("alloc");
    kb_alloc_fail_at(n);
    kb_store *s = kb_store_open(db_path, 0, &err);
    if (s && fx_ingest(s, 0, 3, NULL, &err) == KB_OK)
      kb_store_fuse(s, NULL, &err);
    if (s) free(run_query(s, KB_QUERY_CLUSTERS, NULL, KB_OUTPUT_JSONL, NULL));
    kb_alloc_fail_at(0);
    kb_store_free(s);
  }
  fresh_db("alloc");
}

int main(void) {
  test_dates();
  test_migrations();
  test_reingest(); /* leaves the full set in db_path */
  test_neardup();
  test_fusion();
  test_queries();
  test_stable_ids();
  test_pipeline();
  test_alloc_failures();
  fresh_db("reingest");
  fresh_db("stable");
  fresh_db("migrate");
  TEST_DONE();
}
