/* Growable byte buffer with a ceiling (curl's dynbuf habit): appending past
 * max fails with KB_ERR_TOO_LARGE and leaves the content as it was. Always
 * NUL-terminated when len > 0. */
#ifndef KB_BUF_H
#define KB_BUF_H
#include <stddef.h>

#include "kibaru.h"

typedef struct kb_buf {
  char *data;
  size_t len, cap, max;
} kb_buf;

void kb_buf_init(kb_buf *b, size_t max);
kb_status kb_buf_add(kb_buf *b, const void *p, size_t n);
kb_status kb_buf_addc(kb_buf *b, char c);
kb_status kb_buf_adds(kb_buf *b, const char *s);
kb_status kb_buf_reserve(kb_buf *b, size_t extra);
/* Allocates pad bytes past len even beyond max, for parsers that read
 * ahead of the end (simdjson); they are not content. */
kb_status kb_buf_pad(kb_buf *b, size_t pad);
void kb_buf_reset(kb_buf *b);  /* len = 0, keeps memory */
char *kb_buf_steal(kb_buf *b); /* caller frees with kb_free; buffer emptied */
void kb_buf_free(kb_buf *b);
#endif
