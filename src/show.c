/* kibaru show: one cluster, event or document with all its sources and
 * evidence sentences, as readable text or as one JSON object. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "query.h"

#define TEXT(c) kb_col_text(row, (c))
#define OR_DASH(s) ((s) ? (s) : "-")

typedef struct show {
  kb_store *s;
  kb_buf out;
  kb_output fmt;
  kb_error *err;
} show;

static void addf(kb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void addf(kb_buf *b, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    kb_buf_add(b, tmp, (size_t)n);
    return;
  }
  char *big = kb_malloc((size_t)n + 1);
  if (!big) return;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  kb_buf_add(b, big, (size_t)n);
  kb_free(big);
}

static sqlite3_stmt *prepare1(show *sh, const char *sql, const char *id) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(sh->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    kb_store_dberr(sh->s, sh->err, "cannot query");
    return NULL;
  }
  kb_bind_text(st, 1, id);
  return st;
}

/* Frees st; KB_ERR_ARG when it had no row. */
static kb_status one_row(show *sh, sqlite3_stmt *st, const char *id,
                         kb_status (*fn)(show *, sqlite3_stmt *)) {
  if (!st) return KB_ERR_DB;
  int rc = sqlite3_step(st);
  kb_status r = rc == SQLITE_ROW ? fn(sh, st)
                : rc == SQLITE_DONE
                    ? kb_error_set(sh->err, KB_ERR_ARG, id, 0, -1,
                                   "no cluster, event or document with this id")
                    : kb_store_dberr(sh->s, sh->err, "query failed");
  sqlite3_finalize(st);
  return r;
}

static kb_status emit_json(show *sh, json_t *j) {
  kb_status st = kb_out_json(&sh->out, j);
  return st ? st : kb_buf_addc(&sh->out, '\n');
}

/* ---- cluster ------------------------------------------------------------ */

static void cluster_text_head(show *sh, sqlite3_stmt *row) {
  kb_buf *b = &sh->out;
  char *eq = kb_equipment_summary(TEXT(CC_EQUIPMENT));
  char *cf = kb_conflicts_summary(TEXT(CC_CONFLICTS));
  addf(b, "cluster    %s  %s  %s > %s\n", TEXT(CC_UID), OR_DASH(TEXT(CC_TYPE)),
       OR_DASH(TEXT(CC_SOURCE)), OR_DASH(TEXT(CC_TARGET)));
  addf(b, "date       %s  (%s .. %s)\n", OR_DASH(TEXT(CC_DATE)),
       OR_DASH(TEXT(CC_DATE_LO)), OR_DASH(TEXT(CC_DATE_HI)));
  addf(b, "place      %s (%s)", OR_DASH(TEXT(CC_PLACE)),
       OR_DASH(TEXT(CC_PLACE_COUNTRY)));
  if (sqlite3_column_type(row, CC_LAT) != SQLITE_NULL)
    addf(b, "  %.5g, %.5g", sqlite3_column_double(row, CC_LAT),
         sqlite3_column_double(row, CC_LON));
  addf(b, "\nequipment  %s\nmodality   %s\n", eq && *eq ? eq : "-",
       OR_DASH(TEXT(CC_MODALITY)));
  addf(b, "sources    %d independent, %d documents, %d events\n",
       sqlite3_column_int(row, CC_N_SOURCES),
       sqlite3_column_int(row, CC_N_DOCS),
       sqlite3_column_int(row, CC_N_EVENTS));
  addf(b, "earliest   %s  %s\n", OR_DASH(TEXT(CC_EARLIEST)),
       OR_DASH(TEXT(CC_EARLIEST_DOC)));
  addf(b, "conflicts  %s\n\nevidence\n", cf && *cf ? cf : "none");
  free(eq);
  free(cf);
}

static void evidence_text(show *sh, json_t *ev, size_t i) {
  const char *syn = json_string_value(json_object_get(ev, "syndication"));
  const char *doc = json_string_value(json_object_get(ev, "doc"));
  addf(&sh->out, "  [%zu] %s  %s  %s  %s  %s%s%s\n", i + 1, OR_DASH(doc),
       OR_DASH(json_string_value(json_object_get(ev, "publisher"))),
       OR_DASH(json_string_value(json_object_get(ev, "published"))),
       OR_DASH(json_string_value(json_object_get(ev, "modality"))),
       json_string_value(json_object_get(ev, "event")),
       syn && doc && strcmp(syn, doc) ? "  copy of " : "",
       syn && doc && strcmp(syn, doc) ? syn : "");
  const char *url = json_string_value(json_object_get(ev, "url"));
  if (url) addf(&sh->out, "      %s\n", url);
  addf(&sh->out, "      \xC2\xAB %s \xC2\xBB\n",
       OR_DASH(json_string_value(json_object_get(ev, "text"))));
}

static kb_status cluster_row(show *sh, sqlite3_stmt *row) {
  sqlite3_stmt *ev = NULL;
  if (sqlite3_prepare_v2(sh->s->db, kb_cluster_evidence_sql(), -1, &ev, NULL) !=
      SQLITE_OK)
    return kb_store_dberr(sh->s, sh->err, "cannot query");
  json_t *rec = kb_cluster_record(row, ev);
  sqlite3_finalize(ev);
  if (sh->fmt == KB_OUTPUT_JSONL) return emit_json(sh, rec);
  cluster_text_head(sh, row);
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(rec, "evidence"), i, e)
      evidence_text(sh, e, i);
  json_decref(rec);
  return KB_OK;
}

/* ---- event -------------------------------------------------------------- */

static kb_status event_row(show *sh, sqlite3_stmt *row) {
  json_t *rec = kb_event_record(row);
  if (sh->fmt == KB_OUTPUT_JSONL) return emit_json(sh, rec);
  kb_buf *b = &sh->out;
  char *eq = kb_equipment_summary(TEXT(EC_EQUIPMENT));
  addf(b, "event      %s  %s  %s (%s) > %s (%s)\n", TEXT(EC_UID),
       OR_DASH(TEXT(EC_TYPE)), OR_DASH(TEXT(EC_SOURCE)),
       OR_DASH(TEXT(EC_SOURCE_TEXT)), OR_DASH(TEXT(EC_TARGET)),
       OR_DASH(TEXT(EC_TARGET_TEXT)));
  addf(b, "date       %s  (%s)\n", OR_DASH(TEXT(EC_DATE)),
       OR_DASH(TEXT(EC_DATE_TEXT)));
  addf(b, "place      %s (%s)\nequipment  %s\n", OR_DASH(TEXT(EC_PLACE)),
       OR_DASH(TEXT(EC_PLACE_COUNTRY)), eq && *eq ? eq : "-");
  addf(b, "modality   %s   confidence %.2f   plover %s   cameo %s\n",
       OR_DASH(TEXT(EC_MODALITY)), sqlite3_column_double(row, EC_CONFIDENCE),
       OR_DASH(TEXT(EC_PLOVER)), OR_DASH(TEXT(EC_CAMEO)));
  addf(b, "cluster    %s  (%d independent sources)\n",
       OR_DASH(TEXT(EC_CLUSTER)), sqlite3_column_int(row, EC_N_SOURCES));
  addf(b, "document   %s  %s  %s\n           %s\n", OR_DASH(TEXT(EC_DOC)),
       OR_DASH(TEXT(EC_PUBLISHER)), OR_DASH(TEXT(EC_PUBLISHED)),
       OR_DASH(TEXT(EC_URL)));
  addf(b, "evidence   [%lld, %lld)\n  \xC2\xAB %s \xC2\xBB\n",
       (long long)sqlite3_column_int64(row, EC_EV_START),
       (long long)sqlite3_column_int64(row, EC_EV_END),
       OR_DASH(TEXT(EC_EVIDENCE)));
  free(eq);
  json_decref(rec);
  return KB_OK;
}

/* ---- document ----------------------------------------------------------- */

enum {
  DC_ID,
  DC_INPUT,
  DC_HASH,
  DC_URL,
  DC_PUBLISHER,
  DC_PUBLISHED,
  DC_TITLE,
  DC_LANG,
  DC_GROUP,
  DC_N_EVENTS,
  DC_GROUP_ID
};

static json_t *column_list(show *sh, const char *sql, sqlite3_int64 id) {
  json_t *a = json_array();
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(sh->s->db, sql, -1, &st, NULL) != SQLITE_OK) return a;
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW)
    json_array_append_new(a, kb_col_json(st, 0));
  sqlite3_finalize(st);
  return a;
}

static json_t *doc_events(show *sh, sqlite3_int64 doc) {
  json_t *a = json_array();
  kb_buf sql;
  kb_buf_init(&sql, 1u << 16);
  kb_buf_adds(&sql, "SELECT ");
  kb_buf_adds(&sql, kb_event_columns());
  kb_buf_adds(&sql, " FROM events e JOIN documents d ON d.id = e.doc"
                    " LEFT JOIN clusters c ON c.id = e.cluster"
                    " WHERE e.doc = ?1 ORDER BY e.seq");
  sqlite3_stmt *st = NULL;
  if (sql.data &&
      sqlite3_prepare_v2(sh->s->db, sql.data, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, doc);
    while (sqlite3_step(st) == SQLITE_ROW)
      json_array_append_new(a, kb_event_record(st));
  }
  sqlite3_finalize(st);
  kb_buf_free(&sql);
  return a;
}

static json_t *doc_record(show *sh, sqlite3_stmt *row) {
  sqlite3_int64 id = sqlite3_column_int64(row, DC_ID);
  json_t *r = json_object();
  static const char *const names[] = {"doc",       "hash",  "url", "publisher",
                                      "published", "title", "lang"};
  for (int i = 0; i < 7; i++)
    json_object_set_new(r, names[i], kb_col_json(row, DC_INPUT + i));
  json_object_set_new(r, "syndication", kb_col_json(row, DC_GROUP_ID));
  json_object_set_new(
      r, "syndicated",
      column_list(sh,
                  "WITH g(v) AS (SELECT coalesce(syn_group, id) FROM"
                  " documents WHERE id = ?1) SELECT input_id FROM"
                  " documents, g WHERE id = g.v OR syn_group = g.v"
                  " ORDER BY id",
                  id));
  json_object_set_new(
      r, "copies",
      column_list(sh, "SELECT input_id FROM document_copies WHERE doc = ?1",
                  id));
  json_object_set_new(r, "events", doc_events(sh, id));
  return r;
}

static void string_list(kb_buf *b, json_t *a) {
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v)
      addf(b, "%s%s", i ? " " : "", OR_DASH(json_string_value(v)));
  if (!json_array_size(a)) kb_buf_addc(b, '-');
  kb_buf_addc(b, '\n');
}

static kb_status doc_row(show *sh, sqlite3_stmt *row) {
  json_t *r = doc_record(sh, row);
  if (sh->fmt == KB_OUTPUT_JSONL) return emit_json(sh, r);
  kb_buf *b = &sh->out;
  addf(b, "document   %s  %s\ntitle      %s\n", OR_DASH(TEXT(DC_INPUT)),
       TEXT(DC_HASH), OR_DASH(TEXT(DC_TITLE)));
  addf(b, "publisher  %s  %s  %s\nurl        %s\nsyndicated ",
       OR_DASH(TEXT(DC_PUBLISHER)), OR_DASH(TEXT(DC_PUBLISHED)),
       OR_DASH(TEXT(DC_LANG)), OR_DASH(TEXT(DC_URL)));
  string_list(b, json_object_get(r, "syndicated"));
  addf(b, "copies     ");
  string_list(b, json_object_get(r, "copies"));
  addf(b, "events     %d\n", sqlite3_column_int(row, DC_N_EVENTS));
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(r, "events"), i, e) {
    addf(b, "  %s  %s  %s\n      \xC2\xAB %s \xC2\xBB\n",
         json_string_value(json_object_get(e, "id")),
         OR_DASH(json_string_value(json_object_get(e, "type"))),
         OR_DASH(json_string_value(json_object_get(e, "cluster"))),
         OR_DASH(json_string_value(
             json_object_get(json_object_get(e, "evidence"), "text"))));
  }
  json_decref(r);
  return KB_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

static kb_status show_id(show *sh, const char *id) {
  kb_buf sql;
  kb_buf_init(&sql, 1u << 16);
  kb_status st;
  if (!strncmp(id, "cl-", 3)) {
    kb_buf_adds(&sql, "SELECT ");
    kb_buf_adds(&sql, kb_cluster_columns());
    kb_buf_adds(&sql, " FROM clusters c WHERE c.uid = ?1");
    st = one_row(sh, prepare1(sh, sql.data, id), id, cluster_row);
  } else if (!strncmp(id, "ev-", 3)) {
    kb_buf_adds(&sql, "SELECT ");
    kb_buf_adds(&sql, kb_event_columns());
    kb_buf_adds(&sql, " FROM events e JOIN documents d ON d.id = e.doc"
                      " LEFT JOIN clusters c ON c.id = e.cluster"
                      " WHERE e.uid = ?1");
    st = one_row(sh, prepare1(sh, sql.data, id), id, event_row);
  } else {
    st = one_row(sh,
                 prepare1(sh,
                          "SELECT id, input_id, hash, url, publisher,"
                          " published, title, lang, syn_group, n_events,"
                          " (SELECT g.input_id FROM documents g"
                          " WHERE g.id = coalesce(documents.syn_group,"
                          " documents.id))"
                          " FROM documents WHERE input_id = ?1 OR hash = ?1"
                          " ORDER BY id LIMIT 1",
                          id),
                 id, doc_row);
  }
  kb_buf_free(&sql);
  return st;
}

char *kb_store_show(kb_store *s, const char *id, kb_output fmt, kb_error *err) {
  if (!s || !id || !*id) {
    kb_error_set(err, KB_ERR_ARG, "", 0, -1, "no id to show");
    return NULL;
  }
  show sh = {.s = s,
             .fmt = fmt == KB_OUTPUT_JSONL ? fmt : KB_OUTPUT_TABLE,
             .err = err};
  kb_buf_init(&sh.out, 256u << 20);
  if (show_id(&sh, id) != KB_OK) {
    kb_buf_free(&sh.out);
    return NULL;
  }
  /* The caller frees with free(): hand over a malloc'd copy. */
  char *r = malloc(sh.out.len + 1);
  if (r) {
    memcpy(r, sh.out.data ? sh.out.data : "", sh.out.len);
    r[sh.out.len] = 0;
  }
  kb_buf_free(&sh.out);
  if (!r) kb_error_set(err, KB_ERR_NOMEM, id, 0, -1, "out of memory");
  return r;
}
