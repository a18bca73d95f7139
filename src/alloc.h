/* The one place kibaru allocates from the heap, so tests can make the Nth
 * allocation fail (KB_FAIL_ALLOC_AT) and check that nothing leaks. */
#ifndef KB_ALLOC_H
#define KB_ALLOC_H
#include <stddef.h>
void *kb_malloc(size_t n);
void *kb_calloc(size_t n, size_t size);
void *kb_realloc(void *p, size_t n);
void kb_free(void *p);
char *kb_strdup(const char *s);
char *kb_strndup(const char *s, size_t n);
/* Fail the nth allocation from now (1-based); 0 turns failures off. */
void kb_alloc_fail_at(long n);
#endif
