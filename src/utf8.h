/* The UTF-8 policy at the boundary: decode strictly, replace invalid bytes
 * and NUL with U+FFFD. Everything after this stage can trust its input. */
#ifndef KB_UTF8_H
#define KB_UTF8_H
#include <stddef.h>

#include "buf.h"

/* Appends a valid UTF-8 copy of s[0..n) to out. Returns the number of bytes
 * replaced via *replaced when not NULL. */
kb_status kb_utf8_sanitize(const char *s, size_t n, kb_buf *out,
                           size_t *replaced);
/* 1 if s[0..n) is valid UTF-8 without NUL. */
int kb_utf8_valid(const char *s, size_t n);
#endif
