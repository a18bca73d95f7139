#include "buf.h"

#include <string.h>

#include "alloc.h"

void kb_buf_init(kb_buf *b, size_t max) {
  memset(b, 0, sizeof *b);
  b->max = max;
}

kb_status kb_buf_reserve(kb_buf *b, size_t extra) {
  if (extra > b->max || b->len > b->max - extra) return KB_ERR_TOO_LARGE;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return KB_OK;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need)
    cap = cap > (size_t)-1 / 2 ? need : cap * 2;
  if (cap > b->max + 1) cap = b->max + 1;
  char *p = kb_realloc(b->data, cap);
  if (!p) return KB_ERR_NOMEM;
  b->data = p;
  b->cap = cap;
  return KB_OK;
}

kb_status kb_buf_pad(kb_buf *b, size_t pad) {
  size_t max = b->max;
  b->max = b->len + pad > max ? b->len + pad : max;
  kb_status st = kb_buf_reserve(b, pad);
  b->max = max;
  return st;
}

kb_status kb_buf_add(kb_buf *b, const void *p, size_t n) {
  kb_status s = kb_buf_reserve(b, n);
  if (s != KB_OK) return s;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
  return KB_OK;
}

kb_status kb_buf_addc(kb_buf *b, char c) { return kb_buf_add(b, &c, 1); }

kb_status kb_buf_adds(kb_buf *b, const char *s) {
  return kb_buf_add(b, s, strlen(s));
}

void kb_buf_reset(kb_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = 0;
}

char *kb_buf_steal(kb_buf *b) {
  char *p = b->data;
  if (!p) p = kb_strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void kb_buf_free(kb_buf *b) {
  kb_free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
