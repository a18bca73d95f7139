/* Cross-document event clusters.
 *
 * New events (cluster IS NULL) are taken in order of first report and each
 * either joins the best compatible cluster or founds one. Candidates come
 * from a block index keyed by (type, actor code, 32-day bucket): an event
 * only meets clusters that share its type, one of its actors and its
 * weeks, so the cost grows with the size of blocks, not with the square of
 * the events. Clusters are never renumbered or merged: the id a user saw
 * stays valid when more documents arrive. */
#include "fuse.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "alloc.h"
#include "arena.h"
#include "multimap.h"

#define BUCKET_DAYS 32
#define NO_DATE_BUCKET INT32_MIN

int kb_fz_unordered(const char *type) {
  return type && (!strcmp(type, "AGREEMENT") || !strcmp(type, "MEETING"));
}

static int same_or_null(const char *a, const char *b) {
  return !a || !b || !strcmp(a, b);
}

static int actors_compatible(const kb_fz_item *e, const kb_fz_item *c) {
  if (same_or_null(e->source, c->source) && same_or_null(e->target, c->target))
    return 1;
  return kb_fz_unordered(e->type) && same_or_null(e->source, c->target) &&
         same_or_null(e->target, c->source);
}

static int dates_compatible(const kb_fz_item *e, const kb_fz_item *c) {
  if (!e->has_range || !c->has_range) return e->has_range == c->has_range;
  return kb_dr_gap(&e->date, &c->date) <= KB_FUSE_DATE_SLACK;
}

/* Equipment must overlap when both sides name some; a generic "armes"
 * (other) is compatible with anything. Quantities never decide: 2 versus 4
 * helicopters is a disagreement to report, not two events. */
static int equipment_compatible(uint32_t a, uint32_t b) {
  if (!a || !b || ((a | b) & KB_CAT_OTHER_BIT)) return 1;
  return (a & b) != 0;
}

/* Equirectangular approximation: exact enough at tens of kilometres. */
static double km_between(const kb_fz_item *a, const kb_fz_item *b) {
  const double rad = 3.14159265358979 / 180.0;
  double x = (a->lon - b->lon) * rad * cos((a->lat + b->lat) / 2 * rad);
  double y = (a->lat - b->lat) * rad;
  return 6371.0 * sqrt(x * x + y * y);
}

/* Two attacks on the same day by the same group in different towns are
 * two attacks. */
static int places_compatible(const kb_fz_item *e, const kb_fz_item *c) {
  if (strcmp(e->type, "ATTACK")) return 1;
  if (e->has_coords && c->has_coords)
    return km_between(e, c) <= KB_FUSE_ATTACK_KM;
  return !e->place_fold || !c->place_fold ||
         !strcmp(e->place_fold, c->place_fold);
}

int kb_fz_compatible(const kb_fz_item *e, const kb_fz_item *c) {
  if (strcmp(e->type, c->type)) return 0;
  if (!actors_compatible(e, c) || !dates_compatible(e, c)) return 0;
  if (!equipment_compatible(e->categories, c->categories)) return 0;
  return places_compatible(e, c);
}

static int popcount32(uint32_t x) {
  int n = 0;
  for (; x; x &= x - 1)
    n++;
  return n;
}

double kb_fz_score(const kb_fz_item *e, const kb_fz_item *c, int size) {
  double s = 0;
  if (e->source && c->source) s += 2;
  if (e->target && c->target) s += 2;
  if (e->has_range && c->has_range) {
    s -= kb_dr_gap(&e->date, &c->date);
    if (e->date.prec == KB_DR_DAY && c->date.prec == KB_DR_DAY &&
        e->date.lo == c->date.lo)
      s += 2;
  }
  s += popcount32(e->categories & c->categories);
  if (e->place_fold && c->place_fold && !strcmp(e->place_fold, c->place_fold))
    s += 1;
  return s + (size < 10 ? size : 10) * 0.05;
}

/* ---- block index: (type, actor, bucket) -> clusters ------------------- */

static uint64_t block_key(const char *type, const char *actor, int32_t b) {
  char key[96];
  size_t nt = strnlen(type, 40), na = strnlen(actor, 40);
  memcpy(key, type, nt);
  key[nt] = '|';
  memcpy(key + nt + 1, actor, na);
  memcpy(key + nt + 1 + na, &b, sizeof b);
  return XXH3_64bits(key, nt + 1 + na + sizeof b);
}

/* ---- clusters in memory ------------------------------------------------ */

typedef struct fz_cluster {
  kb_fz_item it;
  sqlite3_int64 id; /* 0 until inserted */
  sqlite3_int64 founder;
  char uid[20];
  int size, touched;
} fz_cluster;

typedef struct fz_event {
  kb_fz_item it;
  sqlite3_int64 id;
  char uid[20];
  int cluster; /* index into fuse.cl */
} fz_event;

typedef struct fuse {
  kb_store *s;
  kb_arena arena;
  fz_cluster *cl;
  size_t n_cl, cap_cl;
  fz_event *ev;
  size_t n_ev, cap_ev;
  kb_multimap ix;
  int *stamp; /* per cluster: last event that saw it as a candidate */
  kb_fuse_stats *stats;
  kb_error *err;
} fuse;

static int32_t bucket_of(int32_t day) {
  return (day >= 0 ? day : day - BUCKET_DAYS + 1) / BUCKET_DAYS;
}

static void bucket_span(const kb_fz_item *it, int slack, int32_t *b0,
                        int32_t *b1) {
  if (!it->has_range) {
    *b0 = *b1 = NO_DATE_BUCKET;
    return;
  }
  *b0 = bucket_of(it->date.lo - slack);
  *b1 = bucket_of(it->date.hi + slack);
}

static kb_status register_actor(fuse *f, int c, const char *actor) {
  if (!actor) return KB_OK;
  int32_t b0, b1;
  bucket_span(&f->cl[c].it, KB_FUSE_DATE_SLACK, &b0, &b1);
  for (int32_t b = b0; b <= b1; b++)
    if (kb_mm_add(&f->ix, block_key(f->cl[c].it.type, actor, b), c))
      return KB_ERR_NOMEM;
  return KB_OK;
}

static kb_status register_cluster(fuse *f, int c) {
  const kb_fz_item *it = &f->cl[c].it;
  if (register_actor(f, c, it->source)) return KB_ERR_NOMEM;
  if (it->target && (!it->source || strcmp(it->source, it->target)))
    return register_actor(f, c, it->target);
  return KB_OK;
}

static fz_cluster *new_cluster(fuse *f) {
  if (f->n_cl == f->cap_cl) {
    size_t cap = f->cap_cl ? f->cap_cl * 2 : 256;
    fz_cluster *p = kb_realloc(f->cl, cap * sizeof *p);
    if (!p) return NULL;
    f->cl = p;
    int *st = kb_realloc(f->stamp, cap * sizeof *st);
    if (!st) return NULL;
    f->stamp = st;
    f->cap_cl = cap;
  }
  f->stamp[f->n_cl] = -1;
  fz_cluster *c = &f->cl[f->n_cl++];
  memset(c, 0, sizeof *c);
  return c;
}

static const char *dup(fuse *f, const char *s) {
  return s ? kb_arena_strdup(&f->arena, s) : NULL;
}

/* Columns col..col+9: type, source, target, precision, lo_day, hi_day,
 * categories, place_fold, lat, lon (the last three of a named place, not a
 * country). */
static void read_item(fuse *f, sqlite3_stmt *st, int col, kb_fz_item *it) {
  it->type = dup(f, kb_col_text(st, col));
  it->source = dup(f, kb_col_text(st, col + 1));
  it->target = dup(f, kb_col_text(st, col + 2));
  it->date.prec = sqlite3_column_int(st, col + 3);
  it->has_range = sqlite3_column_type(st, col + 4) != SQLITE_NULL;
  it->date.lo = sqlite3_column_int(st, col + 4);
  it->date.hi = sqlite3_column_int(st, col + 5);
  it->categories = (uint32_t)sqlite3_column_int64(st, col + 6);
  it->place_fold = dup(f, kb_col_text(st, col + 7));
  it->has_coords = sqlite3_column_type(st, col + 8) != SQLITE_NULL &&
                   sqlite3_column_type(st, col + 9) != SQLITE_NULL;
  it->lat = sqlite3_column_double(st, col + 8);
  it->lon = sqlite3_column_double(st, col + 9);
  if (!it->type) it->type = "";
}

static fz_event *new_event(fuse *f) {
  if (f->n_ev == f->cap_ev) {
    size_t cap = f->cap_ev ? f->cap_ev * 2 : 1024;
    fz_event *p = kb_realloc(f->ev, cap * sizeof *p);
    if (!p) return NULL;
    f->ev = p;
    f->cap_ev = cap;
  }
  fz_event *e = &f->ev[f->n_ev++];
  memset(e, 0, sizeof *e);
  return e;
}

/* Events waiting for a cluster, in order of first report. */
static kb_status load_events(fuse *f) {
  static const char sql[] =
      "SELECT e.id, e.uid, e.type, e.source, e.target, e.date_prec,"
      " e.lo_day, e.hi_day, e.categories,"
      " CASE WHEN e.place_precision IS NOT 'country' THEN e.place_fold END,"
      " CASE WHEN e.place_precision IS NOT 'country' THEN e.lat END,"
      " CASE WHEN e.place_precision IS NOT 'country' THEN e.lon END"
      " FROM events e JOIN documents d ON d.id = e.doc"
      " WHERE e.cluster IS NULL"
      " ORDER BY coalesce(d.published, '9999'), d.id, e.seq";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(f->s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(f->s, f->err, "cannot read events");
  int rc;
  fz_event *e = NULL;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && (e = new_event(f))) {
    e->id = sqlite3_column_int64(st, 0);
    snprintf(e->uid, sizeof e->uid, "%s", kb_col_text(st, 1));
    read_item(f, st, 2, &e->it);
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW)
    return kb_error_set(f->err, KB_ERR_NOMEM, f->s->path, 0, -1,
                        "out of memory");
  return rc == SQLITE_DONE ? KB_OK : kb_store_dberr(f->s, f->err, "events");
}

/* Existing clusters whose dates can meet the new events (and undated
 * ones); older clusters cannot be joined and stay on disk. */
static kb_status load_clusters(fuse *f, int32_t lo, int32_t hi) {
  static const char sql[] =
      "SELECT c.id, c.uid, c.type, c.source, c.target,"
      " CASE WHEN c.date IS NULL THEN 0 ELSE length(c.date) / 3 END,"
      " c.lo_day, c.hi_day, c.categories, p.place_fold, p.lat, p.lon,"
      " c.n_events, c.founder FROM clusters c LEFT JOIN events p ON p.id ="
      " (SELECT e.id FROM events e WHERE e.cluster = c.id AND"
      " e.place_fold IS NOT NULL AND e.place_precision IS NOT 'country'"
      " ORDER BY e.id LIMIT 1)"
      " WHERE c.lo_day IS NULL OR (c.hi_day >= ?1 AND c.lo_day <= ?2)";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(f->s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(f->s, f->err, "cannot read clusters");
  sqlite3_bind_int(st, 1, lo - KB_FUSE_DATE_SLACK);
  sqlite3_bind_int(st, 2, hi + KB_FUSE_DATE_SLACK);
  int rc;
  kb_status ks = KB_OK;
  while (ks == KB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    fz_cluster *c = new_cluster(f);
    if (!c) {
      ks = KB_ERR_NOMEM;
      break;
    }
    c->id = sqlite3_column_int64(st, 0);
    snprintf(c->uid, sizeof c->uid, "%s", kb_col_text(st, 1));
    read_item(f, st, 2, &c->it);
    c->size = sqlite3_column_int(st, 12);
    c->founder = sqlite3_column_int64(st, 13);
    ks = register_cluster(f, (int)(f->n_cl - 1));
  }
  sqlite3_finalize(st);
  if (ks != KB_OK)
    return kb_error_set(f->err, ks, f->s->path, 0, -1, "out of memory");
  return rc == SQLITE_DONE ? KB_OK : kb_store_dberr(f->s, f->err, "clusters");
}

static void event_span(const fuse *f, int32_t *lo, int32_t *hi) {
  *lo = INT32_MAX - KB_FUSE_DATE_SLACK;
  *hi = INT32_MIN + KB_FUSE_DATE_SLACK;
  for (size_t i = 0; i < f->n_ev; i++)
    if (f->ev[i].it.has_range) {
      if (f->ev[i].it.date.lo < *lo) *lo = f->ev[i].it.date.lo;
      if (f->ev[i].it.date.hi > *hi) *hi = f->ev[i].it.date.hi;
    }
}

static void consider(fuse *f, int ei, int c, int *best, double *best_score) {
  if (f->stamp[c] == ei) return;
  f->stamp[c] = ei;
  f->stats->comparisons++;
  const kb_fz_item *e = &f->ev[ei].it, *ci = &f->cl[c].it;
  if (!kb_fz_compatible(e, ci)) return;
  double sc = kb_fz_score(e, ci, f->cl[c].size);
  if (*best < 0 || sc > *best_score) {
    *best = c;
    *best_score = sc;
  }
}

static void scan_actor(fuse *f, int ei, const char *actor, int *best,
                       double *score) {
  if (!actor) return;
  int32_t b0, b1;
  bucket_span(&f->ev[ei].it, 0, &b0, &b1);
  for (int32_t b = b0; b <= b1; b++) {
    uint64_t key = block_key(f->ev[ei].it.type, actor, b);
    for (int l = kb_mm_first(&f->ix, key); l >= 0; l = kb_mm_next(&f->ix, l))
      consider(f, ei, kb_mm_value(&f->ix, l), best, score);
  }
}

/* A joining event fills the cluster's unknown actors, adds its equipment
 * and, when it is more precise about the date, narrows it. */
static kb_status absorb(fuse *f, int c, const kb_fz_item *e) {
  kb_fz_item *it = &f->cl[c].it;
  const char *old_source = it->source, *old_target = it->target;
  if (actors_compatible(e, it) && same_or_null(e->source, it->source) &&
      same_or_null(e->target, it->target)) {
    if (!it->source) it->source = e->source;
    if (!it->target) it->target = e->target;
  }
  it->categories |= e->categories;
  if (!it->place_fold && e->place_fold) {
    it->place_fold = e->place_fold;
    it->has_coords = e->has_coords;
    it->lat = e->lat;
    it->lon = e->lon;
  }
  if (e->has_range && e->date.prec > it->date.prec &&
      kb_dr_nested(&e->date, &it->date))
    it->date = e->date;
  kb_status st = KB_OK;
  if (it->source != old_source) st = register_actor(f, c, it->source);
  if (st == KB_OK && it->target != old_target)
    st = register_actor(f, c, it->target);
  return st;
}

static kb_status found_cluster(fuse *f, int ei) {
  fz_cluster *c = new_cluster(f);
  if (!c) return KB_ERR_NOMEM;
  c->it = f->ev[ei].it;
  c->founder = f->ev[ei].id;
  /* Named after the event that founded it, so the id is the same wherever
   * the same document founded the cluster. */
  snprintf(c->uid, sizeof c->uid, "cl-%s", f->ev[ei].uid + 3);
  int idx = (int)(f->n_cl - 1);
  f->ev[ei].cluster = idx;
  c->size = 1;
  c->touched = 1;
  f->stats->clusters_new++;
  if (!c->it.source && !c->it.target) return KB_OK; /* nothing to block on */
  return register_cluster(f, idx);
}

static kb_status assign(fuse *f, int ei) {
  int best = -1;
  double score = 0;
  scan_actor(f, ei, f->ev[ei].it.source, &best, &score);
  scan_actor(f, ei, f->ev[ei].it.target, &best, &score);
  if (best < 0) return found_cluster(f, ei);
  if (!f->cl[best].touched && f->cl[best].id) f->stats->clusters_grown++;
  f->cl[best].touched = 1;
  f->cl[best].size++;
  f->ev[ei].cluster = best;
  return absorb(f, best, &f->ev[ei].it);
}

static kb_status insert_cluster(fuse *f, sqlite3_stmt *st, fz_cluster *c) {
  sqlite3_reset(st);
  kb_bind_text(st, 1, c->uid);
  kb_bind_text(st, 2, c->it.type);
  kb_bind_text(st, 3, c->it.source);
  kb_bind_text(st, 4, c->it.target);
  sqlite3_bind_int64(st, 5, c->founder);
  if (sqlite3_step(st) != SQLITE_DONE)
    return kb_store_dberr(f->s, f->err, "cannot store cluster");
  c->id = sqlite3_last_insert_rowid(f->s->db);
  return KB_OK;
}

static kb_status insert_clusters(fuse *f) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(f->s->db,
                         "INSERT INTO clusters(uid, type, source, target,"
                         " founder) VALUES(?1, ?2, ?3, ?4, ?5)",
                         -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(f->s, f->err, "cannot store cluster");
  kb_status ks = KB_OK;
  for (size_t i = 0; i < f->n_cl && ks == KB_OK; i++)
    if (!f->cl[i].id) ks = insert_cluster(f, st, &f->cl[i]);
  sqlite3_finalize(st);
  return ks;
}

static kb_status write_links(fuse *f) {
  if (insert_clusters(f)) return KB_ERR_DB;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(f->s->db,
                         "UPDATE events SET cluster = ?2 WHERE id = ?1", -1,
                         &st, NULL) != SQLITE_OK)
    return kb_store_dberr(f->s, f->err, "cannot link events");
  int rc = SQLITE_DONE;
  for (size_t i = 0; i < f->n_ev && rc == SQLITE_DONE; i++) {
    sqlite3_bind_int64(st, 1, f->ev[i].id);
    sqlite3_bind_int64(st, 2, f->cl[f->ev[i].cluster].id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? KB_OK
                           : kb_store_dberr(f->s, f->err, "cannot link events");
}

static kb_status run(fuse *f) {
  kb_status st = kb_fuse_neardup(f->s, f->stats, f->err);
  if (st == KB_OK) st = load_events(f);
  if (st != KB_OK || f->n_ev == 0) return st;
  int32_t lo, hi;
  event_span(f, &lo, &hi);
  if ((st = load_clusters(f, lo, hi))) return st;
  for (size_t i = 0; i < f->n_ev && st == KB_OK; i++)
    st = assign(f, (int)i);
  if (st != KB_OK)
    return kb_error_set(f->err, st, f->s->path, 0, -1, "out of memory");
  if ((st = write_links(f))) return st;
  for (size_t i = 0; i < f->n_cl && st == KB_OK; i++)
    if (f->cl[i].touched) st = kb_fuse_consolidate(f->s, f->cl[i].id, f->err);
  f->stats->events = (long long)f->n_ev;
  return st;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

kb_status kb_store_fuse(kb_store *s, kb_fuse_stats *stats, kb_error *err) {
  kb_fuse_stats local;
  if (!stats) stats = &local;
  memset(stats, 0, sizeof *stats);
  if (!s) return kb_error_set(err, KB_ERR_ARG, "", 0, -1, "no store");
  double t0 = now_seconds();
  kb_status st = kb_store_begin(s, err);
  if (st != KB_OK) return st;
  fuse f = {.s = s, .stats = stats, .err = err};
  kb_arena_init(&f.arena);
  st = run(&f);
  if (st == KB_OK)
    st = kb_store_commit(s, err);
  else
    kb_store_rollback(s);
  kb_arena_reset(&f.arena);
  kb_mm_free(&f.ix);
  kb_free(f.cl);
  kb_free(f.ev);
  kb_free(f.stamp);
  stats->seconds = now_seconds() - t0;
  return st;
}
