/* Shared by the reader harnesses: the input goes to a file named with the
 * format's extension (in /dev/shm when there is one, to stay in memory)
 * and is read to the end through the public reader API, checking the
 * contract of every answer. */
#ifndef KB_FUZZ_READER_H
#define KB_FUZZ_READER_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kibaru.h"

static char kb_fuzz_path[512];

static void kb_fuzz_cleanup(void) { unlink(kb_fuzz_path); }

static const char *kb_fuzz_file(const char *ext) {
  if (!kb_fuzz_path[0]) {
    struct stat sb;
    const char *dir = stat("/dev/shm", &sb) == 0 ? "/dev/shm" : NULL;
    if (!dir) dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(kb_fuzz_path, sizeof kb_fuzz_path, "%s/kb-fuzz-%ld.%s", dir,
             (long)getpid(), ext);
    atexit(kb_fuzz_cleanup);
  }
  return kb_fuzz_path;
}

/* What the header promises: a document has an id and NUL-terminated raw
 * bytes; an error names its input and says something. */
static void kb_fuzz_check(kb_status st, const kb_doc *d, const kb_error *e) {
  if (st == KB_OK) {
    if (!d || !d->id || !d->raw || d->raw[d->raw_len] != 0) abort();
    return;
  }
  if (st == KB_END || !e->input[0] || !e->message[0] || e->code != st) abort();
}

static void kb_fuzz_read(const uint8_t *data, size_t size, const char *ext) {
  const char *path = kb_fuzz_file(ext);
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  kb_error err;
  memset(&err, 0, sizeof err);
  kb_reader *r = kb_reader_open(path, &err);
  if (!r) abort(); /* the file exists: opening it cannot fail */
  /* every answer but the last consumes at least one byte: more calls than
   * bytes is a reader that stopped moving */
  for (size_t calls = 0;; calls++) {
    if (calls > size + 2) abort();
    const kb_doc *d = NULL;
    memset(&err, 0, sizeof err);
    kb_status st = kb_reader_next(r, &d, &err);
    if (st == KB_END) break;
    kb_fuzz_check(st, d, &err);
  }
  kb_reader_free(r);
}
#endif
