#include "minhash.h"

#include <string.h>
#include <xxhash.h>

#include "alloc.h"
#include "fold.h"
#include "kb_limits.h"

/* Slot i hashes a shingle with a multiply-add (odd multiplier, upper 32
 * bits): one multiplication per slot instead of K full hashes, good enough
 * for MinHash, whose input is already a strong 64-bit hash. */
static uint64_t mult_of(int i) {
  return (0x9e3779b97f4a7c15ULL * (uint64_t)(2 * i + 1)) | 1;
}

static uint64_t add_of(int i) {
  return 0xd1b54a32d192ed03ULL * (uint64_t)(i + 1);
}

/* Folded text is lower case ASCII for Latin scripts; other scripts keep
 * their bytes, which count as word bytes. */
static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static void fill_bands(kb_minhash *m) {
  for (int b = 0; b < KB_MH_BANDS; b++)
    m->bands[b] = (uint32_t)XXH3_64bits_withSeed(
        m->sig + b * KB_MH_ROWS, KB_MH_ROWS * sizeof(uint32_t), (uint64_t)b);
}

/* Hashes of the word 3-shingles of folded text, appended to out as
 * uint64_t values. */
static kb_status shingles(const kb_buf *f, kb_buf *out) {
  uint64_t w[3] = {0, 0, 0};
  size_t words = 0, i = 0;
  const unsigned char *s = (const unsigned char *)(f->data ? f->data : "");
  kb_status st = KB_OK;
  while (st == KB_OK && i < f->len) {
    while (i < f->len && !word_byte(s[i]))
      i++;
    size_t start = i;
    while (i < f->len && word_byte(s[i]))
      i++;
    if (i == start) break;
    w[0] = w[1];
    w[1] = w[2];
    w[2] = XXH3_64bits(s + start, i - start);
    if (++words < 3) continue;
    uint64_t h = XXH3_64bits(w, sizeof w);
    st = kb_buf_add(out, &h, sizeof h);
  }
  return st;
}

static void min_slots(kb_minhash *m, const uint64_t *h, size_t n) {
  for (int i = 0; i < KB_MH_K; i++) {
    uint64_t a = mult_of(i), b = add_of(i);
    uint32_t lo = UINT32_MAX;
    for (size_t k = 0; k < n; k++) {
      uint32_t v = (uint32_t)((h[k] * a + b) >> 32);
      if (v < lo) lo = v;
    }
    m->sig[i] = lo;
  }
}

kb_status kb_minhash_text(const char *text, size_t n, kb_minhash *m) {
  memset(m, 0, sizeof *m);
  kb_buf f, hashes;
  kb_buf_init(&f, 4 * (size_t)KB_MAX_TEXT_BYTES + 16);
  kb_buf_init(&hashes, 8 * (size_t)KB_MAX_TEXT_BYTES);
  kb_status st = kb_fold(text, n, &f, NULL, 0);
  if (st == KB_OK) st = shingles(&f, &hashes);
  if (st == KB_OK) {
    m->shingles = hashes.len / sizeof(uint64_t);
    /* kb_buf memory comes from malloc: aligned for uint64_t. */
    min_slots(m, (const uint64_t *)(void *)hashes.data, m->shingles);
    fill_bands(m);
  }
  kb_buf_free(&f);
  kb_buf_free(&hashes);
  return st;
}

double kb_minhash_similarity(const uint32_t *a, const uint32_t *b) {
  int same = 0;
  for (int i = 0; i < KB_MH_K; i++)
    same += a[i] == b[i];
  return (double)same / KB_MH_K;
}
