/* Streaming source over zlib's gz* API, sniffing, and charset conversion
 * for the input stage. Nothing here sizes memory from the input: the source
 * buffer is fixed and every growing buffer is a kb_buf with its ceiling. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "reader_internal.h"

/* ---- kb_src ------------------------------------------------------------ */

kb_status kb_src_open(kb_src *s, const char *path) {
  memset(s, 0, sizeof *s);
  s->left = KB_SRC_NO_LIMIT;
  s->buf = kb_malloc(KB_SRC_BUF);
  if (!s->buf) {
    snprintf(s->why, sizeof s->why, "out of memory");
    return KB_ERR_NOMEM;
  }
  if (strcmp(path, "-") == 0) {
    /* dup: gzclose closes its descriptor, stdin must stay open */
    int fd = dup(STDIN_FILENO);
    s->gz = fd < 0 ? NULL : gzdopen(fd, "rb");
    if (!s->gz && fd >= 0) close(fd);
  } else {
    errno = 0;
    s->gz = gzopen(path, "rb");
  }
  if (!s->gz) {
    snprintf(s->why, sizeof s->why, "cannot open: %s",
             errno ? strerror(errno) : "out of memory");
    kb_free(s->buf);
    s->buf = NULL;
    return errno ? KB_ERR_IO : KB_ERR_NOMEM;
  }
  gzbuffer(s->gz, 128u << 10); /* fewer read calls on big WARC files */
  return KB_OK;
}

void kb_src_close(kb_src *s) {
  if (s->gz) gzclose(s->gz);
  kb_free(s->buf);
  memset(s, 0, sizeof *s);
}

/* Turns zlib's error state into one sentence. Z_BUF_ERROR at the end is
 * how gzread says the last member stopped before its trailer. */
static void src_failed(kb_src *s, int n) {
  int code = Z_OK;
  const char *msg = gzerror(s->gz, &code);
  if (n >= 0 && code == Z_OK) return;
  if (code == Z_BUF_ERROR)
    snprintf(s->why, sizeof s->why, "truncated gzip stream");
  else if (code == Z_ERRNO)
    snprintf(s->why, sizeof s->why, "read error: %s", strerror(errno));
  else if (code == Z_MEM_ERROR)
    snprintf(s->why, sizeof s->why, "out of memory");
  else
    snprintf(s->why, sizeof s->why, "corrupt gzip data: %s", msg);
  s->fail = code == Z_MEM_ERROR ? KB_ERR_NOMEM
            : code == Z_ERRNO   ? KB_ERR_IO
                                : KB_ERR_FORMAT;
}

/* Reads more into the buffer after what is there; 0 at the end. */
static size_t src_fill(kb_src *s) {
  if (s->eof || !s->gz) return 0;
  if (s->pos == s->len) s->pos = s->len = 0;
  if (s->len == KB_SRC_BUF) {
    memmove(s->buf, s->buf + s->pos, s->len - s->pos);
    s->len -= s->pos;
    s->pos = 0;
  }
  if (s->len == KB_SRC_BUF) return 0; /* full: nothing to read into */
  int n = gzread(s->gz, s->buf + s->len, (unsigned)(KB_SRC_BUF - s->len));
  if (n <= 0) {
    s->eof = 1;
    src_failed(s, n);
    return 0;
  }
  s->len += (size_t)n;
  return (size_t)n;
}

static size_t src_avail(const kb_src *s) {
  size_t a = s->len - s->pos;
  return (uint64_t)a < s->left ? a : (size_t)s->left;
}

size_t kb_src_chunk(kb_src *s, const unsigned char **p) {
  if (s->left == 0) return 0;
  if (s->pos == s->len) src_fill(s);
  *p = s->buf + s->pos;
  return src_avail(s);
}

void kb_src_consume(kb_src *s, size_t n) {
  s->pos += n;
  s->offset += (long long)n;
  if (s->left != KB_SRC_NO_LIMIT) s->left -= n;
}

size_t kb_src_peek(kb_src *s, size_t want, const unsigned char **p) {
  if (want > KB_SNIFF_BYTES) want = KB_SNIFF_BYTES;
  if (s->pos > 0 && s->len - s->pos < want) {
    memmove(s->buf, s->buf + s->pos, s->len - s->pos);
    s->len -= s->pos;
    s->pos = 0;
  }
  while (src_avail(s) < want && s->left > src_avail(s) && src_fill(s) > 0) {
  }
  *p = s->buf + s->pos;
  return src_avail(s) < want ? src_avail(s) : want;
}

uint64_t kb_src_skip(kb_src *s, uint64_t n) {
  uint64_t done = 0;
  const unsigned char *p;
  size_t a;
  while (done < n && (a = kb_src_chunk(s, &p)) > 0) {
    if ((uint64_t)a > n - done) a = (size_t)(n - done);
    kb_src_consume(s, a);
    done += a;
  }
  return done;
}

kb_status kb_src_read(kb_src *s, kb_buf *out, size_t n, size_t *got) {
  const unsigned char *p;
  size_t a;
  *got = 0;
  while (*got < n && (a = kb_src_chunk(s, &p)) > 0) {
    if (a > n - *got) a = n - *got;
    kb_status st = kb_buf_add(out, p, a);
    if (st != KB_OK) return st;
    kb_src_consume(s, a);
    *got += a;
  }
  return KB_OK;
}

kb_status kb_src_line(kb_src *s, kb_buf *out, int *got, int *ended) {
  kb_status st = KB_OK;
  const unsigned char *p;
  size_t a;
  *got = *ended = 0;
  while ((a = kb_src_chunk(s, &p)) > 0) {
    const unsigned char *nl = memchr(p, '\n', a);
    size_t n = nl ? (size_t)(nl - p) : a;
    *got = 1;
    /* past the ceiling, keep consuming to the end of the line unstored */
    if (st == KB_OK) st = kb_buf_add(out, p, n);
    kb_src_consume(s, nl ? n + 1 : n);
    if (nl) {
      *ended = 1;
      break;
    }
  }
  if (st == KB_OK && out->len && out->data[out->len - 1] == '\r')
    out->data[--out->len] = 0;
  return st;
}

int kb_src_find(kb_src *s, const char *needle) {
  size_t m = strlen(needle);
  const unsigned char *p;
  for (;;) {
    size_t a = kb_src_peek(s, m, &p);
    if (a < m) {
      kb_src_consume(s, a); /* not found: all is consumed, so callers move on */
      return 0;
    }
    a = kb_src_chunk(s, &p);
    const unsigned char *hit = memchr(p, needle[0], a);
    if (!hit) {
      kb_src_consume(s, a);
      continue;
    }
    kb_src_consume(s, (size_t)(hit - p));
    if (kb_src_peek(s, m, &p) == m && memcmp(p, needle, m) == 0) return 1;
    kb_src_consume(s, 1);
  }
}

void kb_src_limit(kb_src *s, uint64_t n) { s->left = n; }
void kb_src_unlimit(kb_src *s) { s->left = KB_SRC_NO_LIMIT; }

/* ---- sniffing ---------------------------------------------------------- */

size_t kb_rd_bom(const char *p, size_t n) {
  return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

void kb_rd_strip_bom(kb_buf *b) {
  size_t bom = kb_rd_bom(b->data, b->len);
  if (!bom) return;
  memmove(b->data, b->data + bom, b->len - bom + 1);
  b->len -= bom;
}

kb_format kb_rd_sniff(const unsigned char *p, size_t n) {
  if (n >= 7 && (memcmp(p, "WARC/1.", 7) == 0 || memcmp(p, "WARC/0.", 7) == 0))
    return KB_FMT_WARC;
  size_t i = kb_rd_bom((const char *)p, n);
  while (i < n && isspace(p[i]))
    i++;
  if (i < n && p[i] == '{') return KB_FMT_JSONL;
  if (i < n && p[i] == '<') return KB_FMT_HTML; /* <!doctype, <html, ... */
  return KB_FMT_TXT;
}

/* ---- charsets ---------------------------------------------------------- */

/* Counts valid multibyte sequences and invalid bytes. Legacy 8-bit text
 * (French in latin-1) almost never forms a valid multibyte sequence by
 * chance, so more valid sequences than bad bytes means damaged UTF-8. */
static void utf8_census(const char *s, size_t n, size_t *multi, size_t *bad) {
  size_t i = 0;
  *multi = *bad = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &cp);
    if (len > 1) {
      (*multi)++;
      i += (size_t)len;
    } else {
      (*bad)++;
      i++;
    }
  }
}

static int is_utf8_name(const char *cs) {
  return strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;
}

/* WHATWG: latin1 and ascii labels mean windows-1252, and a UTF-16 label
 * in a byte stream that reached us as text is a lie. */
static const char *iconv_name(const char *cs) {
  if (!cs || !*cs || is_utf8_name(cs)) return NULL;
  if (strncasecmp(cs, "utf-16", 6) == 0 || strncasecmp(cs, "utf-32", 6) == 0)
    return NULL;
  if (strcasecmp(cs, "iso-8859-1") == 0 || strcasecmp(cs, "latin1") == 0 ||
      strcasecmp(cs, "iso8859-1") == 0 || strcasecmp(cs, "us-ascii") == 0 ||
      strcasecmp(cs, "ascii") == 0 || strcasecmp(cs, "l1") == 0)
    return "WINDOWS-1252";
  return cs;
}

/* One iconv call into out's free space, growing out on E2BIG and writing
 * U+FFFD for a byte the charset does not define. */
static kb_status iconv_all(iconv_t cd, const char *s, size_t n, kb_buf *out) {
  char *in = (char *)s;
  size_t inleft = n;
  while (inleft > 0) {
    kb_status st = kb_buf_reserve(out, inleft + 16);
    if (st != KB_OK) return st;
    char *o = out->data + out->len;
    size_t oleft = out->cap - 1 - out->len;
    size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
    out->len = (size_t)(o - out->data);
    out->data[out->len] = 0;
    if (rc != (size_t)-1 || errno == E2BIG) continue;
    if ((st = kb_buf_add(out, "\xEF\xBF\xBD", 3)) != KB_OK) return st;
    in++; /* EILSEQ, or EINVAL: an incomplete sequence at the end */
    inleft--;
  }
  return KB_OK;
}

kb_status kb_rd_to_utf8(kb_buf *raw, kb_buf *tmp, const char *charset) {
  size_t multi, bad;
  if (!raw->len) return KB_OK;
  utf8_census(raw->data, raw->len, &multi, &bad);
  /* valid or merely damaged UTF-8, whatever the label says: labels lie
   * more often than bytes, and the cleaner repairs the damage */
  if (!bad || multi > bad) return KB_OK;
  const char *from = iconv_name(charset);
  if (!from) from = "WINDOWS-1252";
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return KB_OK; /* unknown label: leave to cleaner */
  kb_buf_reset(tmp);
  kb_status st = iconv_all(cd, raw->data, raw->len, tmp);
  iconv_close(cd);
  if (st != KB_OK) return st;
  kb_buf swap = *raw;
  *raw = *tmp;
  *tmp = swap;
  return KB_OK;
}

static int copy_token(const char *s, const char *end, char *out, size_t n) {
  while (s < end && (*s == ' ' || *s == '\t' || *s == '='))
    s++;
  while (s < end && (*s == '"' || *s == '\''))
    s++;
  size_t k = 0;
  while (s < end && k + 1 < n &&
         (isalnum((unsigned char)*s) || (*s && strchr("-_.:", *s))))
    out[k++] = *s++;
  out[k] = 0;
  return k > 0;
}

/* Case-insensitive search for "charset" followed by '=' in s[0..n). */
static const char *find_charset(const char *s, size_t n) {
  for (size_t i = 0; i + 8 <= n; i++) {
    if (strncasecmp(s + i, "charset", 7) != 0) continue;
    size_t j = i + 7;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
      j++;
    if (j < n && s[j] == '=') return s + j;
  }
  return NULL;
}

int kb_rd_charset_param(const char *value, char *out, size_t outn) {
  size_t n = strlen(value);
  const char *p = find_charset(value, n);
  return p && copy_token(p, value + n, out, outn);
}

int kb_rd_meta_charset(const char *html, size_t n, char *out, size_t outn) {
  if (n > KB_SNIFF_BYTES) n = KB_SNIFF_BYTES;
  const char *p = find_charset(html, n);
  return p && copy_token(p, html + n, out, outn);
}
