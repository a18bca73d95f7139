/* A tiny test harness: CHECK records a failure and goes on; main returns
 * the failure count, so ctest shows every broken expectation at once. */
#ifndef KB_TEST_H
#define KB_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int kb_test_failures, kb_test_checks;

#define CHECK(cond)                                                            \
  do {                                                                         \
    kb_test_checks++;                                                          \
    if (!(cond)) {                                                             \
      kb_test_failures++;                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define CHECK_STR(a, b)                                                        \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    kb_test_checks++;                                                          \
    if (!a_ || !b_ || strcmp(a_, b_)) {                                        \
      kb_test_failures++;                                                      \
      fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\" (%s)\n", __FILE__,  \
              __LINE__, b_ ? b_ : "(null)", a_ ? a_ : "(null)", #a);           \
    }                                                                          \
  } while (0)

#define TEST_DONE()                                                            \
  do {                                                                         \
    fprintf(stderr, "%d checks, %d failed\n", kb_test_checks,                 \
            kb_test_failures);                                                 \
    return kb_test_failures ? 1 : 0;                                           \
  } while (0)
#endif
