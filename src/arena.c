#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct kb_arena_block {
  kb_arena_block *next;
  size_t cap, used;
  _Alignas(16) unsigned char data[];
};

enum { BLOCK_MIN = 64 * 1024 };

void kb_arena_init(kb_arena *a) { memset(a, 0, sizeof *a); }

void *kb_arena_alloc(kb_arena *a, size_t n) {
  void *p = kb_arena_alloc_raw(a, n);
  if (p) memset(p, 0, (n + 15) & ~(size_t)15);
  return p;
}

void *kb_arena_alloc_raw(kb_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  kb_arena_block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
    b = kb_malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->cap = cap;
    b->used = 0;
    /* A big one-off allocation goes behind the current block so the
     * current block's free space is not wasted. */
    if (a->head && n > BLOCK_MIN) {
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += n;
  a->used_total += n;
  return p;
}

char *kb_arena_strndup(kb_arena *a, const char *s, size_t n) {
  char *p = kb_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *kb_arena_strdup(kb_arena *a, const char *s) {
  return s ? kb_arena_strndup(a, s, strlen(s)) : NULL;
}

char *kb_arena_printf(kb_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = kb_arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void kb_arena_reset(kb_arena *a) {
  kb_arena_block *b = a->head;
  while (b) {
    kb_arena_block *next = b->next;
    kb_free(b);
    b = next;
  }
  a->head = NULL;
  a->used_total = 0;
}
