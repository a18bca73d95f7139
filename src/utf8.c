#include "utf8.h"

#include <utf8proc.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

kb_status kb_utf8_sanitize(const char *s, size_t n, kb_buf *out,
                           size_t *replaced) {
  size_t bad = 0, i = 0, run = 0;
  kb_status st = kb_buf_reserve(out, n);
  if (st != KB_OK) return st;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80 && s[i] != 0) { /* ASCII fast path */
      i++;
      run++;
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
    if ((unsigned char)s[i] < 0x80) {
      if (s[i] == 0) return 0;
      i++;
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
