/* Consolidating one cluster: which publishers are independent, what most of
 * them say (the vote), and where they disagree (the conflicts).
 *
 * Votes are counted per independent source, not per document: documents of
 * one publisher, or of one syndication group, speak with one voice, so a
 * wire story copied by five sites cannot outvote two outlets that checked. */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "fuse.h"
#include "kb_limits.h"

typedef struct member {
  sqlite3_int64 event, doc, group;
  const char *uid, *input_id, *publisher, *published;
  const char *source, *target, *date, *place, *place_fold, *country;
  const char *modality;
  kb_dr range;
  int has_range, has_coords;
  int country_only; /* the place is the country itself (DESIGN: no place
                       named, the recipient's or host's country) */
  double lat, lon;
  int src; /* independent source (component) */
} member;

typedef struct vote {
  const char *key, *shown;
  double num;
  int first, n_src;
  int *srcs;
  const char **docs;
  int n_docs;
  const member *m; /* first member that gave it */
} vote;

typedef struct tally {
  vote *v;
  int n, cap;
} tally;

typedef struct consolidation {
  kb_store *s;
  kb_arena a;
  member *m;
  int n;
  int n_src, n_docs;
  const char *type;
  kb_error *err;
} consolidation;

/* ---- independent sources ------------------------------------------------ */

static int find_root(int *parent, int i) {
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

static int same(const char *a, const char *b) {
  return a && b && !strcmp(a, b);
}

static void independent_sources(consolidation *c) {
  int *parent = kb_arena_alloc(&c->a, (size_t)c->n * sizeof *parent);
  if (!parent) return;
  for (int i = 0; i < c->n; i++)
    parent[i] = i;
  for (int i = 0; i < c->n; i++)
    for (int j = 0; j < i; j++) {
      const member *a = &c->m[i], *b = &c->m[j];
      if (a->doc == b->doc || a->group == b->group ||
          same(a->publisher, b->publisher))
        parent[find_root(parent, i)] = find_root(parent, j);
    }
  c->n_src = c->n_docs = 0;
  for (int i = 0; i < c->n; i++) {
    c->n_src += find_root(parent, i) == i;
    int first_of_doc = 1;
    for (int j = 0; j < i && first_of_doc; j++)
      first_of_doc = c->m[j].doc != c->m[i].doc;
    c->n_docs += first_of_doc;
  }
  /* Number the components 0..n_src-1. */
  int *label = kb_arena_alloc(&c->a, (size_t)c->n * sizeof *label);
  if (!label) return;
  int next = 0;
  for (int i = 0; i < c->n; i++)
    label[i] = -1;
  for (int i = 0; i < c->n; i++) {
    int r = find_root(parent, i);
    if (label[r] < 0) label[r] = next++;
    c->m[i].src = label[r];
  }
}

/* ---- tallies ------------------------------------------------------------ */

static vote *tally_find(tally *t, const char *key) {
  for (int i = 0; i < t->n; i++)
    if (!strcmp(t->v[i].key, key)) return &t->v[i];
  return NULL;
}

static vote *tally_new(consolidation *c, tally *t, const char *key) {
  if (t->n == t->cap) {
    int cap = t->cap ? t->cap * 2 : 8;
    vote *v = kb_arena_alloc(&c->a, (size_t)cap * sizeof *v);
    if (!v) return NULL;
    if (t->n) memcpy(v, t->v, (size_t)t->n * sizeof *v);
    t->v = v;
    t->cap = cap;
  }
  vote *v = &t->v[t->n++];
  memset(v, 0, sizeof *v);
  v->key = key;
  v->srcs = kb_arena_alloc(&c->a, (size_t)c->n * sizeof *v->srcs);
  v->docs = kb_arena_alloc(&c->a, (size_t)c->n * sizeof *v->docs);
  if (!v->srcs || !v->docs) return NULL;
  return v;
}

/* Adds one member's value (key) to the tally; NULL values do not vote. */
static vote *tally_add(consolidation *c, tally *t, const char *key, int mi) {
  if (!key) return NULL;
  vote *v = tally_find(t, key);
  if (!v && (v = tally_new(c, t, key))) {
    v->first = mi;
    v->m = &c->m[mi];
  }
  if (!v) return NULL;
  const member *m = &c->m[mi];
  int seen = 0;
  for (int i = 0; i < v->n_src && !seen; i++)
    seen = v->srcs[i] == m->src;
  if (!seen) v->srcs[v->n_src++] = m->src;
  seen = 0;
  for (int i = 0; i < v->n_docs && !seen; i++)
    seen = !strcmp(v->docs[i], m->input_id);
  if (!seen) v->docs[v->n_docs++] = m->input_id;
  return v;
}

/* Most independent sources; ties go to the earliest report. */
static const vote *tally_winner(const tally *t) {
  const vote *best = NULL;
  for (int i = 0; i < t->n; i++)
    if (!best || t->v[i].n_src > best->n_src ||
        (t->v[i].n_src == best->n_src && t->v[i].first < best->first))
      best = &t->v[i];
  return best;
}

static json_t *vote_json(const vote *v, int numeric) {
  json_t *docs = json_array();
  for (int i = 0; i < v->n_docs; i++)
    json_array_append_new(docs, json_string(v->docs[i]));
  json_t *val =
      numeric ? json_real(v->num) : json_string(v->shown ? v->shown : v->key);
  if (numeric && v->num == (double)(long long)v->num)
    val = (json_decref(val), json_integer((json_int_t)v->num));
  return json_pack("{s:o, s:i, s:o}", "value", val, "sources", v->n_src, "docs",
                   docs);
}

static void add_conflict(json_t *conflicts, const char *field,
                         const char *category, const tally *t, int numeric) {
  json_t *vals = json_array();
  for (int i = 0; i < t->n; i++)
    json_array_append_new(vals, vote_json(&t->v[i], numeric));
  json_t *o = json_pack("{s:s}", "field", field);
  if (category) json_object_set_new(o, "category", json_string(category));
  json_object_set_new(o, "values", vals);
  json_array_append_new(conflicts, o);
}

/* ---- reading members ---------------------------------------------------- */

static const char *col(consolidation *c, sqlite3_stmt *st, int i) {
  const char *v = kb_col_text(st, i);
  return v ? kb_arena_strdup(&c->a, v) : NULL;
}

static void read_member(consolidation *c, sqlite3_stmt *st, member *m) {
  m->event = sqlite3_column_int64(st, 0);
  m->uid = col(c, st, 1);
  m->source = col(c, st, 2);
  m->target = col(c, st, 3);
  m->date = col(c, st, 4);
  m->has_range = sqlite3_column_type(st, 5) != SQLITE_NULL;
  m->range.lo = sqlite3_column_int(st, 5);
  m->range.hi = sqlite3_column_int(st, 6);
  m->place = col(c, st, 7);
  m->place_fold = col(c, st, 8);
  m->country = col(c, st, 9);
  m->has_coords = sqlite3_column_type(st, 10) != SQLITE_NULL;
  m->lat = sqlite3_column_double(st, 10);
  m->lon = sqlite3_column_double(st, 11);
  m->modality = col(c, st, 12);
  m->doc = sqlite3_column_int64(st, 13);
  m->input_id = col(c, st, 14);
  m->publisher = col(c, st, 15);
  m->group = sqlite3_column_int64(st, 16);
  m->published = col(c, st, 17);
  const char *prec = kb_col_text(st, 18);
  m->country_only = prec && !strcmp(prec, "country");
  if (!m->input_id) m->input_id = "";
}

static int grow_members(consolidation *c, int *cap) {
  int n = *cap ? *cap * 2 : 16;
  member *m = kb_arena_alloc(&c->a, (size_t)n * sizeof *m);
  if (!m) return 0;
  if (c->n) memcpy(m, c->m, (size_t)c->n * sizeof *m);
  c->m = m;
  *cap = n;
  return 1;
}

static kb_status read_members(consolidation *c, sqlite3_int64 cluster) {
  static const char sql[] =
      "SELECT e.id, e.uid, e.source, e.target, e.date, e.lo_day, e.hi_day,"
      " e.place, e.place_fold, e.place_country, e.lat, e.lon, e.modality,"
      " d.id, d.input_id, d.publisher, coalesce(d.syn_group, d.id),"
      " d.published,"
      " e.place_precision"
      " FROM events e JOIN documents d ON d.id = e.doc WHERE e.cluster = ?1"
      " ORDER BY coalesce(d.published, '9999'), d.id, e.seq LIMIT ?2";
  sqlite3_stmt *st = kb_store_cached(c->s, KB_ST_VOTE_MEMBERS, sql);
  if (!st) return kb_store_dberr(c->s, c->err, "cannot read cluster");
  sqlite3_bind_int64(st, 1, cluster);
  sqlite3_bind_int(st, 2, KB_MAX_CLUSTER_EVENTS);
  int rc, cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (c->n == cap && !grow_members(c, &cap)) {
      rc = SQLITE_NOMEM;
      break;
    }
    read_member(c, st, &c->m[c->n++]);
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE
             ? KB_OK
             : kb_store_dberr(c->s, c->err, "cannot read cluster");
}

/* ---- fields ------------------------------------------------------------- */

typedef struct result {
  const char *source, *target, *date, *place, *place_fold, *country;
  const char *modality, *earliest;
  sqlite3_int64 earliest_doc;
  int has_coords;
  double lat, lon;
  kb_dr range;
  int has_range;
  uint32_t categories;
  json_t *equipment, *conflicts;
} result;

/* A month and one of its days do not disagree: each value is supported by
 * every source whose date contains it or lies within it, and the most
 * precise of the best supported wins. */
static void vote_date(consolidation *c, result *r) {
  tally t = {0};
  for (int i = 0; i < c->n; i++)
    tally_add(c, &t, c->m[i].date, i);
  const vote *best = NULL;
  int best_support = -1, best_prec = 0;
  kb_dr best_dr = {0};
  for (int i = 0; i < t.n; i++) {
    kb_dr a;
    int prec = kb_dr_parse(t.v[i].key, &a);
    int support = 0;
    for (int j = 0; j < t.n; j++) {
      kb_dr b;
      kb_dr_parse(t.v[j].key, &b);
      if (kb_dr_nested(&a, &b)) support += t.v[j].n_src;
    }
    if (support > best_support ||
        (support == best_support && prec > best_prec)) {
      best = &t.v[i];
      best_support = support;
      best_prec = prec;
      best_dr = a;
    }
  }
  if (!best) return;
  r->date = best->key;
  r->range = best_dr;
  r->has_range = 1;
  for (int i = 0; i < t.n; i++) {
    kb_dr a;
    kb_dr_parse(t.v[i].key, &a);
    if (!kb_dr_nested(&a, &best_dr)) {
      add_conflict(r->conflicts, "date", NULL, &t, 0);
      break;
    }
  }
}

/* Without any date, the cluster spans its reports' windows. */
static void report_span(consolidation *c, result *r) {
  for (int i = 0; i < c->n; i++) {
    if (!c->m[i].has_range) continue;
    if (!r->has_range || c->m[i].range.lo < r->range.lo)
      r->range.lo = c->m[i].range.lo;
    if (!r->has_range || c->m[i].range.hi > r->range.hi)
      r->range.hi = c->m[i].range.hi;
    r->has_range = 1;
  }
}

/* A town and the country it lies in do not disagree: when some reports
 * name a place, the country-level ones only vote for the country. */
static void vote_place(consolidation *c, result *r) {
  tally t = {0};
  int any_place = 0;
  for (int i = 0; i < c->n; i++)
    any_place |= c->m[i].place_fold && !c->m[i].country_only;
  for (int i = 0; i < c->n; i++) {
    if (any_place && c->m[i].country_only) continue;
    vote *v = tally_add(c, &t, c->m[i].place_fold, i);
    if (v && !v->shown) v->shown = c->m[i].place;
  }
  const vote *w = tally_winner(&t);
  if (!w) return;
  r->place = w->shown;
  r->place_fold = w->key;
  r->country = w->m->country;
  for (int i = 0; i < c->n && !r->has_coords; i++)
    if (c->m[i].has_coords && same(c->m[i].place_fold, w->key)) {
      r->has_coords = 1;
      r->lat = c->m[i].lat;
      r->lon = c->m[i].lon;
      if (!r->country) r->country = c->m[i].country;
    }
  if (t.n > 1) add_conflict(r->conflicts, "place", NULL, &t, 0);
}

static const char *vote_simple(consolidation *c, result *r, const char *field,
                               size_t off) {
  tally t = {0};
  int denied = 0;
  for (int i = 0; i < c->n; i++) {
    const char *v = *(const char *const *)((const char *)&c->m[i] + off);
    tally_add(c, &t, v, i);
    denied |= v && !strcmp(v, "denied");
  }
  const vote *w = tally_winner(&t);
  /* Actors are compatible by construction; modality conflicts only when
   * somebody denies what others assert. */
  if (t.n > 1 && (strcmp(field, "modality") || denied))
    add_conflict(r->conflicts, field, NULL, &t, 0);
  return w ? w->key : NULL;
}

/* A meeting or an agreement has two parties in no order: the two codes
 * named by most sources, alphabetically; a third party is a conflict. */
static void vote_participants(consolidation *c, result *r) {
  tally t = {0};
  for (int i = 0; i < c->n; i++) {
    tally_add(c, &t, c->m[i].source, i);
    tally_add(c, &t, c->m[i].target, i);
  }
  const vote *a = tally_winner(&t), *b = NULL;
  for (int i = 0; i < t.n; i++)
    if (&t.v[i] != a && (!b || t.v[i].n_src > b->n_src ||
                         (t.v[i].n_src == b->n_src && t.v[i].first < b->first)))
      b = &t.v[i];
  if (a && b && strcmp(a->key, b->key) > 0) {
    const vote *x = a;
    a = b;
    b = x;
  }
  r->source = a ? a->key : NULL;
  r->target = b ? b->key : NULL;
  if (t.n > 2) add_conflict(r->conflicts, "participants", NULL, &t, 0);
}

/* ---- equipment ---------------------------------------------------------- */

static int member_of_event(const consolidation *c, sqlite3_int64 ev) {
  for (int i = 0; i < c->n; i++)
    if (c->m[i].event == ev) return i;
  return -1;
}

typedef struct cat_votes {
  const char *category;
  tally any, designation, quantity;
} cat_votes;

/* Mi-171 and Mi-171Sh name one type: only designations where neither is
 * a prefix of the other (ignoring case and hyphens) disagree. */
static int designations_differ(const tally *t) {
  for (int i = 0; i < t->n; i++)
    for (int j = 0; j < i; j++) {
      const char *a = t->v[i].key, *b = t->v[j].key;
      while (*a && *b) {
        if (*a == '-' || *a == ' ') {
          a++;
          continue;
        }
        if (*b == '-' || *b == ' ') {
          b++;
          continue;
        }
        if ((*a | 32) != (*b | 32)) return 1;
        a++;
        b++;
      }
    }
  return 0;
}

static cat_votes *cat_for(consolidation *c, cat_votes *cv, int *n,
                          const char *category) {
  for (int i = 0; i < *n; i++)
    if (!strcmp(cv[i].category, category)) return &cv[i];
  if (*n >= 32) return NULL;
  cat_votes *x = &cv[(*n)++];
  memset(x, 0, sizeof *x);
  x->category = kb_arena_strdup(&c->a, category);
  return x->category ? x : NULL;
}

static void equipment_row(consolidation *c, sqlite3_stmt *st, cat_votes *cv,
                          int *n) {
  int mi = member_of_event(c, sqlite3_column_int64(st, 0));
  const char *cat = kb_col_text(st, 1);
  cat_votes *x = mi >= 0 && cat ? cat_for(c, cv, n, cat) : NULL;
  if (!x) return;
  tally_add(c, &x->any, x->category, mi);
  tally_add(c, &x->designation, col(c, st, 2), mi);
  if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
    double q = sqlite3_column_double(st, 3);
    const char *key = kb_arena_printf(&c->a, "%.17g", q);
    vote *v = tally_add(c, &x->quantity, key, mi);
    if (v) v->num = q;
  }
}

static json_t *equipment_json(const cat_votes *x, result *r) {
  json_t *o = json_pack("{s:s, s:i}", "category", x->category, "sources",
                        x->any.n ? x->any.v[0].n_src : 0);
  const vote *d = tally_winner(&x->designation),
             *q = tally_winner(&x->quantity);
  json_object_set_new(o, "designation", d ? json_string(d->key) : json_null());
  if (q && q->num == (double)(long long)q->num)
    json_object_set_new(o, "quantity", json_integer((json_int_t)q->num));
  else
    json_object_set_new(o, "quantity", q ? json_real(q->num) : json_null());
  if (x->quantity.n > 1)
    add_conflict(r->conflicts, "quantity", x->category, &x->quantity, 1);
  if (designations_differ(&x->designation))
    add_conflict(r->conflicts, "designation", x->category, &x->designation, 0);
  r->categories |= kb_category_bit(x->category);
  return o;
}

static kb_status vote_equipment(consolidation *c, sqlite3_int64 cluster,
                                result *r) {
  static const char sql[] =
      "SELECT q.event, q.category, q.designation, q.quantity"
      " FROM event_equipment q JOIN events e ON e.id = q.event"
      " WHERE e.cluster = ?1 ORDER BY q.event, q.seq";
  sqlite3_stmt *st = kb_store_cached(c->s, KB_ST_VOTE_EQUIPMENT, sql);
  if (!st) return kb_store_dberr(c->s, c->err, "cannot read equipment");
  sqlite3_bind_int64(st, 1, cluster);
  cat_votes cv[32];
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    equipment_row(c, st, cv, &n);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return kb_store_dberr(c->s, c->err, "equipment");
  for (int i = 0; i < n; i++)
    json_array_append_new(r->equipment, equipment_json(&cv[i], r));
  return KB_OK;
}

/* ---- writing ------------------------------------------------------------ */

static void earliest(consolidation *c, result *r) {
  r->earliest_doc = c->n ? c->m[0].doc : 0;
  r->earliest = c->n ? c->m[0].published : NULL;
}

static void bind_range(sqlite3_stmt *st, const result *r) {
  if (!r->has_range) return;
  char lo[11], hi[11];
  kb_dr_format(r->range.lo, lo);
  kb_dr_format(r->range.hi, hi);
  kb_bind_text(st, 5, lo);
  kb_bind_text(st, 6, hi);
  sqlite3_bind_int(st, 7, r->range.lo);
  sqlite3_bind_int(st, 8, r->range.hi);
}

static kb_status write_result(consolidation *c, sqlite3_int64 cluster,
                              const result *r) {
  static const char sql[] =
      "UPDATE clusters SET source = ?2, target = ?3, date = ?4, date_lo = ?5,"
      " date_hi = ?6, lo_day = ?7, hi_day = ?8, place = ?9, place_fold = ?10,"
      " place_country = ?11, lat = ?12, lon = ?13, equipment = ?14,"
      " categories = ?15, modality = ?16, n_events = ?17, n_docs = ?18,"
      " n_sources = ?19, earliest = ?20, earliest_doc = ?21, conflicts = ?22"
      " WHERE id = ?1";
  sqlite3_stmt *st = kb_store_cached(c->s, KB_ST_VOTE_UPDATE, sql);
  if (!st) return kb_store_dberr(c->s, c->err, "cannot update cluster");
  char *eq = json_dumps(r->equipment, JSON_COMPACT);
  char *cf = json_dumps(r->conflicts, JSON_COMPACT);
  sqlite3_bind_int64(st, 1, cluster);
  kb_bind_text(st, 2, r->source);
  kb_bind_text(st, 3, r->target);
  kb_bind_text(st, 4, r->date);
  bind_range(st, r);
  kb_bind_text(st, 9, r->place);
  kb_bind_text(st, 10, r->place_fold);
  kb_bind_text(st, 11, r->country);
  if (r->has_coords) {
    sqlite3_bind_double(st, 12, r->lat);
    sqlite3_bind_double(st, 13, r->lon);
  }
  kb_bind_text(st, 14, eq ? eq : "[]");
  sqlite3_bind_int64(st, 15, r->categories);
  kb_bind_text(st, 16, r->modality);
  sqlite3_bind_int(st, 17, c->n);
  sqlite3_bind_int(st, 18, c->n_docs);
  sqlite3_bind_int(st, 19, c->n_src);
  kb_bind_text(st, 20, r->earliest);
  if (r->earliest_doc) sqlite3_bind_int64(st, 21, r->earliest_doc);
  kb_bind_text(st, 22, cf ? cf : "[]");
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  free(eq);
  free(cf);
  return rc == SQLITE_DONE
             ? KB_OK
             : kb_store_dberr(c->s, c->err, "cannot update cluster");
}

static kb_status cluster_type(consolidation *c, sqlite3_int64 cluster) {
  sqlite3_stmt *st = kb_store_cached(c->s, KB_ST_VOTE_TYPE,
                                     "SELECT type FROM clusters WHERE id = ?1");
  if (!st) return kb_store_dberr(c->s, c->err, "cannot read cluster");
  sqlite3_bind_int64(st, 1, cluster);
  if (sqlite3_step(st) == SQLITE_ROW) c->type = col(c, st, 0);
  sqlite3_reset(st);
  if (!c->type) c->type = "";
  return KB_OK;
}

static kb_status consolidate(consolidation *c, sqlite3_int64 cluster) {
  kb_status st = cluster_type(c, cluster);
  if (st == KB_OK) st = read_members(c, cluster);
  if (st != KB_OK) return st;
  independent_sources(c);
  result r = {0};
  r.equipment = json_array();
  r.conflicts = json_array();
  if (kb_fz_unordered(c->type)) {
    vote_participants(c, &r);
  } else {
    r.source = vote_simple(c, &r, "source", offsetof(member, source));
    r.target = vote_simple(c, &r, "target", offsetof(member, target));
  }
  vote_date(c, &r);
  if (!r.has_range) report_span(c, &r);
  vote_place(c, &r);
  r.modality = vote_simple(c, &r, "modality", offsetof(member, modality));
  earliest(c, &r);
  st = vote_equipment(c, cluster, &r);
  if (st == KB_OK) st = write_result(c, cluster, &r);
  json_decref(r.equipment);
  json_decref(r.conflicts);
  return st;
}

kb_status kb_fuse_consolidate(kb_store *s, sqlite3_int64 cluster,
                              kb_error *err) {
  consolidation c = {.s = s, .err = err};
  kb_arena_init(&c.a);
  kb_status st = consolidate(&c, cluster);
  kb_arena_reset(&c.a);
  return st;
}
