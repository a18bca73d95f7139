#include "fold.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

/* Characters we map by hand before utf8proc: apostrophes, quotes, dashes
 * and spaces that French typography uses. */
static utf8proc_int32_t pre_map(utf8proc_int32_t c) {
  switch (c) {
  case 0x2019:
  case 0x2018:
  case 0x02BC:
  case 0x00B4:
  case 0x0060:
  case 0x2032: return '\'';
  case 0x00AB:
  case 0x00BB:
  case 0x201C:
  case 0x201D:
  case 0x201E: return '"';
  case 0x2010:
  case 0x2011:
  case 0x2012:
  case 0x2013:
  case 0x2014:
  case 0x2212: return '-';
  case 0x00A0:
  case 0x202F:
  case 0x2009:
  case 0x2007:
  case 0x2002:
  case 0x2003:
  case 0x200A:
  case 0x3000:
  case '\t':
  case '\r':
  case '\n':
  case '\f':
  case '\v': return ' ';
  case 0x200B:
  case 0x200C:
  case 0x200D:
  case 0xFEFF:
  case 0x00AD: return -1;     /* dropped */
  case 0x0152: return 0x0153; /* Œ -> œ handled by casefold too */
  }
  return c;
}

/* Folds one code point read from len input bytes into out (at most
 * 4 * len bytes); returns the byte count, 0 for a dropped character. */
static size_t fold_char(utf8proc_int32_t c, size_t len, utf8proc_uint8_t *out) {
  utf8proc_int32_t m = pre_map(c);
  if (m < 0) return 0;
  utf8proc_int32_t dec[8];
  int last = 0;
  utf8proc_ssize_t nd =
      utf8proc_decompose_char(m, dec, 8,
                              UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
                                  UTF8PROC_STRIPMARK | UTF8PROC_COMPAT,
                              &last);
  /* Keep the 4-bytes-out-per-byte-in bound that callers size maps by. */
  size_t outlen = 0;
  for (utf8proc_ssize_t k = 0; nd > 0 && nd <= 8 && k < nd; k++)
    outlen += dec[k] < 0x80 ? 1 : dec[k] < 0x800 ? 2 : dec[k] < 0x10000 ? 3 : 4;
  if (nd < 0 || nd > 8 || outlen > 4 * len) {
    dec[0] = m;
    nd = 1;
  }
  size_t o = 0;
  for (utf8proc_ssize_t k = 0; k < nd; k++)
    o += (size_t)utf8proc_encode_char(dec[k], out + o);
  return o;
}

/* Every ASCII byte and every two-byte character (Latin accents, most of
 * what French text has beyond ASCII) folded once through utf8proc and
 * kept. An ASCII byte always folds to one byte ("`" to "'", controls to
 * a space, letters to lower case). */
static unsigned char fold1_tab[0x80];
static struct fold2 {
  uint8_t n;
  utf8proc_uint8_t b[8];
} fold2_tab[0x800];
static int fold1_ok = 1;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_init(void) {
  for (utf8proc_int32_t c = 0; c < 0x80; c++) {
    utf8proc_uint8_t out[8];
    if (fold_char(c, 1, out) != 1) fold1_ok = 0;
    fold1_tab[c] = out[0];
  }
  for (utf8proc_int32_t c = 0x80; c < 0x800; c++)
    fold2_tab[c].n = (uint8_t)fold_char(c, 2, fold2_tab[c].b);
}

kb_status kb_fold(const char *s, size_t n, kb_buf *out, uint32_t *map,
                  uint32_t base) {
  size_t i = 0;
  kb_status st;
  pthread_once(&fold_once, fold_init);
  /* ASCII and accents never grow: one reservation covers most texts */
  if ((st = kb_buf_reserve(out, n)) != KB_OK) return st;
  out->data[out->len] = 0; /* a text that folds to nothing is "" */
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80 && fold1_ok) {
      /* ASCII, most bytes of most pages: a whole run at once */
      size_t j = i;
      while (j < n && (unsigned char)s[j] < 0x80)
        j++;
      if ((st = kb_buf_reserve(out, j - i)) != KB_OK) return st;
      unsigned char *o = (unsigned char *)out->data + out->len;
      for (size_t k = i; k < j; k++)
        o[k - i] = fold1_tab[(unsigned char)s[k]];
      if (map) {
        uint32_t *m = map + out->len;
        for (size_t k = i; k < j; k++)
          m[k - i] = base + (uint32_t)k;
      }
      out->len += j - i;
      out->data[out->len] = 0;
      i = j;
      continue;
    }
    utf8proc_uint8_t enc[16];
    const utf8proc_uint8_t *folded = enc;
    size_t el, len;
    if (b >= 0xC2 && b <= 0xDF && i + 1 < n &&
        ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
      const struct fold2 *f =
          &fold2_tab[((b & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F)];
      folded = f->b;
      el = f->n;
      len = 2;
    } else {
      utf8proc_int32_t c;
      utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &c);
      if (l <= 0) { /* invalid byte: keep a '?' so offsets stay aligned */
        c = '?';
        l = 1;
      }
      len = (size_t)l;
      el = fold_char(c, len, enc);
    }
    if (map)
      for (size_t e = 0; e < el; e++)
        map[out->len + e] = base + (uint32_t)i;
    if (el) {
      if (out->cap - out->len <= el && (st = kb_buf_reserve(out, el)) != KB_OK)
        return st;
      memcpy(out->data + out->len, folded, el);
      out->len += el;
      out->data[out->len] = 0;
    }
    i += len;
  }
  if (map) map[out->len] = base + (uint32_t)n;
  return KB_OK;
}

char *kb_fold_dup(const char *s, size_t n) {
  kb_buf b;
  kb_buf_init(&b, 4 * n + 16);
  if (kb_fold(s, n, &b, NULL, 0) != KB_OK) {
    kb_buf_free(&b);
    return NULL;
  }
  return kb_buf_steal(&b);
}
