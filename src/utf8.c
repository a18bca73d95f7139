#include "utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Bytes at s[i..) that need no decoding: ASCII without NUL, eight at a
 * time, and two-byte sequences (the accents of French text); utf8proc
 * decides everything else. */
static size_t plain_run(const char *s, size_t n, size_t i) {
  size_t start = i;
  for (;;) {
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      /* no high bit, and no zero byte */
      if ((w & 0x8080808080808080ull) ||
          ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
        break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = (unsigned char)s[i];
    if (c && c < 0x80)
      i++;
    else if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
             ((unsigned char)s[i + 1] & 0xC0) == 0x80)
      i += 2;
    else
      break;
  }
  return i - start;
}

kb_status kb_utf8_sanitize(const char *s, size_t n, kb_buf *out,
                           size_t *replaced) {
  size_t bad = 0, i = 0, run = 0;
  kb_status st = kb_buf_reserve(out, n);
  if (st != KB_OK) return st;
  while (i < n) {
    size_t k = plain_run(s, n, i);
    if (k) {
      i += k;
      run += k;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &cp);
    if (len > 0 && cp != 0) {
      i += (size_t)len;
      run += (size_t)len;
      continue;
    }
    /* flush the valid run, then one replacement for this byte */
    if (run && (st = kb_buf_add(out, s + i - run, run)) != KB_OK) return st;
    run = 0;
    if ((st = kb_buf_add(out, REPLACEMENT, 3)) != KB_OK) return st;
    bad++;
    i++;
  }
  if (run && (st = kb_buf_add(out, s + n - run, run)) != KB_OK) return st;
  if (replaced) *replaced = bad;
  return KB_OK;
}

int kb_utf8_valid(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t k = plain_run(s, n, i);
    if (k) {
      i += k;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &cp);
    if (len <= 0 || cp == 0) return 0;
    i += (size_t)len;
  }
  return 1;
}
