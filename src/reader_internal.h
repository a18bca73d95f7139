/* Private to the input stage: reader.c (files, directories, dispatch),
 * reader_io.c (streaming source, charsets), warc.c and jsonl.c. */
#ifndef KB_READER_INTERNAL_H
#define KB_READER_INTERNAL_H
#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

#include "buf.h"
#include "kibaru.h"

/* Read-ahead of the source. Sniffing needs KB_SNIFF_BYTES of it. */
#define KB_SRC_BUF (64u << 10)
#define KB_SNIFF_BYTES 4096u
#define KB_SRC_NO_LIMIT UINT64_MAX

/* ---- kb_src: streaming bytes through zlib's gz* API -------------------- */

/* gzread reads plain files as they are and gzip files decompressed,
 * including the concatenated members Common Crawl writes, so every format
 * reads through one of these. `left` bounds reads to the bytes of one WARC
 * record; KB_SRC_NO_LIMIT otherwise. */
typedef struct kb_src {
  gzFile gz;
  unsigned char *buf;
  size_t pos, len;
  uint64_t left;
  long long offset; /* decompressed bytes consumed so far */
  int eof;          /* gzread has nothing more to give */
  kb_status fail;   /* KB_OK, or why the stream broke (message in why) */
  char why[200];
} kb_src;

/* path "-" is stdin. On failure returns KB_ERR_IO or KB_ERR_NOMEM and
 * s->why says why. */
kb_status kb_src_open(kb_src *s, const char *path);
void kb_src_close(kb_src *s);
/* Bytes available at the read position (filling when none are buffered),
 * within the limit; 0 at the end, at the limit or after a failure. */
size_t kb_src_chunk(kb_src *s, const unsigned char **p);
void kb_src_consume(kb_src *s, size_t n);
/* Makes up to want bytes (<= KB_SNIFF_BYTES) visible without consuming. */
size_t kb_src_peek(kb_src *s, size_t want, const unsigned char **p);
uint64_t kb_src_skip(kb_src *s, uint64_t n); /* returns bytes skipped */
/* Appends exactly n bytes to out unless the source ends first; returns
 * KB_OK (check *got), or the kb_buf error when out's ceiling is hit. */
kb_status kb_src_read(kb_src *s, kb_buf *out, size_t n, size_t *got);
/* Reads one line into out without its "\n" (nor a "\r" before it). *got is
 * 0 at the end with nothing read. A line longer than out->max is consumed to
 * its end without being stored and gives KB_ERR_TOO_LARGE. *ended is 1 when
 * the line ended with "\n" (0: the stream ended inside it). */
kb_status kb_src_line(kb_src *s, kb_buf *out, int *got, int *ended);
/* Advances to the next occurrence of needle; 0, with everything consumed,
 * if the stream ends first. */
int kb_src_find(kb_src *s, const char *needle);
void kb_src_limit(kb_src *s, uint64_t n);
void kb_src_unlimit(kb_src *s);

/* ---- the reader -------------------------------------------------------- */

typedef enum kb_format {
  KB_FMT_UNKNOWN,
  KB_FMT_TXT,
  KB_FMT_HTML,
  KB_FMT_JSONL,
  KB_FMT_WARC
} kb_format;

typedef struct kb_dir_frame {
  char *path;
  char **names; /* sorted, hidden names left out */
  size_t n, next;
  dev_t dev; /* to recognise a symlink back to a parent */
  ino_t ino;
} kb_dir_frame;

struct kb_reader {
  kb_dir_frame *dirs; /* stack of directories being walked */
  size_t ndirs, capdirs;

  /* the current file */
  int open, done, reported; /* reported: src failure already told */
  char *path;               /* as shown in ids and errors */
  kb_format fmt;
  kb_src src;
  long long recno;      /* 1-based record (WARC) or line (JSONL) number */
  long long rec_offset; /* where that record starts */

  size_t max_doc, max_line; /* from limits.h; tests lower them */

  /* the current document; all of it lives until the next call */
  kb_buf raw, tmp, hdr, line, meta;
  json_t *json;                   /* only for lines simdjson refused */
  struct kb_json_parser *jparser; /* reused from line to line */
  kb_doc doc;
};

/* Both return KB_OK with *doc set, KB_END when the file has no more
 * documents, or an error about one skipped record. */
kb_status kb_warc_next(kb_reader *r, const kb_doc **doc, kb_error *err);
kb_status kb_jsonl_next(kb_reader *r, const kb_doc **doc, kb_error *err);

/* Fills err with the source's failure for the current record, once. */
kb_status kb_rd_src_error(kb_reader *r, long long line, kb_error *err);
/* "64 MB" or "1000 bytes": limits in messages. */
const char *kb_rd_size(size_t n, char *out, size_t outn);

/* ---- charsets ---------------------------------------------------------- */

/* Makes raw UTF-8 when it is legacy 8-bit text: converts from charset when
 * iconv knows it, else from windows-1252. Raw that is valid UTF-8, or mostly
 * valid (more good multibyte sequences than bad bytes), is left as it is
 * for the cleaner's U+FFFD policy. tmp is scratch; both keep their ceiling,
 * and raw and tmp may be swapped. */
kb_status kb_rd_to_utf8(kb_buf *raw, kb_buf *tmp, const char *charset);
/* Copies the charset parameter of a Content-Type value; 0 if none. */
int kb_rd_charset_param(const char *value, char *out, size_t outn);
/* Finds a charset declared in an HTML head (meta charset or http-equiv),
 * looking at the first KB_SNIFF_BYTES only, as browsers do; 0 if none. */
int kb_rd_meta_charset(const char *html, size_t n, char *out, size_t outn);

/* ---- sniffing ---------------------------------------------------------- */

kb_format kb_rd_sniff(const unsigned char *p, size_t n);
/* Length of a UTF-8 byte order mark at p (0 or 3). */
size_t kb_rd_bom(const char *p, size_t n);
void kb_rd_strip_bom(kb_buf *b);

/* Test hook: lower the document and line ceilings (0 keeps the value). */
void kb_reader_set_limits(kb_reader *r, size_t max_doc, size_t max_line);
#endif
