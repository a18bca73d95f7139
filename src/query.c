/* Running a filtered query over events or clusters and handing its output
 * back formatted, one chunk at a time (header, rows, footer). Filters
 * become WHERE clauses whose values are all bound parameters. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "daterange.h"
#include "fold.h"
#include "query.h"

/* One output chunk: a cluster record with thousands of evidence sentences
 * is the largest thing we print. */
#define KB_MAX_CHUNK (256u << 20)

struct kb_query {
  kb_store *s;
  kb_query_what what;
  kb_output fmt;
  sqlite3_stmt *st, *evidence;
  kb_buf out;
  int state;     /* 0 header, 1 rows, 2 footer, 3 done */
  int full_text; /* a --q filter: its syntax errors show when stepping */
  long long rows;
};

int kb_output_parse(const char *name, kb_output *out) {
  static const struct {
    const char *name;
    kb_output fmt;
  } names[] = {{"table", KB_OUTPUT_TABLE},
               {"jsonl", KB_OUTPUT_JSONL},
               {"csv", KB_OUTPUT_CSV},
               {"geojson", KB_OUTPUT_GEOJSON},
               {"plover", KB_OUTPUT_PLOVER}};
  for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i].name)) {
      *out = names[i].fmt;
      return 0;
    }
  return -1;
}

/* ---- WHERE clause ------------------------------------------------------- */

__attribute__((format(printf, 2, 3))) static void cond(kb_where *w,
                                                       const char *fmt, ...) {
  char sql[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  kb_buf_adds(&w->sql, " AND ");
  kb_buf_adds(&w->sql, sql);
}

/* The number of the new parameter (?1 is the first). */
static int param_text(kb_where *w, const char *v) {
  if (w->n == KB_WHERE_MAX) return KB_WHERE_MAX; /* cannot happen: 9 at most */
  w->text[w->n] = v;
  return ++w->n;
}

static int param_num(kb_where *w, long long v) {
  if (w->n == KB_WHERE_MAX) return KB_WHERE_MAX;
  w->text[w->n] = NULL;
  w->num[w->n] = v;
  return ++w->n;
}

static const char *keep(kb_where *w, char *s) {
  if (s && w->n_owned < KB_WHERE_MAX) w->owned[w->n_owned++] = s;
  return s;
}

static const char *upper(kb_where *w, const char *s) {
  char *u = kb_strdup(s);
  for (char *p = u; p && *p; p++)
    *p = (char)toupper((unsigned char)*p);
  return keep(w, u);
}

static const char *lower(kb_where *w, const char *s) {
  char *u = kb_strdup(s);
  for (char *p = u; p && *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return keep(w, u);
}

/* since keeps anything whose range ends on or after its first day; until
 * anything that starts on or before its last day. */
static kb_status date_bound(const char *v, int end, char out[11],
                            kb_error *err) {
  kb_dr r;
  if (kb_dr_parse(v, &r) == KB_DR_NONE || strlen(v) > 10)
    return kb_error_set(err, KB_ERR_ARG, v, 0, -1,
                        "bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
  kb_dr_format(end ? r.hi : r.lo, out);
  return KB_OK;
}

#define FTS_DOCS                                                               \
  "(SELECT p.doc FROM paragraphs p WHERE p.id IN (SELECT rowid FROM"           \
  " paragraphs_fts WHERE paragraphs_fts MATCH ?%d))"

kb_status kb_where_build(kb_where *w, kb_query_what what, const kb_filter *f,
                         kb_error *err) {
  memset(w, 0, sizeof *w);
  kb_buf_init(&w->sql, 1u << 16);
  if (kb_buf_add(&w->sql, "", 0) != KB_OK) /* "" when there is no condition */
    return kb_error_set(err, KB_ERR_NOMEM, "", 0, -1, "out of memory");
  /* events are "e" (joined to their cluster "c"), clusters "c" */
  int ev = what == KB_QUERY_EVENTS;
  const char *t = ev ? "e" : "c";
  if (f->type) cond(w, "%s.type = ?%d", t, param_text(w, upper(w, f->type)));
  if (f->actor) {
    int i = param_text(w, upper(w, f->actor));
    cond(w, "(%s.source = ?%d OR %s.target = ?%d)", t, i, t, i);
  }
  if (f->since) {
    if (date_bound(f->since, 0, w->since, err)) return KB_ERR_ARG;
    cond(w, "%s.date_hi >= ?%d", t, param_text(w, w->since));
  }
  if (f->until) {
    if (date_bound(f->until, 1, w->until, err)) return KB_ERR_ARG;
    cond(w, "%s.date_lo <= ?%d", t, param_text(w, w->until));
  }
  if (f->place) {
    int a = param_text(w, keep(w, kb_fold_dup(f->place, strlen(f->place))));
    int b = param_text(w, upper(w, f->place));
    cond(w, "(%s.place_fold = ?%d OR %s.place_country = ?%d)", t, a, t, b);
  }
  if (f->modality)
    cond(w, "%s.modality = ?%d", t, param_text(w, lower(w, f->modality)));
  if (f->min_sources > 0)
    cond(w, "c.n_sources >= ?%d", param_num(w, f->min_sources));
  if (f->q) {
    int i = param_text(w, f->q);
    w->full_text = 1;
    if (ev)
      cond(w, "e.doc IN " FTS_DOCS, i);
    else
      cond(w,
           "EXISTS (SELECT 1 FROM events e WHERE e.cluster = c.id AND"
           " e.doc IN " FTS_DOCS ")",
           i);
  }
  return KB_OK;
}

void kb_where_bind(sqlite3_stmt *st, const kb_where *w) {
  for (int i = 0; i < w->n; i++)
    if (w->text[i])
      kb_bind_text(st, i + 1, w->text[i]);
    else
      sqlite3_bind_int64(st, i + 1, w->num[i]);
}

void kb_where_free(kb_where *w) {
  for (int i = 0; i < w->n_owned; i++)
    kb_free(w->owned[i]);
  w->n_owned = 0;
  kb_buf_free(&w->sql);
}

/* SELECT ... WHERE 1 <conditions> ORDER BY ... LIMIT n */
static kb_status build(kb_buf *sql, const kb_where *w, kb_query_what what,
                       const kb_filter *f) {
  int ev = what == KB_QUERY_EVENTS;
  kb_status st = kb_buf_adds(sql, "SELECT ");
  if (st == KB_OK)
    st = kb_buf_adds(sql, ev ? kb_event_columns() : kb_cluster_columns());
  if (st == KB_OK)
    st = kb_buf_adds(sql, ev ? " FROM events e JOIN documents d ON d.id ="
                               " e.doc LEFT JOIN clusters c ON c.id ="
                               " e.cluster WHERE 1"
                             : " FROM clusters c WHERE 1");
  if (st == KB_OK && w->sql.len) st = kb_buf_adds(sql, w->sql.data);
  if (st == KB_OK)
    st = kb_buf_adds(sql, what == KB_QUERY_EVENTS
                              ? " ORDER BY e.date_lo IS NULL, e.date_lo, e.id"
                              : " ORDER BY c.date_lo IS NULL, c.date_lo, c.id");
  if (st == KB_OK && f->limit > 0) {
    char lim[40];
    snprintf(lim, sizeof lim, " LIMIT %lld", (long long)f->limit);
    st = kb_buf_adds(sql, lim);
  }
  return st;
}

static kb_status prepare(kb_query *q, const kb_filter *f, kb_error *err) {
  kb_where w;
  kb_buf sql;
  kb_buf_init(&sql, 1u << 17);
  kb_status st = kb_where_build(&w, q->what, f, err);
  if (st == KB_OK && build(&sql, &w, q->what, f) != KB_OK)
    st = kb_error_set(err, KB_ERR_NOMEM, "", 0, -1, "out of memory");
  if (st == KB_OK &&
      sqlite3_prepare_v2(q->s->db, sql.data, -1, &q->st, NULL) != SQLITE_OK)
    st = kb_store_dberr(q->s, err, "cannot query");
  if (st == KB_OK) kb_where_bind(q->st, &w);
  kb_where_free(&w);
  kb_buf_free(&sql);
  if (st == KB_OK && q->what == KB_QUERY_CLUSTERS &&
      sqlite3_prepare_v2(q->s->db, kb_cluster_evidence_sql(), -1, &q->evidence,
                         NULL) != SQLITE_OK)
    st = kb_store_dberr(q->s, err, "cannot query");
  return st;
}

kb_query *kb_query_new(kb_store *s, kb_query_what what, const kb_filter *f,
                       kb_output fmt, kb_error *err) {
  static const kb_filter none = {0};
  kb_query *q = kb_calloc(1, sizeof *q);
  if (!q) {
    kb_error_set(err, KB_ERR_NOMEM, "", 0, -1, "out of memory");
    return NULL;
  }
  q->s = s;
  q->what = what;
  q->fmt = fmt;
  q->full_text = f && f->q;
  kb_buf_init(&q->out, KB_MAX_CHUNK);
  if (prepare(q, f ? f : &none, err) != KB_OK) {
    kb_query_free(q);
    return NULL;
  }
  return q;
}

/* A bad FTS5 query only shows up when the statement runs. */
static kb_status step_error(kb_query *q, kb_error *err) {
  const char *msg = sqlite3_errmsg(q->s->db);
  if (q->full_text && sqlite3_errcode(q->s->db) == SQLITE_ERROR)
    return kb_error_set(err, KB_ERR_ARG, "--q", 0, -1,
                        "bad full-text query: %s", msg);
  return kb_store_dberr(q->s, err, "query failed");
}

static kb_status next_row(kb_query *q, kb_error *err) {
  for (;;) {
    int rc = sqlite3_step(q->st);
    if (rc == SQLITE_DONE) return KB_END;
    if (rc != SQLITE_ROW) return step_error(q, err);
    kb_status st =
        q->what == KB_QUERY_EVENTS
            ? kb_render_event(&q->out, q->fmt, q->st, &q->rows)
            : kb_render_cluster(&q->out, q->fmt, q->st, q->evidence, &q->rows);
    if (st != KB_OK)
      return kb_error_set(err, st, "", 0, -1, "cannot format a row: %s",
                          kb_status_name(st));
    if (q->out.len) return KB_OK; /* GeoJSON skips rows without a point */
  }
}

kb_status kb_query_next(kb_query *q, const char **out, size_t *len,
                        kb_error *err) {
  kb_buf_reset(&q->out);
  kb_status st = KB_OK;
  if (q->state == 0) {
    q->state = 1;
    st = q->what == KB_QUERY_EVENTS ? kb_render_event_header(&q->out, q->fmt)
                                    : kb_render_cluster_header(&q->out, q->fmt);
    if (st == KB_OK && q->out.len) goto done;
  }
  if (st == KB_OK && q->state == 1) {
    st = next_row(q, err);
    if (st == KB_OK) goto done;
    if (st != KB_END) return st;
    q->state = 2;
    st = KB_OK;
  }
  if (st == KB_OK && q->state == 2) {
    q->state = 3;
    st = kb_render_footer(&q->out, q->fmt);
    if (st == KB_OK && q->out.len) goto done;
  }
  return st == KB_OK ? KB_END : st;
done:
  *out = q->out.data;
  *len = q->out.len;
  return KB_OK;
}

long long kb_query_rows(const kb_query *q) { return q ? q->rows : 0; }

void kb_query_free(kb_query *q) {
  if (!q) return;
  sqlite3_finalize(q->st);
  sqlite3_finalize(q->evidence);
  kb_buf_free(&q->out);
  kb_free(q);
}
