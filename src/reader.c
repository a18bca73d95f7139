/* Input reader: files, directories, stdin; txt, html, jsonl, warc, gzip.
 * (Minimal first version: single txt/html files, optionally gzipped.) */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "alloc.h"
#include "buf.h"
#include "internal.h"
#include "limits.h"

struct kb_reader {
  char *path;
  int done;
  kb_buf raw;
  kb_doc doc;
};

kb_reader *kb_reader_open(const char *path, kb_error *err) {
  kb_reader *r = kb_calloc(1, sizeof *r);
  if (!r) {
    kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    return NULL;
  }
  r->path = kb_strdup(path);
  kb_buf_init(&r->raw, KB_MAX_DOC_BYTES);
  return r;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

kb_status kb_reader_next(kb_reader *r, const kb_doc **doc, kb_error *err) {
  if (r->done) return KB_END;
  r->done = 1;
  gzFile f = gzopen(r->path, "rb");
  if (!f)
    return kb_error_set(err, KB_ERR_IO, r->path, 0, -1, "cannot open: %s",
                        strerror(errno));
  char chunk[65536];
  int n;
  kb_buf_reset(&r->raw);
  while ((n = gzread(f, chunk, sizeof chunk)) > 0) {
    kb_status s = kb_buf_add(&r->raw, chunk, (size_t)n);
    if (s != KB_OK) {
      gzclose(f);
      return kb_error_set(err, s, r->path, 0, -1, "document larger than %u bytes",
                          KB_MAX_DOC_BYTES);
    }
  }
  int zerr = 0;
  const char *zmsg = gzerror(f, &zerr);
  if (n < 0 || zerr != Z_OK) {
    kb_status s = kb_error_set(err, KB_ERR_FORMAT, r->path, 0, -1,
                               "read error: %s", zmsg);
    gzclose(f);
    return s;
  }
  gzclose(f);
  memset(&r->doc, 0, sizeof r->doc);
  r->doc.id = r->path;
  r->doc.raw = r->raw.data ? r->raw.data : "";
  r->doc.raw_len = r->raw.len;
  r->doc.is_html = ends_with(r->path, ".html") || ends_with(r->path, ".htm") ||
                   ends_with(r->path, ".html.gz") || ends_with(r->path, ".htm.gz");
  *doc = &r->doc;
  return KB_OK;
}

void kb_reader_free(kb_reader *r) {
  if (!r) return;
  kb_buf_free(&r->raw);
  kb_free(r->path);
  kb_free(r);
}
