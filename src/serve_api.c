/* The JSON API of kibaru serve. Lists go through the query API
 * (kb_query_new, kb_store_show) so the page shows exactly what the CLI
 * prints; the aggregates behind the charts (counts, actor links) are read
 * here under the WHERE clause query.c builds (kb_where_build), so a filter
 * means the same everywhere. Every parameter is checked against a closed
 * list of names and shapes before any SQL runs, and every value but the
 * checked integer limit reaches SQLite as a bound parameter. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "daterange.h"
#include "fold.h"
#include "kb_limits.h"
#include "query.h"
#include "serve.h"
#include "utf8.h"

struct kb_api_db {
  kb_store *s;
  struct timespec deadline;
  int timed_out;
};

static const char *const event_types[] = {
    "DELIVERY",   "ORDER",      "INTENT_ACQUIRE", "PRODUCTION",
    "AGREEMENT",  "VISIT",      "MEETING",        "TRAINING",
    "DEPLOYMENT", "WITHDRAWAL", "ATTACK"};
static const char *const modalities[] = {"asserted", "reported", "hedged",
                                         "planned", "denied"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- database handle ---------------------------------------------------- */

static int past_deadline(void *p) {
  kb_api_db *db = p;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (now.tv_sec > db->deadline.tv_sec ||
      (now.tv_sec == db->deadline.tv_sec && now.tv_nsec > db->deadline.tv_nsec))
    db->timed_out = 1;
  return db->timed_out;
}

kb_api_db *kb_api_db_open(const char *path, kb_error *err) {
  kb_api_db *db = kb_calloc(1, sizeof *db);
  if (!db) {
    kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    return NULL;
  }
  db->s = kb_store_open(path, 1, err);
  /* Read-only twice over: the file is opened read-only and the connection
   * refuses any statement that would write. */
  if (!db->s || kb_store_exec(db->s, "PRAGMA query_only = 1", err)) {
    kb_api_db_free(db);
    return NULL;
  }
  sqlite3_progress_handler(db->s->db, 4096, past_deadline, db);
  return db;
}

void kb_api_db_free(kb_api_db *db) {
  if (!db) return;
  kb_store_free(db->s);
  kb_free(db);
}

static void start_clock(kb_api_db *db) {
  clock_gettime(CLOCK_MONOTONIC, &db->deadline);
  db->deadline.tv_sec += KB_SERVE_QUERY_MS / 1000;
  db->deadline.tv_nsec += (KB_SERVE_QUERY_MS % 1000) * 1000000L;
  if (db->deadline.tv_nsec >= 1000000000L) {
    db->deadline.tv_sec++;
    db->deadline.tv_nsec -= 1000000000L;
  }
  db->timed_out = 0;
}

/* ---- replies ------------------------------------------------------------ */

typedef struct req {
  kb_api_db *db;
  const kb_api_param *p;
  size_t n;
  kb_api_reply *r;
  kb_buf out;
} req;

static void set_body(kb_api_reply *r, int status, char *body) {
  kb_free(r->body);
  r->status = body ? status : 500;
  r->body = body;
  r->len = body ? strlen(body) : 0;
}

void kb_api_error(kb_api_reply *r, int status, const char *param,
                  const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_t *e = json_pack("{s:i, s:s}", "status", status, "message", msg);
  /* A message quoting client input may hold bad UTF-8: jansson refuses it,
   * so fall back to a message without the quote. */
  if (!e) e = json_pack("{s:i, s:s}", "status", status, "message", "error");
  if (e && param && *param) json_object_set_new(e, "param", json_string(param));
  json_t *j = e ? json_pack("{s:o}", "error", e) : NULL;
  char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  set_body(r, status, s ? kb_strdup(s) : NULL);
  free(s);
}

/* 200 with the request's buffer as body. */
static void reply_out(req *q) { set_body(q->r, 200, kb_buf_steal(&q->out)); }

static void reply_json(req *q, json_t *j) {
  kb_buf_reset(&q->out);
  if (kb_out_json(&q->out, j) != KB_OK)
    kb_api_error(q->r, 500, NULL, "out of memory");
  else
    reply_out(q);
}

static void query_failed(req *q, const kb_error *err) {
  if (q->db->timed_out)
    kb_api_error(q->r, 503, NULL,
                 "the query took longer than %d ms: narrow the filters",
                 KB_SERVE_QUERY_MS);
  else if (err->code == KB_ERR_ARG)
    kb_api_error(q->r, 400, strcmp(err->input, "--q") ? NULL : "q", "%s",
                 err->message);
  else if (err->code == KB_ERR_TOO_LARGE)
    kb_api_error(q->r, 400, NULL,
                 "the result is larger than %u MB: narrow the filters or "
                 "lower the limit",
                 KB_SERVE_MAX_RESPONSE >> 20);
  else
    kb_api_error(q->r, 500, NULL, "database error: %s", err->message);
}

/* ---- parameters --------------------------------------------------------- */

static int key_is(const kb_api_param *p, const char *key) {
  return p->key_len == strlen(key) && !memcmp(p->key, key, p->key_len);
}

static int param_ok(req *q, const kb_api_param *p, const char *const *allowed) {
  int known = 0;
  for (size_t i = 0; allowed[i] && !known; i++)
    known = key_is(p, allowed[i]);
  if (!known) {
    if (p->key_len <= 32 && kb_utf8_valid(p->key, p->key_len))
      kb_api_error(q->r, 400, NULL, "unknown parameter '%.*s'", (int)p->key_len,
                   p->key);
    else
      kb_api_error(q->r, 400, NULL, "unknown parameter");
    return 0;
  }
  if (!p->value) {
    kb_api_error(q->r, 400, p->key, "parameter without a value");
    return 0;
  }
  if (p->value_len > KB_SERVE_MAX_PARAM) {
    kb_api_error(q->r, 400, p->key, "value longer than %d bytes",
                 KB_SERVE_MAX_PARAM);
    return 0;
  }
  int clean = kb_utf8_valid(p->value, p->value_len);
  for (size_t i = 0; clean && i < p->value_len; i++)
    clean = (unsigned char)p->value[i] >= 0x20 && p->value[i] != 0x7f;
  if (!clean) kb_api_error(q->r, 400, p->key, "invalid characters in value");
  return clean;
}

/* Every parameter known, given once, short and clean text. */
static int check_params(req *q, const char *const *allowed) {
  if (q->n > KB_SERVE_MAX_PARAMS) {
    kb_api_error(q->r, 400, NULL, "more than %d parameters",
                 KB_SERVE_MAX_PARAMS);
    return 0;
  }
  for (size_t i = 0; i < q->n; i++) {
    if (!param_ok(q, &q->p[i], allowed)) return 0;
    for (size_t j = 0; j < i; j++)
      if (q->p[j].key_len == q->p[i].key_len &&
          !memcmp(q->p[j].key, q->p[i].key, q->p[i].key_len)) {
        kb_api_error(q->r, 400, q->p[i].key, "parameter given twice");
        return 0;
      }
  }
  return 1;
}

/* The value of key; NULL when absent or empty (an empty form field). */
static const char *param(req *q, const char *key) {
  for (size_t i = 0; i < q->n; i++)
    if (key_is(&q->p[i], key)) return *q->p[i].value ? q->p[i].value : NULL;
  return NULL;
}

/* A decimal integer in [min, max], digits only. */
static int int_param(req *q, const char *key, long long min, long long max,
                     long long *out) {
  const char *v = param(q, key);
  if (!v) return 1;
  long long n = 0;
  size_t i = 0;
  for (; v[i] >= '0' && v[i] <= '9' && i < 12; i++)
    n = n * 10 + (v[i] - '0');
  if (i == 0 || v[i] || n < min || n > max) {
    kb_api_error(q->r, 400, key, "want a whole number from %lld to %lld", min,
                 max);
    return 0;
  }
  *out = n;
  return 1;
}

/* One name of a closed list, case ignored; the list's spelling kept. */
static int enum_param(req *q, const char *key, const char *const *names,
                      size_t n, const char **out) {
  const char *v = param(q, key);
  if (!v) return 1;
  for (size_t i = 0; i < n; i++)
    if (!strcasecmp(v, names[i])) {
      *out = names[i];
      return 1;
    }
  kb_api_error(q->r, 400, key, "unknown value (see /api/ for the list)");
  return 0;
}

static int is_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* Month 1-12 and a day that the month has (kb_dr_parse is lenient). */
static int real_date(const char *v, size_t n) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = atoi(v), m = n >= 7 ? atoi(v + 5) : 1, d = n >= 10 ? atoi(v + 8) : 1;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
         !(m == 2 && d == 29 && !leap);
}

/* YYYY, YYYY-MM or YYYY-MM-DD, a real date. */
static int date_param(req *q, const char *key, const char **out) {
  const char *v = param(q, key);
  if (!v) return 1;
  size_t n = strlen(v);
  kb_dr r;
  int shape = (n == 4 || n == 7 || n == 10) && is_digits(v, 4) &&
              (n < 7 || (v[4] == '-' && is_digits(v + 5, 2))) &&
              (n < 10 || (v[7] == '-' && is_digits(v + 8, 2)));
  if (!shape || !real_date(v, n) || kb_dr_parse(v, &r) == KB_DR_NONE) {
    kb_api_error(q->r, 400, key, "bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
    return 0;
  }
  *out = v;
  return 1;
}

/* Actor codes: RUS, MLI, WAGNER, ARMED_GROUP ... */
static int code_param(req *q, const char *key, const char **out) {
  const char *v = param(q, key);
  if (!v) return 1;
  size_t n = strlen(v), i = 0;
  for (; i < n; i++)
    if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z') ||
          v[i] == '_'))
      break;
  if (n == 0 || n > 24 || i < n) {
    kb_api_error(q->r, 400, key, "want an actor code (letters and _)");
    return 0;
  }
  *out = v;
  return 1;
}

static const char *const filter_names[] = {
    "type",     "actor",       "since", "until", "place",
    "modality", "min_sources", "q",     "limit", NULL};

typedef struct filters {
  kb_filter f;
  long long limit;
} filters;

static int parse_filters(req *q, filters *fl) {
  long long min_sources = 0;
  memset(fl, 0, sizeof *fl);
  fl->limit = KB_SERVE_DEFAULT_LIMIT;
  if (!check_params(q, filter_names) ||
      !enum_param(q, "type", event_types, COUNT(event_types), &fl->f.type) ||
      !enum_param(q, "modality", modalities, COUNT(modalities),
                  &fl->f.modality) ||
      !code_param(q, "actor", &fl->f.actor) ||
      !date_param(q, "since", &fl->f.since) ||
      !date_param(q, "until", &fl->f.until) ||
      !int_param(q, "min_sources", 0, 1000000, &min_sources) ||
      !int_param(q, "limit", 1, KB_SERVE_MAX_LIMIT, &fl->limit))
    return 0;
  fl->f.min_sources = (int)min_sources;
  fl->f.place = param(q, "place");
  fl->f.q = param(q, "q");
  return 1;
}

/* ---- lists through the query API ---------------------------------------- */

static kb_status add_rows(req *q, kb_query *qq, long long limit, long long *n,
                          int *truncated, kb_error *err) {
  const char *chunk;
  size_t len;
  kb_status st;
  while ((st = kb_query_next(qq, &chunk, &len, err)) == KB_OK) {
    if (*n == limit) {
      *truncated = 1;
      return KB_END;
    }
    while (len && (chunk[len - 1] == '\n' || chunk[len - 1] == '\r'))
      len--;
    kb_status bs = *n ? kb_buf_addc(&q->out, ',') : KB_OK;
    if (!bs) bs = kb_buf_add(&q->out, chunk, len);
    if (bs) return kb_error_set(err, bs, "", 0, -1, "response too large");
    (*n)++;
  }
  return st;
}

static void list(req *q, kb_query_what what, const char *name) {
  filters fl;
  if (!parse_filters(q, &fl)) return;
  fl.f.limit = fl.limit + 1; /* one more tells whether it was cut */
  kb_error err = {0};
  kb_query *qq = kb_query_new(q->db->s, what, &fl.f, KB_OUTPUT_JSONL, &err);
  if (!qq) return query_failed(q, &err);
  long long n = 0;
  int truncated = 0;
  kb_buf_adds(&q->out, "{\"");
  kb_buf_adds(&q->out, name);
  kb_buf_adds(&q->out, "\":[");
  kb_status st = add_rows(q, qq, fl.limit, &n, &truncated, &err);
  kb_query_free(qq);
  if (st != KB_END) return query_failed(q, &err);
  char tail[128];
  snprintf(tail, sizeof tail,
           "],\"count\":%lld,\"limit\":%lld,"
           "\"truncated\":%s}",
           n, fl.limit, truncated ? "true" : "false");
  if (kb_buf_adds(&q->out, tail) != KB_OK) {
    err.code = KB_ERR_TOO_LARGE;
    return query_failed(q, &err);
  }
  reply_out(q);
}

/* ---- one cluster, event or document ------------------------------------- */

static json_t *show_json(req *q, const char *id, kb_error *err) {
  char *s = kb_store_show(q->db->s, id, KB_OUTPUT_JSONL, err);
  if (!s) return NULL;
  json_t *j = json_loads(s, 0, NULL);
  free(s);
  if (!j) kb_error_set(err, KB_ERR_NOMEM, id, 0, -1, "cannot read the record");
  return j;
}

static int hex_id(const char *s, const char *prefix) {
  if (strncmp(s, prefix, 3) || strlen(s) != 19) return 0;
  for (int i = 3; i < 19; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return 0;
  return 1;
}

static void one(req *q, const char *id, const char *prefix, const char *what) {
  static const char *const none[] = {NULL};
  if (!check_params(q, none)) return;
  if (!hex_id(id, prefix)) {
    kb_api_error(q->r, 404, NULL, "no %s with this id", what);
    return;
  }
  kb_error err = {0};
  json_t *j = show_json(q, id, &err);
  if (!j && err.code == KB_ERR_ARG)
    kb_api_error(q->r, 404, NULL, "no %s with this id", what);
  else if (!j)
    query_failed(q, &err);
  else
    reply_json(q, j);
}

/* The evidence spans of a document's events, for highlighting. */
static json_t *highlights(json_t *events) {
  json_t *h = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(events, i, e) {
    json_t *ev = json_object_get(e, "evidence");
    json_array_append_new(
        h, json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}", "event",
                     json_object_get(e, "id"), "cluster",
                     json_object_get(e, "cluster"), "type",
                     json_object_get(e, "type"), "modality",
                     json_object_get(e, "modality"), "start",
                     json_object_get(ev, "start"), "end",
                     json_object_get(ev, "end"), "text",
                     json_object_get(ev, "text")));
  }
  return h;
}

/* Adds the cleaned text the evidence offsets point into. */
static int add_text(req *q, json_t *doc, kb_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          q->db->s->db,
          "SELECT text, body_start FROM documents WHERE hash = ?1", -1, &st,
          NULL) != SQLITE_OK) {
    kb_store_dberr(q->db->s, err, "cannot query");
    return 0;
  }
  kb_bind_text(st, 1, json_string_value(json_object_get(doc, "hash")));
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    json_object_set_new(doc, "text", kb_col_json(st, 0));
    json_object_set_new(doc, "body_start", kb_col_json(st, 1));
  } else {
    kb_store_dberr(q->db->s, err, "query failed");
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW;
}

static void document(req *q, const char *id) {
  kb_error err = {0};
  json_t *doc = show_json(q, id, &err);
  if (doc && !json_object_get(doc, "hash")) { /* an id like cl-... */
    json_decref(doc);
    doc = NULL;
    err.code = KB_ERR_ARG;
  }
  if (!doc && err.code == KB_ERR_ARG) {
    kb_api_error(q->r, 404, "id", "no document with this id");
    return;
  }
  if (!doc || !add_text(q, doc, &err)) {
    json_decref(doc);
    return query_failed(q, &err);
  }
  json_object_set_new(doc, "highlights",
                      highlights(json_object_get(doc, "events")));
  reply_json(q, doc);
}

/* ---- aggregates over clusters ------------------------------------------- */

/* Runs head + WHERE + tail (WHERE may appear as %s twice in head) and
 * returns its rows as objects keyed by column name. */
static json_t *rows(req *q, const kb_where *w, const char *sql_fmt,
                    kb_error *err) {
  char sql[4096];
  const char *cond = w && w->sql.data ? w->sql.data : "";
  snprintf(sql, sizeof sql, sql_fmt, cond, cond);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(q->db->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    kb_store_dberr(q->db->s, err, "cannot query");
    return NULL;
  }
  if (w) kb_where_bind(st, w);
  json_t *a = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *o = json_object();
    for (int c = 0; c < sqlite3_column_count(st); c++)
      json_object_set_new(o, sqlite3_column_name(st, c), kb_col_json(st, c));
    json_array_append_new(a, o);
  }
  if (rc != SQLITE_DONE) {
    /* As in query.c: with a full-text condition, a plain SQL error can only
     * come from the FTS5 query syntax. */
    if (w && w->full_text && rc == SQLITE_ERROR)
      kb_error_set(err, KB_ERR_ARG, "--q", 0, -1, "bad full-text query: %s",
                   sqlite3_errmsg(q->db->s->db));
    else
      kb_store_dberr(q->db->s, err, "query failed");
    json_decref(a);
    a = NULL;
  }
  sqlite3_finalize(st);
  return a;
}

typedef struct agg {
  const char *name, *sql;
} agg;

/* Each statement's rows under its name, or an error reply. */
static void aggregates(req *q, const agg *list, size_t n) {
  filters fl;
  if (!parse_filters(q, &fl)) return;
  kb_where w;
  kb_error err = {0};
  if (kb_where_build(&w, KB_QUERY_CLUSTERS, &fl.f, &err) != KB_OK) {
    kb_where_free(&w);
    return query_failed(q, &err);
  }
  json_t *out = json_object();
  for (size_t i = 0; i < n; i++) {
    json_t *a = rows(q, &w, list[i].sql, &err);
    if (!a) {
      json_decref(out);
      kb_where_free(&w);
      return query_failed(q, &err);
    }
    json_object_set_new(out, list[i].name, a);
  }
  kb_where_free(&w);
  reply_json(q, out);
}

static const agg count_queries[] = {
    {"totals", "SELECT (SELECT count(*) FROM documents) AS documents,"
               " (SELECT count(*) FROM events) AS events,"
               " (SELECT count(*) FROM clusters) AS clusters,"
               " count(*) AS matching, sum(c.date_lo IS NULL) AS undated,"
               " min(c.date_lo) AS first, max(c.date_hi) AS last"
               " FROM clusters c WHERE 1%s"},
    {"by_type",
     "SELECT c.type AS type, count(*) AS clusters, sum(c.n_events) AS events,"
     " sum(c.n_sources) AS sources FROM clusters c WHERE 1%s"
     " GROUP BY c.type ORDER BY clusters DESC, type"},
    {"by_month", "SELECT substr(c.date_lo, 1, 7) AS month, c.type AS type,"
                 " count(*) AS clusters FROM clusters c"
                 " WHERE c.date_lo IS NOT NULL%s GROUP BY month, c.type"
                 " ORDER BY month, type"},
    {"by_modality",
     "SELECT c.modality AS modality, count(*) AS clusters FROM clusters c"
     " WHERE 1%s GROUP BY c.modality ORDER BY clusters DESC"},
    {"by_country",
     "SELECT c.place_country AS country, count(*) AS clusters,"
     " sum(c.n_sources) AS sources FROM clusters c"
     " WHERE c.place_country IS NOT NULL%s GROUP BY c.place_country"
     " ORDER BY clusters DESC, country"},
};

/* "Who supplies whom": links between source and target by type, and each
 * actor's share as source and as target. */
static const agg actor_queries[] = {
    {"links",
     "SELECT c.source AS source, c.target AS target, c.type AS type,"
     " count(*) AS clusters, sum(c.n_sources) AS sources FROM clusters c"
     " WHERE c.source IS NOT NULL AND c.target IS NOT NULL%s"
     " GROUP BY c.source, c.target, c.type ORDER BY clusters DESC,"
     " source, target, type LIMIT 2000"},
    {"actors",
     "SELECT code, sum(s) AS as_source, sum(t) AS as_target,"
     " sum(s) + sum(t) AS clusters FROM"
     " (SELECT c.source AS code, 1 AS s, 0 AS t FROM clusters c WHERE 1%s"
     " UNION ALL SELECT c.target, 0, 1 FROM clusters c WHERE 1%s)"
     " WHERE code IS NOT NULL GROUP BY code ORDER BY clusters DESC, code"
     " LIMIT 500"},
};

/* ---- documents, index, routing ------------------------------------------ */

static void documents(req *q) {
  static const char *const names[] = {"id", "limit", NULL};
  long long limit = KB_SERVE_DEFAULT_LIMIT;
  if (!check_params(q, names) ||
      !int_param(q, "limit", 1, KB_SERVE_MAX_LIMIT, &limit))
    return;
  if (param(q, "id")) return document(q, param(q, "id"));
  kb_error err = {0};
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT input_id AS doc, hash, publisher, published, title,"
           " lang, url, n_events AS events FROM documents"
           " ORDER BY coalesce(published, '9999'), id LIMIT %lld%%.0s%%.0s",
           limit);
  json_t *a = rows(q, NULL, sql, &err);
  if (!a) return query_failed(q, &err);
  reply_json(q, json_pack("{s:o, s:I}", "documents", a, "count",
                          (json_int_t)json_array_size(a)));
}

static json_t *string_array(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

static void api_index(req *q) {
  static const char *const none[] = {NULL};
  static const char *const endpoints[] = {
      "/api/events",           "/api/events/{ev-id}", "/api/clusters",
      "/api/clusters/{cl-id}", "/api/documents",      "/api/documents?id={doc}",
      "/api/actors",           "/api/counts"};
  if (!check_params(q, none)) return;
  json_t *j = json_pack(
      "{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:{s:i, s:i}}", "name", "kibaru",
      "version", KB_VERSION, "schema", kb_store_schema_version(q->db->s),
      "endpoints", string_array(endpoints, COUNT(endpoints)), "filters",
      string_array(filter_names, COUNT(filter_names) - 1), "types",
      string_array(event_types, COUNT(event_types)), "modalities",
      string_array(modalities, COUNT(modalities)), "limit", "default",
      KB_SERVE_DEFAULT_LIMIT, "max", KB_SERVE_MAX_LIMIT);
  reply_json(q, j);
}

static void route(req *q, const char *path) {
  if (!strcmp(path, "/api") || !strcmp(path, "/api/"))
    api_index(q);
  else if (!strcmp(path, "/api/events"))
    list(q, KB_QUERY_EVENTS, "events");
  else if (!strcmp(path, "/api/clusters"))
    list(q, KB_QUERY_CLUSTERS, "clusters");
  else if (!strncmp(path, "/api/events/", 12))
    one(q, path + 12, "ev-", "event");
  else if (!strncmp(path, "/api/clusters/", 14))
    one(q, path + 14, "cl-", "cluster");
  else if (!strcmp(path, "/api/documents"))
    documents(q);
  else if (!strcmp(path, "/api/actors"))
    aggregates(q, actor_queries, COUNT(actor_queries));
  else if (!strcmp(path, "/api/counts"))
    aggregates(q, count_queries, COUNT(count_queries));
  else
    kb_api_error(q->r, 404, NULL, "no such API endpoint (see /api/)");
}

void kb_api_handle(kb_api_db *db, const char *path, const kb_api_param *params,
                   size_t n_params, kb_api_reply *r) {
  req q = {.db = db, .p = params, .n = n_params, .r = r};
  r->status = 500;
  r->body = NULL;
  r->len = 0;
  kb_buf_init(&q.out, KB_SERVE_MAX_RESPONSE);
  start_clock(db);
  route(&q, path);
  kb_buf_free(&q.out);
  if (!r->body) kb_api_error(r, 500, NULL, "internal error");
}
