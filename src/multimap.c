#include "multimap.h"

#include "alloc.h"

struct kb_mm_slot {
  uint64_t key;
  int head;
  int used;
};

struct kb_mm_link {
  int value, next;
};

/* splitmix64: keys may be small or patterned (bucket numbers). */
static size_t spread(uint64_t x, size_t cap) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return (size_t)(x ^ (x >> 31)) & (cap - 1);
}

static kb_mm_slot *find(const kb_multimap *m, uint64_t key) {
  size_t i = spread(key, m->cap);
  while (m->slots[i].used && m->slots[i].key != key)
    i = (i + 1) & (m->cap - 1);
  return &m->slots[i];
}

static kb_status grow(kb_multimap *m) {
  size_t cap = m->cap ? m->cap * 2 : 1024, old_cap = m->cap;
  kb_mm_slot *old = m->slots;
  kb_mm_slot *slots = kb_calloc(cap, sizeof *slots);
  if (!slots) return KB_ERR_NOMEM;
  m->slots = slots;
  m->cap = cap;
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].used) *find(m, old[i].key) = old[i];
  kb_free(old);
  return KB_OK;
}

kb_status kb_mm_add(kb_multimap *m, uint64_t key, int value) {
  if ((m->used + 1) * 2 > m->cap && grow(m)) return KB_ERR_NOMEM;
  if (m->n_links == m->links_cap) {
    size_t cap = m->links_cap ? m->links_cap * 2 : 1024;
    kb_mm_link *l = kb_realloc(m->links, cap * sizeof *l);
    if (!l) return KB_ERR_NOMEM;
    m->links = l;
    m->links_cap = cap;
  }
  kb_mm_slot *s = find(m, key);
  if (!s->used) {
    *s = (kb_mm_slot){key, -1, 1};
    m->used++;
  }
  m->links[m->n_links] = (kb_mm_link){value, s->head};
  s->head = (int)m->n_links++;
  return KB_OK;
}

int kb_mm_first(const kb_multimap *m, uint64_t key) {
  if (!m->cap) return -1;
  const kb_mm_slot *s = find(m, key);
  return s->used ? s->head : -1;
}

int kb_mm_next(const kb_multimap *m, int link) { return m->links[link].next; }

int kb_mm_value(const kb_multimap *m, int link) { return m->links[link].value; }

void kb_mm_free(kb_multimap *m) {
  kb_free(m->slots);
  kb_free(m->links);
  m->slots = NULL;
  m->links = NULL;
  m->cap = m->used = m->n_links = m->links_cap = 0;
}
