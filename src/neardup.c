/* Syndication groups: each document not yet grouped joins the group of its
 * most similar earlier near-duplicate (MinHash estimate of the Jaccard
 * similarity of word 3-shingles at or above KB_MH_THRESHOLD), or founds its
 * own group. Candidates share an LSH band: the new documents' band keys go
 * into a hash table, and one pass over the narrow doc_sketch table finds
 * every earlier document that shares one. No pair of documents is compared
 * unless it shares a band. Existing groups are never merged or renumbered.
 * Runs inside the fusion transaction. */
#include <string.h>

#include "alloc.h"
#include "fuse.h"
#include "minhash.h"
#include "multimap.h"

/* New documents handled per pass, to bound memory on a huge first ingest;
 * each pass treats the previous ones as earlier documents. */
#define CHUNK 65536

typedef struct nd_doc {
  sqlite3_int64 id, group;
  uint32_t sig[KB_MH_K];
  uint32_t bands[KB_MH_BANDS];
  int has_sketch;
  double best;
  long stamp;
} nd_doc;

typedef struct neardup {
  kb_store *s;
  nd_doc *d;
  size_t n;
  kb_multimap map; /* (band index, key) -> index in d */
  sqlite3_stmt *lookup;
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
  static const char sql[] = "SELECT d.id, d.minhash, k.bands FROM documents d"
                            " LEFT JOIN doc_sketch k ON k.doc = d.id"
                            " WHERE d.syn_group IS NULL ORDER BY d.id LIMIT ?1";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(nd->s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(nd->s, nd->err, "cannot read documents");
  sqlite3_bind_int(st, 1, CHUNK);
  kb_status ks = KB_OK;
  int rc;
  while (ks == KB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    nd_doc *d = &nd->d[nd->n];
    memset(d, 0, sizeof *d);
    d->id = d->group = sqlite3_column_int64(st, 0);
    d->stamp = -1;
    d->has_sketch = blob_to(st, 1, d->sig, sizeof d->sig) &&
                    blob_to(st, 2, d->bands, sizeof d->bands);
    for (int b = 0; d->has_sketch && ks == KB_OK && b < KB_MH_BANDS; b++)
      ks = kb_mm_add(&nd->map, band_key(b, d->bands[b]), (int)nd->n);
    nd->n++;
  }
  sqlite3_finalize(st);
  if (ks != KB_OK)
    return kb_error_set(nd->err, ks, nd->s->path, 0, -1, "out of memory");
  return rc == SQLITE_DONE || rc == SQLITE_ROW
             ? KB_OK
             : kb_store_dberr(nd->s, nd->err, "cannot read documents");
}

static void better(nd_doc *d, double sim, sqlite3_int64 group) {
  if (sim < KB_MH_THRESHOLD) return;
  if (sim > d->best || (sim == d->best && group < d->group)) {
    d->best = sim;
    d->group = group;
  }
}

/* An earlier document that shares a band with new document j. */
static void check_old(neardup *nd, sqlite3_int64 old, nd_doc *d) {
  uint32_t sig[KB_MH_K];
  sqlite3_reset(nd->lookup);
  sqlite3_bind_int64(nd->lookup, 1, old);
  if (sqlite3_step(nd->lookup) == SQLITE_ROW &&
      sqlite3_column_type(nd->lookup, 1) != SQLITE_NULL &&
      blob_to(nd->lookup, 0, sig, sizeof sig))
    better(d, kb_minhash_similarity(sig, d->sig),
           sqlite3_column_int64(nd->lookup, 1));
  sqlite3_reset(nd->lookup);
}

static void probe_old(neardup *nd, sqlite3_int64 old, const uint32_t *bands,
                      long row) {
  for (int b = 0; b < KB_MH_BANDS; b++)
    for (int l = kb_mm_first(&nd->map, band_key(b, bands[b])); l >= 0;
         l = kb_mm_next(&nd->map, l)) {
      nd_doc *d = &nd->d[kb_mm_value(&nd->map, l)];
      if (d->stamp == row || d->id == old) continue;
      d->stamp = row;
      check_old(nd, old, d);
    }
}

/* One pass over the sketches of documents already grouped. */
static kb_status scan_old(neardup *nd) {
  static const char sql[] =
      "SELECT k.doc, k.bands FROM doc_sketch k WHERE k.doc < ?1";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(nd->s->db, sql, -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(nd->s->db,
                         "SELECT minhash, syn_group FROM documents"
                         " WHERE id = ?1",
                         -1, &nd->lookup, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return kb_store_dberr(nd->s, nd->err, "cannot read sketches");
  }
  sqlite3_bind_int64(st, 1, nd->d[0].id);
  uint32_t bands[KB_MH_BANDS];
  long row = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (blob_to(st, 1, bands, sizeof bands))
      probe_old(nd, sqlite3_column_int64(st, 0), bands, row++);
  sqlite3_finalize(st);
  sqlite3_finalize(nd->lookup);
  nd->lookup = NULL;
  return rc == SQLITE_DONE ? KB_OK : kb_store_dberr(nd->s, nd->err, "sketches");
}

/* New documents against earlier new documents, in id order, so that a
 * copy joins the group its original has just been given. */
static void among_new(neardup *nd) {
  for (size_t i = 0; i < nd->n; i++) {
    nd_doc *d = &nd->d[i];
    for (int b = 0; d->has_sketch && b < KB_MH_BANDS; b++)
      for (int l = kb_mm_first(&nd->map, band_key(b, d->bands[b])); l >= 0;
           l = kb_mm_next(&nd->map, l)) {
        size_t j = (size_t)kb_mm_value(&nd->map, l);
        if (j < i)
          better(d, kb_minhash_similarity(nd->d[j].sig, d->sig),
                 nd->d[j].group);
      }
  }
}

static kb_status write_groups(neardup *nd, kb_fuse_stats *stats) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(nd->s->db,
                         "UPDATE documents SET syn_group = ?2 WHERE id = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return kb_store_dberr(nd->s, nd->err, "cannot group documents");
  int rc = SQLITE_DONE;
  for (size_t i = 0; i < nd->n && rc == SQLITE_DONE; i++) {
    sqlite3_bind_int64(st, 1, nd->d[i].id);
    sqlite3_bind_int64(st, 2, nd->d[i].group);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    stats->near_duplicates += nd->d[i].group != nd->d[i].id;
  }
  sqlite3_finalize(st);
  stats->documents += (long long)nd->n;
  return rc == SQLITE_DONE
             ? KB_OK
             : kb_store_dberr(nd->s, nd->err, "cannot group documents");
}

static kb_status one_pass(neardup *nd, kb_fuse_stats *stats) {
  nd->n = 0;
  kb_mm_free(&nd->map);
  kb_status st = load_new(nd);
  if (st != KB_OK || nd->n == 0) return st;
  if ((st = scan_old(nd))) return st;
  among_new(nd);
  return write_groups(nd, stats);
}

kb_status kb_fuse_neardup(kb_store *s, kb_fuse_stats *stats, kb_error *err) {
  neardup nd = {.s = s, .err = err};
  nd.d = kb_malloc(CHUNK * sizeof *nd.d);
  if (!nd.d)
    return kb_error_set(err, KB_ERR_NOMEM, s->path, 0, -1, "out of memory");
  kb_status st;
  do {
    st = one_pass(&nd, stats);
  } while (st == KB_OK && nd.n == CHUNK);
  kb_mm_free(&nd.map);
  kb_free(nd.d);
  return st;
}
