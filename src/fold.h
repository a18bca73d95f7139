/* Folded form for matching: lower case, accents stripped, typographic
 * apostrophes and quotes made plain, every Unicode space made ' '. An
 * optional map gives, for each folded byte, the byte offset of the source
 * character it came from, so matches map back to the cleaned text. */
#ifndef KB_FOLD_H
#define KB_FOLD_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Appends the folded form of s[0..n) to out; when map is not NULL it must
 * hold room for the folded length (at most 4*n + 1 entries) and receives
 * source offsets (plus base) for each output byte, then one for the end. */
kb_status kb_fold(const char *s, size_t n, kb_buf *out, uint32_t *map,
                  uint32_t base);
/* Folds into a malloc'd string (kb_free it); NULL on failure. */
char *kb_fold_dup(const char *s, size_t n);
#endif
