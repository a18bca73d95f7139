/* Syndication groups: each document not yet grouped joins the group of its
 * most similar earlier near-duplicate (MinHash estimate of the Jaccard
 * similarity of word 3-shingles at or above KB_MH_THRESHOLD), or is its own
 * group. Candidates share an LSH band: the new documents' band keys go into
 * a hash table, and one pass over the narrow doc_sketch table finds every
 * earlier document that shares one. No pair of documents is compared unless
 * it shares a band. Existing groups are never merged or renumbered. Runs
 * inside the fusion transaction.
 *
 * doc_sketch.grp marks a document as grouped; documents.syn_group is set
 * only for copies (NULL: the document is its own group), so grouping does
 * not rewrite every wide document row. */
#include <string.h>

#include "alloc.h"
#include "fuse.h"
#include "kb_limits.h"
#include "minhash.h"
#include "multimap.h"

/* New documents handled per pass, to bound memory on a huge first ingest;
 * each pass treats the previous ones as earlier documents. */
#define CHUNK 65536

/* Entries walked per band key. A key shared by hundreds of documents comes
 * from boilerplate, not from a copied article; the newest entries come
 * first, and a copy is published near its original. */
#define CHAIN_WALK (4 * KB_MAX_NEARDUP_CANDIDATES)

typedef struct nd_doc {
  sqlite3_int64 id, group;
  uint32_t sig[KB_MH_K];
  uint32_t bands[KB_MH_BANDS];
  int checks; /* candidates compared so far (capped) */
  double best;
  long stamp;
} nd_doc;

typedef struct neardup {
  kb_store *s;
  nd_doc *d;
  size_t n;
  kb_multimap map;   /* (band index, key) -> index in d, all new documents */
  kb_multimap built; /* the same for the new documents handled so far */
  sqlite3_stmt *lookup;
  int *hits; /* new documents sharing a band with the current old one */
  kb_error *err;
} neardup;

static uint64_t band_key(int b, uint32_t v) {
  return (uint64_t)(uint32_t)b << 32 | v;
}

static int blob_to(sqlite3_stmt *st, int col, void *out, size_t n) {
  if (sqlite3_column_type(st, col) != SQLITE_BLOB ||
      (size_t)sqlite3_column_bytes(st, col) != n)
    return 0;
  memcpy(out, sqlite3_column_blob(st, col), n);
  return 1;
}

static kb_status load_new(neardup *nd) {
  static const char sql[] = "SELECT k.doc, d.minhash, k.bands FROM doc_sketch k"
                            " JOIN documents d ON d.id = k.doc"
                            " WHERE k.grp IS NULL ORDER BY k.doc LIMIT ?1";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(nd->s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(nd->s, nd->err, "cannot read sketches");
  sqlite3_bind_int(st, 1, CHUNK);
  kb_status ks = KB_OK;
  int rc;
  while (ks == KB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    nd_doc *d = &nd->d[nd->n];
    memset(d, 0, sizeof *d);
    d->id = d->group = sqlite3_column_int64(st, 0);
    d->stamp = -1;
    if (!blob_to(st, 1, d->sig, sizeof d->sig) ||
        !blob_to(st, 2, d->bands, sizeof d->bands))
      d->checks = KB_MAX_NEARDUP_CANDIDATES; /* damaged: its own group */
    for (int b = 0; ks == KB_OK && b < KB_MH_BANDS; b++)
      ks = kb_mm_add(&nd->map, band_key(b, d->bands[b]), (int)nd->n);
    nd->n++;
  }
  sqlite3_finalize(st);
  if (ks != KB_OK)
    return kb_error_set(nd->err, ks, nd->s->path, 0, -1, "out of memory");
  return rc == SQLITE_DONE || rc == SQLITE_ROW
             ? KB_OK
             : kb_store_dberr(nd->s, nd->err, "cannot read sketches");
}

static void better(nd_doc *d, double sim, sqlite3_int64 group) {
  if (sim < KB_MH_THRESHOLD) return;
  if (sim > d->best || (sim == d->best && group < d->group)) {
    d->best = sim;
    d->group = group;
  }
}

/* Template-like pages (agendas, weather) can share bands with thousands of
 * others: a document is compared with its first candidates only. */
static int may_check(nd_doc *d) {
  return d->checks++ < KB_MAX_NEARDUP_CANDIDATES;
}

/* The new documents sharing a band with an earlier one, then one lookup of
 * the earlier one's signature for all of them. */
static void probe_old(neardup *nd, sqlite3_int64 old, sqlite3_int64 group,
                      const uint32_t *bands, long row) {
  int n = 0;
  for (int b = 0; b < KB_MH_BANDS; b++)
    for (int l = kb_mm_first(&nd->map, band_key(b, bands[b])), walk = 0;
         l >= 0 && walk < CHAIN_WALK; l = kb_mm_next(&nd->map, l), walk++) {
      int j = kb_mm_value(&nd->map, l);
      nd_doc *d = &nd->d[j];
      if (d->stamp == row || d->id == old) continue;
      d->stamp = row;
      if (may_check(d)) nd->hits[n++] = j;
    }
  if (!n) return;
  uint32_t sig[KB_MH_K];
  sqlite3_reset(nd->lookup);
  sqlite3_bind_int64(nd->lookup, 1, old);
  if (sqlite3_step(nd->lookup) == SQLITE_ROW &&
      blob_to(nd->lookup, 0, sig, sizeof sig))
    for (int k = 0; k < n; k++) {
      nd_doc *d = &nd->d[nd->hits[k]];
      better(d, kb_minhash_similarity(sig, d->sig), group);
    }
  sqlite3_reset(nd->lookup);
}

/* One pass over the sketches of documents already grouped. */
static kb_status scan_old(neardup *nd) {
  static const char sql[] =
      "SELECT doc, bands, grp FROM doc_sketch WHERE grp IS NOT NULL";
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(nd->s->db, sql, -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(nd->s->db,
                         "SELECT minhash FROM documents WHERE id = ?1", -1,
                         &nd->lookup, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return kb_store_dberr(nd->s, nd->err, "cannot read sketches");
  }
  uint32_t bands[KB_MH_BANDS];
  long row = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (blob_to(st, 1, bands, sizeof bands))
      probe_old(nd, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
                bands, row++);
  sqlite3_finalize(st);
  sqlite3_finalize(nd->lookup);
  nd->lookup = NULL;
  return rc == SQLITE_DONE ? KB_OK : kb_store_dberr(nd->s, nd->err, "sketches");
}

/* New documents against earlier new documents, in id order, so that a
 * copy joins the group its original has just been given. The index grows
 * as documents are handled, so it only ever holds earlier ones. */
static kb_status among_new(neardup *nd) {
  kb_status st = KB_OK;
  for (size_t i = 0; i < nd->n && st == KB_OK; i++) {
    nd_doc *d = &nd->d[i];
    long stamp = -2 - (long)i; /* distinct from old-row stamps (>= 0) */
    for (int b = 0; b < KB_MH_BANDS; b++)
      for (int l = kb_mm_first(&nd->built, band_key(b, d->bands[b])), walk = 0;
           l >= 0 && walk < CHAIN_WALK; l = kb_mm_next(&nd->built, l), walk++) {
        nd_doc *e = &nd->d[kb_mm_value(&nd->built, l)];
        if (e->stamp == stamp) continue;
        e->stamp = stamp;
        if (may_check(d))
          better(d, kb_minhash_similarity(e->sig, d->sig), e->group);
      }
    for (int b = 0; b < KB_MH_BANDS && st == KB_OK; b++)
      st = kb_mm_add(&nd->built, band_key(b, d->bands[b]), (int)i);
  }
  if (st != KB_OK)
    kb_error_set(nd->err, st, nd->s->path, 0, -1, "out of memory");
  return st;
}

/* Every sketch is marked grouped; only copies get their document row
 * touched. */
static kb_status write_groups(neardup *nd, kb_fuse_stats *stats) {
  sqlite3_stmt *mark = NULL, *copy = NULL;
  if (sqlite3_prepare_v2(nd->s->db,
                         "UPDATE doc_sketch SET grp = ?2 WHERE doc = ?1", -1,
                         &mark, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(nd->s->db,
                         "UPDATE documents SET syn_group = ?2 WHERE id = ?1",
                         -1, &copy, NULL) != SQLITE_OK) {
    sqlite3_finalize(mark);
    return kb_store_dberr(nd->s, nd->err, "cannot group documents");
  }
  int rc = SQLITE_DONE;
  for (size_t i = 0; i < nd->n && rc == SQLITE_DONE; i++) {
    const nd_doc *d = &nd->d[i];
    sqlite3_stmt *st[2] = {mark, d->group != d->id ? copy : NULL};
    for (int k = 0; k < 2 && st[k] && rc == SQLITE_DONE; k++) {
      sqlite3_bind_int64(st[k], 1, d->id);
      sqlite3_bind_int64(st[k], 2, d->group);
      rc = sqlite3_step(st[k]);
      sqlite3_reset(st[k]);
    }
    stats->near_duplicates += d->group != d->id;
  }
  sqlite3_finalize(mark);
  sqlite3_finalize(copy);
  stats->documents += (long long)nd->n;
  return rc == SQLITE_DONE
             ? KB_OK
             : kb_store_dberr(nd->s, nd->err, "cannot group documents");
}

static kb_status one_pass(neardup *nd, kb_fuse_stats *stats) {
  nd->n = 0;
  kb_mm_free(&nd->map);
  kb_mm_free(&nd->built);
  kb_status st = load_new(nd);
  if (st != KB_OK || nd->n == 0) return st;
  if ((st = scan_old(nd))) return st;
  if ((st = among_new(nd))) return st;
  return write_groups(nd, stats);
}

kb_status kb_fuse_neardup(kb_store *s, kb_fuse_stats *stats, kb_error *err) {
  neardup nd = {.s = s, .err = err};
  nd.d = kb_malloc(CHUNK * sizeof *nd.d);
  nd.hits = kb_malloc(CHUNK * sizeof *nd.hits);
  kb_status st = KB_OK;
  if (!nd.d || !nd.hits)
    st = kb_error_set(err, KB_ERR_NOMEM, s->path, 0, -1, "out of memory");
  while (st == KB_OK) {
    st = one_pass(&nd, stats);
    if (nd.n < CHUNK) break;
  }
  kb_mm_free(&nd.map);
  kb_mm_free(&nd.built);
  kb_free(nd.d);
  kb_free(nd.hits);
  return st;
}
