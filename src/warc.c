/* WARC (ISO 28500) records, one at a time from the streaming source. Only
 * `response` records carrying a 2xx HTTP response with an HTML payload
 * become documents; every other record is skipped silently, because it is
 * not a document rather than a broken one. Content-Length is trusted only
 * as a bound on reads: memory grows in capped chunks as bytes arrive. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "internal.h"
#include "kb_limits.h"
#include "reader_internal.h"

typedef struct warc_head {
  char *type, *id, *uri, *ctype; /* in r->hdr; NULL when absent */
  uint64_t length;
  int has_length;
} warc_head;

typedef struct http_head {
  int status, has_ctype;
  char ctype[256], cenc[64], tenc[64]; /* cut short if longer: harmless */
} http_head;

static int prefix(const char *s, const char *p) {
  return strncasecmp(s, p, strlen(p)) == 0;
}

static char *trim(char *s, char *end) {
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *end = 0;
  return s;
}

/* WARC writes <urn:uuid:...> and sometimes <http://...>: drop the brackets. */
static char *unbracket(char *s) {
  size_t n = strlen(s);
  if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
    s[n - 1] = 0;
    return s + 1;
  }
  return s;
}

/* Strict decimal; at most 18 digits, so no overflow. */
static int parse_length(const char *s, uint64_t *out) {
  uint64_t v = 0;
  size_t k = 0;
  for (; s[k]; k++) {
    if (!isdigit((unsigned char)s[k]) || k == 18) return 0;
    v = v * 10 + (uint64_t)(s[k] - '0');
  }
  *out = v;
  return k > 0;
}

static void head_field(warc_head *h, char *name, char *value) {
  if (strcasecmp(name, "WARC-Type") == 0)
    h->type = value;
  else if (strcasecmp(name, "WARC-Record-ID") == 0)
    h->id = unbracket(value);
  else if (strcasecmp(name, "WARC-Target-URI") == 0)
    h->uri = unbracket(value);
  else if (strcasecmp(name, "Content-Type") == 0)
    h->ctype = value;
  else if (strcasecmp(name, "Content-Length") == 0)
    h->has_length = parse_length(value, &h->length);
}

/* Splits the header block in r->hdr ("line\n" each, version line first)
 * into fields, in place. */
static void parse_head(kb_buf *hdr, warc_head *h) {
  char *p = hdr->data, *end = hdr->data + hdr->len;
  char *nl = memchr(p, '\n', (size_t)(end - p));
  p = nl ? nl + 1 : end;
  while (p < end) {
    nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    char *colon = memchr(p, ':', (size_t)(eol - p));
    if (colon) {
      *colon = 0;
      head_field(h, trim(p, colon), trim(colon + 1, eol));
    }
    p = eol + 1;
  }
}

/* Skips the CRLFs between records; 0 when nothing follows. */
static int skip_blank(kb_src *s) {
  const unsigned char *p;
  size_t a;
  while ((a = kb_src_chunk(s, &p)) > 0) {
    size_t k = 0;
    while (k < a && strchr("\r\n \t", p[k]) && p[k])
      k++;
    kb_src_consume(s, k);
    if (k < a) return 1;
  }
  return 0;
}

/* After a broken header: on to the next line that starts a record. */
static kb_status lost(kb_reader *r, kb_status code, kb_error *err,
                      const char *msg) {
  kb_error_set(err, code, r->path, r->recno, r->rec_offset, "%s", msg);
  if (kb_src_find(&r->src, "\nWARC/")) kb_src_consume(&r->src, 1);
  return code;
}

static kb_status not_warc(kb_reader *r, const unsigned char *p, size_t n,
                          kb_error *err) {
  char seen[17], msg[96];
  size_t k = 0;
  for (; k < n && k < 16; k++)
    seen[k] = isprint(p[k]) ? (char)p[k] : '?';
  seen[k] = 0;
  snprintf(msg, sizeof msg,
           "not a WARC record (expected \"WARC/1.0\", found \"%s\")", seen);
  return lost(r, KB_ERR_FORMAT, err, msg);
}

/* Reads the header lines, up to the empty line, into r->hdr. */
static kb_status read_head_lines(kb_reader *r, kb_error *err) {
  kb_buf_reset(&r->hdr);
  for (;;) {
    size_t start = r->hdr.len;
    int got, ended;
    kb_status st = kb_src_line(&r->src, &r->hdr, &got, &ended);
    if (st == KB_OK && !ended) return KB_END; /* cut: the caller reports */
    if (st == KB_OK && r->hdr.len == start) return KB_OK;
    if (st == KB_OK) st = kb_buf_addc(&r->hdr, '\n');
    if (st == KB_ERR_TOO_LARGE)
      return lost(r, st, err, "WARC header larger than 64 kB");
    if (st != KB_OK)
      return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                          "out of memory");
  }
}

/* The next record's header; KB_END at the end of the input. */
static kb_status read_head(kb_reader *r, warc_head *h, kb_error *err) {
  memset(h, 0, sizeof *h);
  if (!skip_blank(&r->src)) return KB_END;
  r->recno++;
  r->rec_offset = r->src.offset;
  const unsigned char *p;
  size_t n = kb_src_peek(&r->src, 16, &p);
  if (n < 5 || memcmp(p, "WARC/", 5) != 0) return not_warc(r, p, n, err);
  kb_status st = read_head_lines(r, err);
  if (st == KB_END)
    return r->src.fail ? kb_rd_src_error(r, r->recno, err)
                       : kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno,
                                      r->rec_offset,
                                      "truncated record: the input ends "
                                      "inside its header");
  if (st != KB_OK) return st;
  parse_head(&r->hdr, h);
  if (!h->has_length)
    return lost(r, KB_ERR_FORMAT, err,
                "WARC record without a valid Content-Length");
  return KB_OK;
}

/* ---- the HTTP response inside a record ---------------------------------- */

static void copy_value(char *dst, size_t n, const char *v) {
  snprintf(dst, n, "%s", v);
}

static void http_field(http_head *hh, char *line) {
  char *colon = strchr(line, ':');
  if (!colon) return;
  *colon = 0;
  char *name = trim(line, colon);
  char *value = trim(colon + 1, colon + 1 + strlen(colon + 1));
  if (strcasecmp(name, "Content-Type") == 0) {
    copy_value(hh->ctype, sizeof hh->ctype, value);
    hh->has_ctype = 1;
  } else if (strcasecmp(name, "Content-Encoding") == 0) {
    copy_value(hh->cenc, sizeof hh->cenc, value);
  } else if (strcasecmp(name, "Transfer-Encoding") == 0) {
    copy_value(hh->tenc, sizeof hh->tenc, value);
  }
}

/* Reads the status line and headers. KB_END: not an HTTP response we
 * want, or cut short (the caller sees the missing bytes). */
static kb_status read_http(kb_reader *r, http_head *hh, kb_error *err) {
  long long start = r->src.offset;
  memset(hh, 0, sizeof *hh);
  r->line.max = KB_MAX_WARC_HEADER;
  for (int first = 1;; first = 0) {
    int got, ended;
    kb_buf_reset(&r->line);
    kb_status st = kb_src_line(&r->src, &r->line, &got, &ended);
    if (st == KB_OK && !ended) return KB_END;
    if (st == KB_ERR_TOO_LARGE || r->src.offset - start > KB_MAX_WARC_HEADER)
      return kb_error_set(err, KB_ERR_TOO_LARGE, r->path, r->recno,
                          r->rec_offset, "HTTP header larger than 64 kB");
    if (st != KB_OK)
      return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                          "out of memory");
    char *line = r->line.data;
    if (first && (!prefix(line, "HTTP/") || !strchr(line, ' '))) return KB_END;
    if (first)
      hh->status = atoi(strchr(line, ' ') + 1);
    else if (!*line)
      return KB_OK;
    else
      http_field(hh, line);
  }
}

static int is_html_type(const char *ctype) {
  while (*ctype == ' ')
    ctype++;
  return prefix(ctype, "text/html") || prefix(ctype, "application/xhtml");
}

/* ---- payload decoding --------------------------------------------------- */

static size_t hexval(char c) {
  return isdigit((unsigned char)c)
             ? (size_t)(c - '0')
             : (size_t)(tolower((unsigned char)c) - 'a' + 10);
}

/* Undoes chunked transfer coding into out; 0 if s is not chunked after all
 * (archives often store the body decoded but keep the header). */
static int dechunk(const char *s, size_t n, kb_buf *out) {
  size_t i = 0;
  while (i < n) {
    size_t size = 0, digits = 0;
    for (; i < n && isxdigit((unsigned char)s[i]) && digits < 15; digits++)
      size = size * 16 + hexval(s[i++]);
    if (!digits) return 0;
    while (i < n && s[i] != '\n')
      i++; /* chunk extensions, CR */
    if (i == n) return 0;
    i++;
    if (size == 0) return 1;
    if (size > n - i || kb_buf_add(out, s + i, size) != KB_OK) return 0;
    i += size;
    if (i < n && s[i] == '\r') i++;
    if (i < n && s[i] == '\n') i++;
  }
  return 1; /* no last chunk: the transfer was cut, keep what came */
}

static voidpf z_alloc(voidpf opaque, uInt n, uInt size) {
  (void)opaque;
  return kb_calloc(n, size);
}

static void z_free(voidpf opaque, voidpf p) {
  (void)opaque;
  kb_free(p);
}

/* Inflates s into out up to out->max. A stream cut or corrupted midway
 * keeps what came out, as browsers do; nothing decoded is KB_ERR_FORMAT. */
static kb_status inflate_to(const char *s, size_t n, int wbits, kb_buf *out) {
  z_stream z = {.zalloc = z_alloc, .zfree = z_free};
  if (inflateInit2(&z, wbits) != Z_OK) return KB_ERR_NOMEM;
  z.next_in = (Bytef *)s;
  z.avail_in = (uInt)n;
  kb_status st = KB_OK;
  int rc;
  do {
    size_t room = out->max - out->len;
    if (room > 65536) room = 65536;
    if (room == 0) st = KB_ERR_TOO_LARGE;
    if (st == KB_OK) st = kb_buf_reserve(out, room);
    if (st != KB_OK) break;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)room;
    rc = inflate(&z, Z_NO_FLUSH);
    out->len += room - z.avail_out;
    out->data[out->len] = 0;
  } while (rc == Z_OK);
  inflateEnd(&z);
  if (st == KB_OK && out->len == 0 && rc != Z_STREAM_END) st = KB_ERR_FORMAT;
  return st;
}

static void swap(kb_buf *a, kb_buf *b) {
  kb_buf t = *a;
  *a = *b;
  *b = t;
}

static int has_token(const char *list, const char *token) {
  return strcasestr(list, token) != NULL;
}

static kb_status decode_content(kb_reader *r, const char *cenc) {
  int gzip = has_token(cenc, "gzip"), deflate = has_token(cenc, "deflate");
  const unsigned char *b = (const unsigned char *)r->raw.data;
  if (gzip && !(r->raw.len >= 2 && b[0] == 0x1f && b[1] == 0x8b))
    return KB_OK; /* stored decoded, header kept */
  if (!gzip && !deflate) {
    if (!*cenc || has_token(cenc, "identity")) return KB_OK;
    /* br, zstd...: usable only if the archive stored it decoded */
    return kb_rd_sniff(b, r->raw.len) == KB_FMT_HTML ? KB_OK : KB_ERR_FORMAT;
  }
  kb_buf_reset(&r->tmp);
  r->tmp.max = r->max_doc;
  /* gzip: 15+16; deflate: zlib-wrapped (15), else raw (-15) as IIS sends */
  kb_status st = inflate_to(r->raw.data, r->raw.len, gzip ? 31 : 15, &r->tmp);
  if (st == KB_ERR_FORMAT && deflate) {
    kb_buf_reset(&r->tmp);
    st = inflate_to(r->raw.data, r->raw.len, -15, &r->tmp);
  }
  if (st == KB_ERR_FORMAT && deflate) return KB_OK; /* stored decoded */
  if (st == KB_OK) swap(&r->raw, &r->tmp);
  return st;
}

static kb_status decode_body(kb_reader *r, const http_head *hh, kb_error *err) {
  char size[32];
  if (has_token(hh->tenc, "chunked")) {
    kb_buf_reset(&r->tmp);
    r->tmp.max = r->max_doc;
    if (dechunk(r->raw.data, r->raw.len, &r->tmp)) swap(&r->raw, &r->tmp);
  }
  kb_status st = decode_content(r, hh->cenc);
  if (st == KB_ERR_TOO_LARGE)
    return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                        "document larger than %s once decompressed",
                        kb_rd_size(r->max_doc, size, sizeof size));
  if (st == KB_ERR_FORMAT)
    return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                        "cannot decode HTTP payload (Content-Encoding: %s)",
                        hh->cenc);
  if (st != KB_OK)
    return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                        "out of memory");
  return KB_OK;
}

/* ---- records --------------------------------------------------------------
 */

static kb_status set_doc(kb_reader *r, const warc_head *h, kb_error *err) {
  const char *id = h->id && *h->id ? h->id : NULL;
  if (!id) {
    /* "<file>#<n>": stable across runs, unique within the input */
    char num[32];
    snprintf(num, sizeof num, "#%lld", r->recno);
    kb_buf_reset(&r->meta);
    r->meta.max = strlen(r->path) + sizeof num;
    if (kb_buf_adds(&r->meta, r->path) != KB_OK ||
        kb_buf_adds(&r->meta, num) != KB_OK)
      return kb_error_set(err, KB_ERR_NOMEM, r->path, r->recno, r->rec_offset,
                          "out of memory");
    id = r->meta.data;
  }
  memset(&r->doc, 0, sizeof r->doc);
  r->doc.id = id;
  r->doc.url = h->uri && *h->uri ? h->uri : NULL;
  r->doc.raw = r->raw.data;
  r->doc.raw_len = r->raw.len;
  r->doc.is_html = 1; /* WARC-Date is the crawl, not publication: no date */
  return KB_OK;
}

static kb_status html_payload(kb_reader *r, const http_head *hh,
                              kb_error *err) {
  char size[32], cs[64] = "";
  if (r->src.left > r->max_doc)
    return kb_error_set(err, KB_ERR_TOO_LARGE, r->path, r->recno, r->rec_offset,
                        "document larger than %s (HTTP payload of %llu bytes)",
                        kb_rd_size(r->max_doc, size, sizeof size),
                        (unsigned long long)r->src.left);
  kb_buf_reset(&r->raw);
  r->raw.max = r->max_doc;
  size_t want = (size_t)r->src.left, got;
  kb_status st = kb_src_read(&r->src, &r->raw, want, &got);
  if (st != KB_OK)
    return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                        "out of memory");
  if (got < want) return KB_END; /* cut: the caller reports it */
  if ((st = decode_body(r, hh, err)) != KB_OK) return st;
  const unsigned char *b = (const unsigned char *)r->raw.data;
  if (!r->raw.len ||
      (!hh->has_ctype && kb_rd_sniff(b, r->raw.len) != KB_FMT_HTML))
    return KB_END;
  kb_rd_strip_bom(&r->raw);
  if (!kb_rd_charset_param(hh->ctype, cs, sizeof cs))
    kb_rd_meta_charset(r->raw.data, r->raw.len, cs, sizeof cs);
  r->tmp.max = r->max_doc;
  if ((st = kb_rd_to_utf8(&r->raw, &r->tmp, cs)) != KB_OK)
    return kb_error_set(err, st, r->path, r->recno, r->rec_offset,
                        "document larger than %s once converted to UTF-8",
                        kb_rd_size(r->max_doc, size, sizeof size));
  return KB_OK;
}

/* One record whose header was read and whose block is the source's limit. */
static kb_status record(kb_reader *r, const warc_head *h, kb_error *err) {
  if (!h->type || strcasecmp(h->type, "response") != 0) return KB_END;
  if (h->ctype && !prefix(h->ctype, "application/http")) return KB_END;
  http_head hh;
  kb_status st = read_http(r, &hh, err);
  if (st != KB_OK) return st;
  if (hh.status < 200 || hh.status > 299) return KB_END; /* redirects, 404s */
  if (hh.has_ctype && !is_html_type(hh.ctype)) return KB_END;
  if ((st = html_payload(r, &hh, err)) != KB_OK) return st;
  return set_doc(r, h, err);
}

kb_status kb_warc_next(kb_reader *r, const kb_doc **doc, kb_error *err) {
  for (;;) {
    warc_head h;
    kb_status st = read_head(r, &h, err);
    if (st != KB_OK) return st;
    kb_src_limit(&r->src, h.length);
    st = record(r, &h, err);
    uint64_t want = r->src.left, got = kb_src_skip(&r->src, want);
    kb_src_unlimit(&r->src);
    if (got < want && (st == KB_OK || st == KB_END)) {
      memset(&r->doc, 0, sizeof r->doc);
      if (r->src.fail) return kb_rd_src_error(r, r->recno, err);
      return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, r->rec_offset,
                          "truncated record: the input ends %llu bytes "
                          "before its Content-Length",
                          (unsigned long long)(want - got));
    }
    if (st == KB_OK) *doc = &r->doc;
    if (st != KB_END) return st;
  }
}
