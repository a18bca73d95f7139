/* A hash multimap from 64-bit keys to int values, for the in-memory
 * indexes of fusion (block keys to clusters) and near-duplicate detection
 * (LSH band keys to documents). Values under one key come back newest
 * first. Grows as needed; allocation failure is reported, never fatal. */
#ifndef KB_MULTIMAP_H
#define KB_MULTIMAP_H
#include <stddef.h>
#include <stdint.h>

#include "kibaru.h"

typedef struct kb_mm_slot kb_mm_slot;
typedef struct kb_mm_link kb_mm_link;

typedef struct kb_multimap {
  kb_mm_slot *slots;
  size_t cap, used;
  kb_mm_link *links;
  size_t n_links, links_cap;
} kb_multimap;

kb_status kb_mm_add(kb_multimap *m, uint64_t key, int value);
/* First link of key's values, -1 if none; walk with kb_mm_next. */
int kb_mm_first(const kb_multimap *m, uint64_t key);
int kb_mm_next(const kb_multimap *m, int link);
int kb_mm_value(const kb_multimap *m, int link);
void kb_mm_free(kb_multimap *m);
#endif
