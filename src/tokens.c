#include "tokens.h"

#include <string.h>
#include <utf8proc.h>

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* French elided words: the apostrophe belongs to them. */
static int is_elision(const char *w, size_t n) {
  static const char *const el[] = {
      "l", "d",  "j",     "m",      "n",      "s",      "t",
      "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"};
  for (size_t i = 0; i < sizeof el / sizeof *el; i++)
    if (strlen(el[i]) == n && !memcmp(el[i], w, n)) return 1;
  return 0;
}

/* Bytes of non-ASCII punctuation left after folding (e.g. "€", "°") are
 * treated as word bytes; that is harmless for matching. */
size_t kb_tokenize(const char *f, size_t n, kb_token *out, size_t max) {
  size_t count = 0, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)f[i];
    if (c == ' ') {
      i++;
      continue;
    }
    size_t start = i;
    uint8_t kind = TOK_PUNCT;
    if (is_word_byte(c)) {
      int all_digits = 1;
      while (i < n) {
        unsigned char d = (unsigned char)f[i];
        if (is_word_byte(d)) {
          if (!is_digit(d)) all_digits = 0;
          i++;
        } else if (d == '-' && i + 1 < n &&
                   is_word_byte((unsigned char)f[i + 1]) && i > start) {
          all_digits = 0;
          i++;
        } else if ((d == '.' || d == ',') && i > start &&
                   is_digit((unsigned char)f[i - 1]) && i + 1 < n &&
                   is_digit((unsigned char)f[i + 1]) && all_digits) {
          i++;
        } else if (d == '\'' && is_elision(f + start, i - start)) {
          i++; /* "l'" ends here */
          break;
        } else {
          break;
        }
      }
      kind = all_digits ? TOK_NUM : TOK_WORD;
    } else if (c == '\'' && i + 1 < n && f[i + 1] == 's' &&
               (i + 2 >= n || !is_word_byte((unsigned char)f[i + 2]))) {
      i += 2; /* English possessive */
      kind = TOK_WORD;
    } else {
      /* one punctuation character (a whole UTF-8 sequence if any) */
      i++;
    }
    if (count < max) {
      out[count].fs = (uint32_t)start;
      out[count].fe = (uint32_t)i;
      out[count].kind = kind;
      out[count].tcase = 0;
      out[count].stem = NULL;
    }
    count++;
  }
  return count;
}

int kb_text_case(const char *s, size_t n) {
  int letters = 0, upper = 0, first_upper = -1;
  size_t i = 0;
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) { /* ASCII fast path */
      int lo = b >= 'a' && b <= 'z', up = b >= 'A' && b <= 'Z';
      if (lo || up) {
        if (first_upper < 0) first_upper = up;
        if (!first_upper) return TCASE_LOWER; /* most words: no need to go on */
        letters++;
        upper += up;
      }
      i++;
      continue;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &c);
    if (len <= 0) break;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (p->category == UTF8PROC_CATEGORY_LU ||
        p->category == UTF8PROC_CATEGORY_LL ||
        p->category == UTF8PROC_CATEGORY_LT) {
      int up = p->category != UTF8PROC_CATEGORY_LL;
      if (first_upper < 0) first_upper = up;
      if (!first_upper) return TCASE_LOWER;
      letters++;
      upper += up;
    }
    i += (size_t)len;
  }
  if (letters >= 2 && upper == letters) return TCASE_ALLCAPS;
  if (letters == 1 && upper == 1) return TCASE_ALLCAPS;
  return first_upper == 1 ? TCASE_CAP : TCASE_LOWER;
}
