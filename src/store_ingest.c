/* Writing one document: its row, paragraphs (and their full-text entries),
 * mentions, events with equipment, and its near-duplicate group. Runs under
 * a savepoint inside the caller's batch, so a failure leaves no part of the
 * document behind. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "daterange.h"
#include "fold.h"
#include "minhash.h"
#include "store.h"

/* A report with no date of its own tells of something in the days before it
 * was published: fusion compares it with this window. */
#define KB_UNDATED_WINDOW_DAYS 10

typedef struct doc_ctx {
  kb_store *s;
  const kb_text *t;
  sqlite3_int64 id;
  char hash[33];
  const char *publisher;
  kb_error *err;
} doc_ctx;

static kb_status step_done(doc_ctx *c, sqlite3_stmt *st, const char *what) {
  int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
  if (st) sqlite3_reset(st);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return KB_OK;
  return kb_store_dberr(c->s, c->err, what);
}

static sqlite3_stmt *stmt(doc_ctx *c, kb_stmt_id id) {
  sqlite3_stmt *st = kb_store_stmt(c->s, id);
  if (!st) kb_store_dberr(c->s, c->err, "cannot prepare");
  return st;
}

static void bind_opt_double(sqlite3_stmt *st, int i, int has, double v) {
  if (has)
    sqlite3_bind_double(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

static kb_status insert_document(doc_ctx *c, const kb_minhash *mh, size_t nm,
                                 size_t ne) {
  const kb_text *t = c->t;
  sqlite3_stmt *st = stmt(c, KB_ST_DOC_INSERT);
  if (!st) return KB_ERR_DB;
  kb_bind_text(st, 1, c->hash);
  kb_bind_text(st, 2, t->doc_id ? t->doc_id : c->hash);
  kb_bind_text(st, 3, t->url);
  kb_bind_text(st, 4, c->publisher);
  kb_bind_text(st, 5, t->published);
  kb_bind_text(st, 6, t->title);
  kb_bind_text(st, 7, t->lang);
  sqlite3_bind_int64(st, 8, (sqlite3_int64)t->body_start);
  kb_bind_textn(st, 9, t->text, t->text_len);
  sqlite3_bind_int64(st, 10, (sqlite3_int64)t->n_paragraphs);
  sqlite3_bind_int64(st, 11, (sqlite3_int64)nm);
  sqlite3_bind_int64(st, 12, (sqlite3_int64)ne);
  sqlite3_bind_blob(st, 13, mh->sig, sizeof mh->sig, SQLITE_TRANSIENT);
  return step_done(c, st, "cannot store document");
}

static kb_status insert_paragraphs(doc_ctx *c) {
  const kb_text *t = c->t;
  for (size_t i = 0; i < t->n_paragraphs; i++) {
    const kb_span *p = &t->paragraphs[i];
    if (p->end > t->text_len || p->start > p->end)
      return kb_error_set(c->err, KB_ERR_FORMAT, t->doc_id, 0, -1,
                          "paragraph %zu outside the text", i);
    sqlite3_stmt *st = stmt(c, KB_ST_PARA_INSERT);
    if (!st) return KB_ERR_DB;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)p->start);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)p->end);
    if (step_done(c, st, "cannot store paragraph")) return KB_ERR_DB;
    sqlite3_int64 pid = sqlite3_last_insert_rowid(c->s->db);
    if (!(st = stmt(c, KB_ST_FTS_INSERT))) return KB_ERR_DB;
    sqlite3_bind_int64(st, 1, pid);
    kb_bind_textn(st, 2, t->text + p->start, p->end - p->start);
    if (step_done(c, st, "cannot index paragraph")) return KB_ERR_DB;
  }
  return KB_OK;
}

static kb_status insert_mention(doc_ctx *c, const kb_mention *m) {
  sqlite3_stmt *st = stmt(c, KB_ST_MENTION_INSERT);
  if (!st) return KB_ERR_DB;
  int located = m->kind == KB_MENTION_PLACE && m->country;
  sqlite3_bind_int64(st, 1, c->id);
  kb_bind_text(st, 2, kb_mention_kind_name(m->kind));
  sqlite3_bind_int64(st, 3, (sqlite3_int64)m->start);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)m->end);
  kb_bind_text(st, 5, m->text);
  kb_bind_text(st, 6, m->code);
  kb_bind_text(st, 7, m->sector);
  kb_bind_text(st, 8, m->category);
  kb_bind_text(st, 9, m->designation);
  kb_bind_text(st, 10, m->place);
  kb_bind_text(st, 11, m->country);
  bind_opt_double(st, 12, located, m->lat);
  bind_opt_double(st, 13, located, m->lon);
  kb_bind_text(st, 14, m->value);
  bind_opt_double(st, 15, m->has_quantity, m->quantity);
  return step_done(c, st, "cannot store mention");
}

/* Index of the paragraph holding byte offset off, -1 if none (paragraphs
 * are sorted and disjoint). */
static long paragraph_of(const kb_text *t, size_t off) {
  size_t lo = 0, hi = t->n_paragraphs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->paragraphs[mid].end < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->n_paragraphs && t->paragraphs[lo].start <= off ? (long)lo : -1;
}

/* The event's own date, else the window before publication, as a range;
 * 0 when there is neither. */
static int event_range(const kb_text *t, const kb_event *e, kb_dr *r) {
  if (kb_dr_parse(e->date_value, r) != KB_DR_NONE) return 1;
  kb_dr pub;
  if (kb_dr_parse(t->published, &pub) == KB_DR_NONE) return 0;
  r->lo = pub.lo - KB_UNDATED_WINDOW_DAYS;
  r->hi = pub.hi;
  r->prec = KB_DR_NONE;
  return 1;
}

static void bind_range(sqlite3_stmt *st, const kb_text *t, const kb_event *e) {
  kb_dr r;
  sqlite3_bind_int(st, 11, kb_dr_parse(e->date_value, &r));
  if (!event_range(t, e, &r)) return;
  char lo[11], hi[11];
  kb_dr_format(r.lo, lo);
  kb_dr_format(r.hi, hi);
  kb_bind_text(st, 12, lo);
  kb_bind_text(st, 13, hi);
  sqlite3_bind_int(st, 14, r.lo);
  sqlite3_bind_int(st, 15, r.hi);
}

static void bind_place(sqlite3_stmt *st, const kb_event *e, char *fold) {
  kb_bind_text(st, 16, e->place_name);
  kb_bind_text(st, 17, fold);
  kb_bind_text(st, 18, e->place_country);
  bind_opt_double(st, 19, e->place_has_coords, e->place_lat);
  bind_opt_double(st, 20, e->place_has_coords, e->place_lon);
  kb_bind_text(st, 21, e->place_precision);
}

static void bind_evidence(sqlite3_stmt *st, const kb_text *t,
                          const kb_event *e) {
  kb_bind_text(st, 22, e->modality);
  kb_bind_text(st, 23, e->evidence_text);
  sqlite3_bind_int64(st, 24, (sqlite3_int64)e->evidence_start);
  sqlite3_bind_int64(st, 25, (sqlite3_int64)e->evidence_end);
  long para = paragraph_of(t, e->evidence_start);
  if (para >= 0) sqlite3_bind_int64(st, 26, para);
  sqlite3_bind_double(st, 27, e->confidence);
  kb_bind_text(st, 28, e->plover);
  kb_bind_text(st, 29, e->cameo);
}

static uint32_t categories_of(const kb_event *e) {
  uint32_t bits = 0;
  for (size_t i = 0; i < e->n_equipment; i++)
    bits |= kb_category_bit(e->equipment[i].category);
  return bits;
}

static kb_status insert_equipment(doc_ctx *c, sqlite3_int64 ev,
                                  const kb_event *e) {
  for (size_t i = 0; i < e->n_equipment; i++) {
    const kb_equipment *q = &e->equipment[i];
    sqlite3_stmt *st = stmt(c, KB_ST_EQUIP_INSERT);
    if (!st) return KB_ERR_DB;
    sqlite3_bind_int64(st, 1, ev);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    kb_bind_text(st, 3, q->category);
    kb_bind_text(st, 4, q->designation);
    bind_opt_double(st, 5, q->has_quantity, q->quantity);
    kb_bind_text(st, 6, q->text);
    if (step_done(c, st, "cannot store equipment")) return KB_ERR_DB;
  }
  return KB_OK;
}

/* What the extractor's record says beyond the columns (read back by
 * kb_event_record): usually nothing, stored as "{}". The columns already
 * hold every field of DESIGN.md's record; storing it whole again would
 * double the events table. */
static char *extra_members(const kb_event *e) {
  static const char *const covered[] = {
      "doc",   "type",     "source",   "target",     "equipment", "date",
      "place", "modality", "evidence", "confidence", "plover",    "cameo"};
  char *full = kb_event_to_json(e, NULL);
  json_t *o = full ? json_loads(full, 0, NULL) : NULL;
  free(full);
  if (!json_is_object(o)) {
    json_decref(o);
    return NULL;
  }
  for (size_t i = 0; i < sizeof covered / sizeof *covered; i++)
    json_object_del(o, covered[i]);
  char *extra = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return extra;
}

static kb_status insert_event(doc_ctx *c, const kb_event *e, int seq) {
  if (!e->type)
    return kb_error_set(c->err, KB_ERR_FORMAT, c->t->doc_id, 0, -1,
                        "event %d has no type", seq);
  sqlite3_stmt *st = stmt(c, KB_ST_EVENT_INSERT);
  if (!st) return KB_ERR_DB;
  char uid[20];
  kb_event_uid(c->hash, seq, uid);
  char *json = extra_members(e);
  char *fold =
      e->place_name ? kb_fold_dup(e->place_name, strlen(e->place_name)) : NULL;
  kb_bind_text(st, 1, uid);
  sqlite3_bind_int64(st, 2, c->id);
  sqlite3_bind_int(st, 3, seq);
  kb_bind_text(st, 4, e->type);
  kb_bind_text(st, 5, e->source.code);
  kb_bind_text(st, 6, e->source.text);
  kb_bind_text(st, 7, e->target.code);
  kb_bind_text(st, 8, e->target.text);
  kb_bind_text(st, 9, e->date_value);
  kb_bind_text(st, 10, e->date_text);
  bind_range(st, c->t, e);
  bind_place(st, e, fold);
  bind_evidence(st, c->t, e);
  sqlite3_bind_int64(st, 30, categories_of(e));
  kb_bind_text(st, 31, json ? json : "{}");
  kb_status rc = step_done(c, st, "cannot store event");
  free(json);
  kb_free(fold);
  if (rc == KB_OK)
    rc = insert_equipment(c, sqlite3_last_insert_rowid(c->s->db), e);
  return rc;
}

/* Near-duplicate groups are settled by fusion (neardup.c); ingest only
 * appends the document's band keys. */
static kb_status insert_sketch(doc_ctx *c, const kb_minhash *mh) {
  if (mh->shingles < KB_MH_MIN_SHINGLES) return KB_OK;
  sqlite3_stmt *st = stmt(c, KB_ST_SKETCH_INSERT);
  if (!st) return KB_ERR_DB;
  sqlite3_bind_int64(st, 1, c->id);
  sqlite3_bind_blob(st, 2, mh->bands, sizeof mh->bands, SQLITE_TRANSIENT);
  return step_done(c, st, "cannot store sketch");
}

/* The body without the title: syndicated copies often get a new title. */
static kb_status body_minhash(const kb_text *t, kb_minhash *mh) {
  size_t start = t->body_start < t->text_len ? t->body_start : 0;
  return kb_minhash_text(t->text + start, t->text_len - start, mh);
}

static kb_status record_copy(doc_ctx *c, sqlite3_int64 doc) {
  sqlite3_stmt *st = stmt(c, KB_ST_DOC_COPY);
  if (!st) return KB_ERR_DB;
  sqlite3_bind_int64(st, 1, doc);
  kb_bind_text(st, 2, c->t->doc_id ? c->t->doc_id : c->hash);
  kb_bind_text(st, 3, c->t->url);
  kb_bind_text(st, 4, c->publisher);
  kb_bind_text(st, 5, c->t->published);
  return step_done(c, st, "cannot record copy");
}

/* 1 and *id set when the text is stored, 0 when not, -1 on error. */
static int find_document(doc_ctx *c, sqlite3_int64 *id) {
  sqlite3_stmt *st = kb_store_stmt(c->s, KB_ST_DOC_FIND);
  if (!st) return -1;
  kb_bind_text(st, 1, c->hash);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static kb_status write_parts(doc_ctx *c, const kb_mention *m, size_t nm,
                             const kb_event *ev, size_t ne) {
  kb_minhash mh;
  kb_status st = body_minhash(c->t, &mh);
  if (st != KB_OK)
    return kb_error_set(c->err, st, c->t->doc_id, 0, -1,
                        "cannot fingerprint the text");
  if ((st = insert_document(c, &mh, nm, ne))) return st;
  c->id = sqlite3_last_insert_rowid(c->s->db);
  if ((st = insert_sketch(c, &mh))) return st;
  if ((st = insert_paragraphs(c))) return st;
  for (size_t i = 0; i < nm; i++)
    if ((st = insert_mention(c, &m[i]))) return st;
  for (size_t i = 0; i < ne; i++)
    if ((st = insert_event(c, &ev[i], (int)i))) return st;
  return KB_OK;
}

static void count(kb_ingest_stats *stats, const kb_text *t, size_t nm,
                  size_t ne) {
  if (!stats) return;
  stats->docs_added++;
  stats->paragraphs += (long long)t->n_paragraphs;
  stats->mentions += (long long)nm;
  stats->events += (long long)ne;
}

static kb_status add_new(doc_ctx *c, const kb_mention *m, size_t nm,
                         const kb_event *ev, size_t ne,
                         kb_ingest_stats *stats) {
  kb_status st = kb_store_exec(c->s, "SAVEPOINT doc", c->err);
  if (st != KB_OK) return st;
  st = write_parts(c, m, nm, ev, ne);
  if (st == KB_OK) st = kb_store_exec(c->s, "RELEASE doc", c->err);
  if (st != KB_OK) {
    sqlite3_exec(c->s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
    return st;
  }
  count(stats, c->t, nm, ne);
  return KB_OK;
}

kb_status kb_store_add(kb_store *s, const kb_text *t, const kb_mention *m,
                       size_t nm, const kb_event *ev, size_t ne,
                       kb_ingest_stats *stats, kb_error *err) {
  if (!s || !t || !t->text || (nm && !m) || (ne && !ev))
    return kb_error_set(err, KB_ERR_ARG, t && t->doc_id ? t->doc_id : "", 0, -1,
                        "kb_store_add: missing argument");
  if (!s->in_tx)
    return kb_error_set(err, KB_ERR_ARG, s->path, 0, -1,
                        "kb_store_add outside a batch (kb_store_begin)");
  doc_ctx c = {.s = s, .t = t, .err = err};
  kb_text_hash(t->text, t->text_len, c.hash);
  char *host = t->publisher ? NULL : kb_url_host(t->url);
  c.publisher = t->publisher ? t->publisher : host;
  sqlite3_int64 existing;
  int found = find_document(&c, &existing);
  kb_status st;
  if (found < 0) {
    st = kb_store_dberr(s, err, "cannot look up document");
  } else if (found) {
    st = record_copy(&c, existing);
    if (st == KB_OK && stats) stats->docs_present++;
  } else {
    st = add_new(&c, m, nm, ev, ne, stats);
  }
  kb_free(host);
  return st;
}

kb_status kb_store_ingest_batch(kb_store *s, const kb_store_doc *docs, size_t n,
                                kb_ingest_stats *stats, kb_error *err) {
  kb_ingest_stats local = {0};
  kb_status st = kb_store_begin(s, err);
  for (size_t i = 0; st == KB_OK && i < n; i++)
    st = kb_store_add(s, docs[i].text, docs[i].mentions, docs[i].n_mentions,
                      docs[i].events, docs[i].n_events, &local, err);
  if (st == KB_OK) st = kb_store_commit(s, err);
  if (st != KB_OK) {
    kb_store_rollback(s);
    return st;
  }
  if (stats) {
    stats->docs_added += local.docs_added;
    stats->docs_present += local.docs_present;
    stats->paragraphs += local.paragraphs;
    stats->mentions += local.mentions;
    stats->events += local.events;
  }
  return KB_OK;
}
