#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static long fail_countdown; /* 0: never fail */

void kb_alloc_fail_at(long n) { fail_countdown = n; }

static int should_fail(void) {
  if (fail_countdown <= 0) return 0;
  return --fail_countdown == 0;
}

void *kb_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }

void *kb_calloc(size_t n, size_t size) {
  return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *kb_realloc(void *p, size_t n) {
  return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void kb_free(void *p) { free(p); }

char *kb_strndup(const char *s, size_t n) {
  char *p = kb_malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *kb_strdup(const char *s) { return s ? kb_strndup(s, strlen(s)) : NULL; }
