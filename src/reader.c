/* Input stage: a path (file, directory walked recursively in name order, or
 * "-" for stdin) to a stream of documents. Whole-file formats (txt, html)
 * are read here; jsonl.c and warc.c read their records one at a time from
 * the same streaming source, so no input is ever held whole in memory.
 * Every skipped file or record comes back as an error naming it, and the
 * next call goes on with the rest. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "internal.h"
#include "json_record.h"
#include "kb_limits.h"
#include "reader_internal.h"

#define KB_STDIN_NAME "<stdin>"

/* ---- small helpers shared by the formats ------------------------------ */

const char *kb_rd_size(size_t n, char *out, size_t outn) {
  if (n >= (1u << 20) && n % (1u << 20) == 0)
    snprintf(out, outn, "%zu MB", n >> 20);
  else if (n >= (1u << 10) && n % (1u << 10) == 0)
    snprintf(out, outn, "%zu kB", n >> 10);
  else
    snprintf(out, outn, "%zu bytes", n);
  return out;
}

kb_status kb_rd_src_error(kb_reader *r, long long line, kb_error *err) {
  r->reported = 1;
  return kb_error_set(err, r->src.fail, r->path, line, r->src.offset, "%s",
                      r->src.why);
}

void kb_reader_set_limits(kb_reader *r, size_t max_doc, size_t max_line) {
  if (max_doc) r->max_doc = max_doc;
  if (max_line) r->max_line = max_line;
}

/* ---- directories ------------------------------------------------------- */

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void frame_free(kb_dir_frame *f) {
  for (size_t i = 0; i < f->n; i++)
    kb_free(f->names[i]);
  kb_free(f->names);
  kb_free(f->path);
}

static kb_status add_name(kb_dir_frame *f, size_t *cap, const char *name) {
  if (f->n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    char **names = kb_realloc(f->names, c * sizeof *names);
    if (!names) return KB_ERR_NOMEM;
    f->names = names;
    *cap = c;
  }
  if (!(f->names[f->n] = kb_strdup(name))) return KB_ERR_NOMEM;
  f->n++;
  return KB_OK;
}

/* Lists the visible entries of f->path, sorted by name (bytewise, so the
 * order does not depend on the locale). */
static kb_status list_dir(kb_dir_frame *f, kb_error *err) {
  DIR *d = opendir(f->path);
  if (!d)
    return kb_error_set(err, KB_ERR_IO, f->path, 0, -1,
                        "cannot open directory: %s", strerror(errno));
  size_t cap = 0;
  kb_status st = KB_OK;
  struct dirent *e;
  while (st == KB_OK && (e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') st = add_name(f, &cap, e->d_name);
  closedir(d);
  if (st != KB_OK)
    return kb_error_set(err, st, f->path, 0, -1, "out of memory");
  if (f->n) qsort(f->names, f->n, sizeof *f->names, by_name);
  return KB_OK;
}

static int is_ancestor(const kb_reader *r, const struct stat *sb) {
  for (size_t i = 0; i < r->ndirs; i++)
    if (r->dirs[i].dev == sb->st_dev && r->dirs[i].ino == sb->st_ino) return 1;
  return 0;
}

static kb_status grow_dirs(kb_reader *r) {
  if (r->ndirs < r->capdirs) return KB_OK;
  size_t c = r->capdirs ? r->capdirs * 2 : 8;
  kb_dir_frame *d = kb_realloc(r->dirs, c * sizeof *d);
  if (!d) return KB_ERR_NOMEM;
  r->dirs = d;
  r->capdirs = c;
  return KB_OK;
}

/* Pushes a directory to walk; takes path. A symlink back to a directory
 * being walked is left out silently: its files are read anyway. */
static kb_status push_dir(kb_reader *r, char *path, const struct stat *sb,
                          kb_error *err) {
  kb_status st = KB_OK;
  kb_dir_frame f = {.path = path, .dev = sb->st_dev, .ino = sb->st_ino};
  if (is_ancestor(r, sb)) {
    kb_free(path);
    return KB_OK;
  }
  if (r->ndirs >= KB_MAX_DIR_DEPTH)
    st = kb_error_set(err, KB_ERR_TOO_LARGE, path, 0, -1,
                      "directory nested deeper than %d levels: skipped",
                      KB_MAX_DIR_DEPTH);
  else if (grow_dirs(r) != KB_OK)
    st = kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
  else
    st = list_dir(&f, err);
  if (st != KB_OK) {
    frame_free(&f);
    return st;
  }
  r->dirs[r->ndirs++] = f;
  return KB_OK;
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir), m = strlen(name);
  size_t slash = n > 0 && dir[n - 1] != '/';
  char *p = kb_malloc(n + slash + m + 1);
  if (!p) return NULL;
  memcpy(p, dir, n);
  if (slash) p[n] = '/';
  memcpy(p + n + slash, name, m + 1);
  return p;
}

/* Next regular file of the walk in *path (owned), KB_END when the walk is
 * over, or an error about an entry that was skipped. */
static kb_status next_path(kb_reader *r, char **path, kb_error *err) {
  while (r->ndirs) {
    kb_dir_frame *f = &r->dirs[r->ndirs - 1];
    if (f->next == f->n) {
      frame_free(f);
      r->ndirs--;
      continue;
    }
    char *full = join(f->path, f->names[f->next++]);
    if (!full)
      return kb_error_set(err, KB_ERR_NOMEM, f->path, 0, -1, "out of memory");
    struct stat sb;
    if (stat(full, &sb) != 0) {
      kb_status st = kb_error_set(err, KB_ERR_IO, full, 0, -1,
                                  "cannot read: %s", strerror(errno));
      kb_free(full);
      return st;
    }
    if (S_ISDIR(sb.st_mode)) {
      kb_status st = push_dir(r, full, &sb, err);
      if (st != KB_OK) return st;
      continue;
    }
    if (S_ISREG(sb.st_mode)) {
      *path = full;
      return KB_OK;
    }
    kb_free(full); /* fifos, sockets, devices in a tree are not documents */
  }
  return KB_END;
}

/* ---- files ------------------------------------------------------------- */

/* Opens the current file; takes path (the name shown in ids and errors). */
static kb_status open_file(kb_reader *r, char *path, const char *src_path,
                           kb_error *err) {
  r->path = path;
  r->fmt = KB_FMT_UNKNOWN;
  r->recno = r->rec_offset = 0;
  r->done = r->reported = 0;
  kb_status st = kb_src_open(&r->src, src_path);
  if (st != KB_OK) return kb_error_set(err, st, path, 0, -1, "%s", r->src.why);
  r->open = 1;
  return KB_OK;
}

static void close_file(kb_reader *r) {
  kb_src_close(&r->src);
  kb_free(r->path);
  r->path = NULL;
  r->open = 0;
}

static kb_status next_file(kb_reader *r, kb_error *err) {
  char *path = NULL;
  kb_status st = next_path(r, &path, err);
  if (st != KB_OK) return st;
  st = open_file(r, path, path, err);
  if (st != KB_OK) close_file(r);
  return st;
}

static int ext_is(const char *ext, size_t n, const char *name) {
  return strlen(name) == n && strncasecmp(ext, name, n) == 0;
}

/* Format from the extension, looking through one ".gz". */
static kb_format by_extension(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 3 && strcasecmp(base + n - 3, ".gz") == 0) n -= 3;
  const char *dot = NULL;
  for (size_t i = 1; i < n; i++)
    if (base[i] == '.') dot = base + i;
  if (!dot) return KB_FMT_UNKNOWN;
  const char *ext = dot + 1;
  size_t m = (size_t)(base + n - ext);
  if (ext_is(ext, m, "txt") || ext_is(ext, m, "text")) return KB_FMT_TXT;
  if (ext_is(ext, m, "html") || ext_is(ext, m, "htm") ||
      ext_is(ext, m, "xhtml"))
    return KB_FMT_HTML;
  if (ext_is(ext, m, "jsonl") || ext_is(ext, m, "ndjson")) return KB_FMT_JSONL;
  if (ext_is(ext, m, "warc")) return KB_FMT_WARC;
  return KB_FMT_UNKNOWN;
}

/* Text never holds NUL and seldom C0 controls other than whitespace and
 * ESC; binary formats are full of both. NULL if p looks like text. */
static const char *binary_reason(const unsigned char *p, size_t n) {
  size_t nul = 0, ctl = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == 0)
      nul++;
    else if (p[i] < 0x20 && !strchr("\t\n\r\f\v\x1b", p[i]))
      ctl++;
  }
  if (nul * 64 <= n && (nul + ctl) * 20 <= n) return NULL;
  return nul ? "NUL bytes" : "control bytes";
}

/* Settles the format of the file just opened from its first bytes. */
static kb_status detect(kb_reader *r, kb_error *err) {
  const unsigned char *p;
  size_t n = kb_src_peek(&r->src, KB_SNIFF_BYTES, &p);
  if (n == 0 && r->src.fail) return kb_rd_src_error(r, 0, err);
  if (n == 0)
    return kb_error_set(err, KB_ERR_FORMAT, r->path, 0, -1, "empty file");
  kb_format f = by_extension(r->path);
  if (f == KB_FMT_UNKNOWN) f = kb_rd_sniff(p, n);
  /* WARC payloads may be binary; its own parser checks its structure */
  const char *why = f == KB_FMT_WARC ? NULL : binary_reason(p, n);
  if (why)
    return kb_error_set(err, KB_ERR_FORMAT, r->path, 0, -1,
                        "binary data, not text (%s)", why);
  r->fmt = f;
  return KB_OK;
}

static kb_status read_whole(kb_reader *r, const kb_doc **doc, kb_error *err) {
  char size[32], cs[64] = "";
  size_t got;
  kb_buf_reset(&r->raw);
  r->raw.max = r->max_doc;
  kb_status st = kb_src_read(&r->src, &r->raw, (size_t)-1, &got);
  if (st == KB_ERR_TOO_LARGE)
    return kb_error_set(err, st, r->path, 0, -1, "document larger than %s",
                        kb_rd_size(r->max_doc, size, sizeof size));
  if (st != KB_OK)
    return kb_error_set(err, st, r->path, 0, -1, "out of memory");
  if (r->src.fail) return kb_rd_src_error(r, 0, err);
  if (!r->raw.len)
    return kb_error_set(err, KB_ERR_FORMAT, r->path, 0, -1, "empty file");
  kb_rd_strip_bom(&r->raw);
  int html = r->fmt == KB_FMT_HTML;
  if (html) kb_rd_meta_charset(r->raw.data, r->raw.len, cs, sizeof cs);
  r->tmp.max = r->max_doc;
  if ((st = kb_rd_to_utf8(&r->raw, &r->tmp, cs)) != KB_OK)
    return kb_error_set(err, st, r->path, 0, -1,
                        "document larger than %s once converted to UTF-8",
                        kb_rd_size(r->max_doc, size, sizeof size));
  r->doc.id = r->path;
  r->doc.raw = r->raw.data;
  r->doc.raw_len = r->raw.len;
  r->doc.is_html = html;
  *doc = &r->doc;
  return KB_OK;
}

/* One document (or error) from the current file; KB_END when it is done. */
static kb_status file_next(kb_reader *r, const kb_doc **doc, kb_error *err) {
  kb_status st;
  if (r->done) return KB_END;
  if (r->fmt == KB_FMT_UNKNOWN && (st = detect(r, err)) != KB_OK) {
    r->done = 1;
    return st;
  }
  switch (r->fmt) {
  case KB_FMT_JSONL: st = kb_jsonl_next(r, doc, err); break;
  case KB_FMT_WARC: st = kb_warc_next(r, doc, err); break;
  default: r->done = 1; return read_whole(r, doc, err);
  }
  /* a broken stream ends the file: say so once, then on to the next file */
  if (st == KB_END && r->src.fail && !r->reported) {
    r->done = 1;
    return kb_rd_src_error(r, r->recno + 1, err);
  }
  return st;
}

/* ---- public API -------------------------------------------------------- */

static void init_bufs(kb_reader *r) {
  r->max_doc = KB_MAX_DOC_BYTES;
  r->max_line = KB_MAX_JSONL_LINE;
  kb_buf_init(&r->raw, r->max_doc);
  kb_buf_init(&r->tmp, r->max_doc);
  kb_buf_init(&r->hdr, KB_MAX_WARC_HEADER);
  kb_buf_init(&r->line, r->max_line);
  kb_buf_init(&r->meta, 4096);
}

static kb_status open_root(kb_reader *r, const char *path, kb_error *err) {
  if (strcmp(path, "-") == 0) {
    char *name = kb_strdup(KB_STDIN_NAME);
    if (!name)
      return kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    return open_file(r, name, "-", err);
  }
  struct stat sb;
  if (stat(path, &sb) != 0)
    return kb_error_set(err, KB_ERR_IO, path, 0, -1, "cannot open: %s",
                        strerror(errno));
  char *copy = kb_strdup(path);
  if (!copy)
    return kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
  if (S_ISDIR(sb.st_mode)) return push_dir(r, copy, &sb, err);
  return open_file(r, copy, path, err);
}

kb_reader *kb_reader_open(const char *path, kb_error *err) {
  kb_reader *r = kb_calloc(1, sizeof *r);
  if (!r) {
    kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    return NULL;
  }
  init_bufs(r);
  if (open_root(r, path, err) != KB_OK) {
    kb_reader_free(r);
    return NULL;
  }
  return r;
}

static void release_doc(kb_reader *r) {
  json_decref(r->json);
  r->json = NULL;
  memset(&r->doc, 0, sizeof r->doc);
}

kb_status kb_reader_next(kb_reader *r, const kb_doc **doc, kb_error *err) {
  *doc = NULL;
  release_doc(r);
  for (;;) {
    kb_status st;
    if (!r->open && (st = next_file(r, err)) != KB_OK) return st;
    st = file_next(r, doc, err);
    if (st == KB_OK) {
      /* where the document came from, for errors of later stages */
      int records = r->fmt == KB_FMT_JSONL || r->fmt == KB_FMT_WARC;
      kb_error_set(err, KB_OK, r->path, records ? r->recno : 0,
                   records ? r->rec_offset : -1, "%s", "");
    }
    if (st != KB_END) return st;
    close_file(r);
  }
}

void kb_reader_free(kb_reader *r) {
  if (!r) return;
  release_doc(r);
  if (r->open)
    close_file(r);
  else
    kb_free(r->path);
  while (r->ndirs)
    frame_free(&r->dirs[--r->ndirs]);
  kb_free(r->dirs);
  kb_buf_free(&r->raw);
  kb_buf_free(&r->tmp);
  kb_buf_free(&r->hdr);
  kb_buf_free(&r->line);
  kb_buf_free(&r->meta);
  kb_json_parser_free(r->jparser);
  kb_free(r);
}
