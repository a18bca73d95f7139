#include "minhash.h"

#include <string.h>
#include <xxhash.h>

#include "alloc.h"
#include "fold.h"
#include "limits.h"

/* splitmix64 finaliser: a cheap bijective mixer, so slot i hashes a shingle
 * with mix(h ^ seed_i) instead of K full XXH3 passes. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static uint64_t seed_of(int i) {
  return mix64(0x6b6962617275ULL + (uint64_t)i * 0x9e3779b97f4a7c15ULL);
}

/* Folded text is lower case ASCII for Latin scripts; other scripts keep
 * their bytes, which count as word bytes. */
static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static void add_shingle(kb_minhash *m, const uint64_t w[3]) {
  uint64_t h = XXH3_64bits(w, 3 * sizeof *w);
  for (int i = 0; i < KB_MH_K; i++) {
    uint32_t v = (uint32_t)(mix64(h ^ seed_of(i)) >> 32);
    if (v < m->sig[i]) m->sig[i] = v;
  }
  m->shingles++;
}

static void fill_bands(kb_minhash *m) {
  for (int b = 0; b < KB_MH_BANDS; b++)
    m->bands[b] = (int64_t)XXH3_64bits_withSeed(
        m->sig + b * KB_MH_ROWS, KB_MH_ROWS * sizeof(uint32_t), (uint64_t)b);
}

kb_status kb_minhash_text(const char *text, size_t n, kb_minhash *m) {
  memset(m, 0, sizeof *m);
  for (int i = 0; i < KB_MH_K; i++)
    m->sig[i] = UINT32_MAX;
  kb_buf f;
  kb_buf_init(&f, 4 * (size_t)KB_MAX_TEXT_BYTES + 16);
  kb_status st = kb_fold(text, n, &f, NULL, 0);
  if (st != KB_OK) {
    kb_buf_free(&f);
    return st;
  }
  uint64_t w[3] = {0, 0, 0};
  size_t words = 0, i = 0;
  const unsigned char *s = (const unsigned char *)(f.data ? f.data : "");
  while (i < f.len) {
    while (i < f.len && !word_byte(s[i]))
      i++;
    size_t start = i;
    while (i < f.len && word_byte(s[i]))
      i++;
    if (i == start) break;
    w[0] = w[1];
    w[1] = w[2];
    w[2] = XXH3_64bits(s + start, i - start);
    if (++words >= 3) add_shingle(m, w);
  }
  kb_buf_free(&f);
  fill_bands(m);
  return KB_OK;
}

double kb_minhash_similarity(const uint32_t *a, const uint32_t *b) {
  int same = 0;
  for (int i = 0; i < KB_MH_K; i++)
    same += a[i] == b[i];
  return (double)same / KB_MH_K;
}
