/* Near-duplicate documents: MinHash over word 3-shingles of the folded body
 * text, with LSH bands so that candidates come from an index lookup, never
 * from comparing all pairs. Syndicated copies with a new title, an edited
 * sentence or different page furniture keep most of their shingles; two
 * outlets telling one event in their own words share almost none. */
#ifndef KB_MINHASH_H
#define KB_MINHASH_H
#include <stddef.h>
#include <stdint.h>

#include "kibaru.h"

/* 64 hash functions: the estimate's error is about 1/sqrt(64) = 0.12. */
#define KB_MH_K 64
/* 16 bands of 4 rows: a pair with Jaccard 0.5 becomes a candidate with
 * p = 0.64, 0.7 with p = 0.98, 0.2 with p = 0.03. */
#define KB_MH_BANDS 16
#define KB_MH_ROWS (KB_MH_K / KB_MH_BANDS)
/* Estimated Jaccard at or above which two documents are copies of one
 * article. Lightly edited copies of a short wire story measure 0.5-0.9;
 * independent articles on the same event stay under 0.1. */
#define KB_MH_THRESHOLD 0.45
/* Fewer shingles than this: too short to judge, never grouped. */
#define KB_MH_MIN_SHINGLES 12

typedef struct kb_minhash {
  uint32_t sig[KB_MH_K];
  /* Band keys. 32 bits: a chance collision only costs one similarity
   * check, and the sketch table stays narrow. */
  uint32_t bands[KB_MH_BANDS];
  size_t shingles;
} kb_minhash;

/* Signature of text[0..n) (cleaned UTF-8). */
kb_status kb_minhash_text(const char *text, size_t n, kb_minhash *out);
/* Fraction of equal signature slots: an estimate of the Jaccard
 * similarity of the two shingle sets. */
double kb_minhash_similarity(const uint32_t *a, const uint32_t *b);
#endif
