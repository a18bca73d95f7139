/* Per-document arena: everything one document's analysis allocates comes
 * from here and is released in one call. Allocation failure returns NULL. */
#ifndef KB_ARENA_H
#define KB_ARENA_H
#include <stddef.h>

typedef struct kb_arena_block kb_arena_block;
typedef struct kb_arena {
  kb_arena_block *head;
  size_t used_total;
} kb_arena;

void kb_arena_init(kb_arena *a);
void *kb_arena_alloc(kb_arena *a, size_t n); /* zeroed, 16-byte aligned */
/* The same without zeroing, for buffers the caller fills completely. */
void *kb_arena_alloc_raw(kb_arena *a, size_t n);
char *kb_arena_strndup(kb_arena *a, const char *s, size_t n);
char *kb_arena_strdup(kb_arena *a, const char *s); /* NULL -> NULL */
char *kb_arena_printf(kb_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void kb_arena_reset(kb_arena *a); /* frees all blocks */
#endif
