/* Loading the lexicons of data/ into one phrase table. Every surface form
 * is folded and tokenised exactly as text is, so a lookup is a hash probe
 * on the joined folded tokens. */
#include "lexicon.h"

#include <ctype.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "alloc.h"
#include "buf.h"
#include "fold.h"
#include "internal.h"
#include "numbers.h"
#include "tokens.h"
#include "tsv.h"

enum { MAX_FORMS = 256, MAX_FORM_TOKENS = 12 };

typedef struct load_ctx {
  kb_lexicon *lex;
  const char *file;
  struct sb_stemmer *stem_fr, *stem_en;
} load_ctx;

static uint64_t hash_key(const char *k, size_t n) { return XXH3_64bits(k, n); }

static kb_status grow(struct lex_slot **slots, size_t *nslots) {
  size_t n = *nslots ? *nslots * 2 : 4096;
  struct lex_slot *s = kb_calloc(n, sizeof *s);
  if (!s) return KB_ERR_NOMEM;
  for (size_t i = 0; i < *nslots; i++) {
    struct lex_slot *o = &(*slots)[i];
    if (!o->key) continue;
    size_t j = o->hash & (n - 1);
    while (s[j].key)
      j = (j + 1) & (n - 1);
    s[j] = *o;
  }
  kb_free(*slots);
  *slots = s;
  *nslots = n;
  return KB_OK;
}

static struct lex_slot *slot_find(struct lex_slot *slots, size_t nslots,
                                  const char *k, size_t n, uint64_t h) {
  if (!nslots) return NULL;
  size_t j = h & (nslots - 1);
  while (slots[j].key) {
    if (slots[j].hash == h && slots[j].len == n && !memcmp(slots[j].key, k, n))
      return &slots[j];
    j = (j + 1) & (nslots - 1);
  }
  return &slots[j]; /* empty slot */
}

/* The slot of key k, created empty if missing; NULL when out of memory. */
static struct lex_slot *table_intern(kb_lexicon *lex, struct lex_slot **slots,
                                     size_t *nslots, size_t *nused,
                                     const char *k, size_t n) {
  if ((*nused + 1) * 2 > *nslots && grow(slots, nslots) != KB_OK) return NULL;
  uint64_t h = hash_key(k, n);
  struct lex_slot *s = slot_find(*slots, *nslots, k, n, h);
  if (!s->key) {
    s->key = kb_arena_strndup(&lex->arena, k, n);
    if (!s->key) return NULL;
    s->len = (uint32_t)n;
    s->hash = h;
    (*nused)++;
  }
  return s;
}

static kb_status table_add(kb_lexicon *lex, struct lex_slot **slots,
                           size_t *nslots, size_t *nused, const char *k,
                           size_t n, lex_form *form) {
  struct lex_slot *s = table_intern(lex, slots, nslots, nused, k, n);
  if (!s) return KB_ERR_NOMEM;
  /* append so that earlier lines win ties */
  lex_form **p = &s->forms;
  while (*p)
    p = &(*p)->next;
  *p = form;
  return KB_OK;
}

/* A tag per slot, from the high half of its hash (0: empty): the table is
 * 2 MB, its tags 256 kB. Most words of a text are in no lexicon, and their
 * probe now ends in the tags without touching the slots. */
static uint32_t tag_of(uint64_t h) { return (uint32_t)(h >> 32) | 1; }

/* Before the tags, a 16 kB Bloom filter (two bits a key) that stays in
 * the first-level cache and turns most unknown words away. */
static uint64_t bloom_bit(uint64_t h, int k) {
  return (h >> (k ? 40 : 20)) & (KB_LEX_BLOOM_BITS - 1);
}

static kb_status build_tags(kb_lexicon *lex) {
  if (!lex->nslots) return KB_OK;
  lex->tags = kb_calloc(lex->nslots, sizeof *lex->tags);
  if (!lex->tags) return KB_ERR_NOMEM;
  for (size_t i = 0; i < lex->nslots; i++) {
    uint64_t h = lex->slots[i].hash;
    if (!lex->slots[i].key) continue;
    lex->tags[i] = tag_of(h);
    for (int k = 0; k < 2; k++)
      lex->bloom[bloom_bit(h, k) >> 6] |= 1ull << (bloom_bit(h, k) & 63);
  }
  return KB_OK;
}

static int bloom_may_have(const kb_lexicon *lex, uint64_t h) {
  for (int k = 0; k < 2; k++)
    if (!(lex->bloom[bloom_bit(h, k) >> 6] & (1ull << (bloom_bit(h, k) & 63))))
      return 0;
  return 1;
}

const struct lex_slot *kb_lex_probe(const kb_lexicon *lex, const char *key,
                                    size_t n) {
  uint64_t h = hash_key(key, n);
  if (!lex->tags) { /* still loading */
    struct lex_slot *s = slot_find(lex->slots, lex->nslots, key, n, h);
    return s && s->key ? s : NULL;
  }
  if (!bloom_may_have(lex, h)) return NULL;
  size_t mask = lex->nslots - 1, j = h & mask;
  uint32_t tag = tag_of(h);
  for (uint32_t t; (t = lex->tags[j]) != 0; j = (j + 1) & mask) {
    const struct lex_slot *s = &lex->slots[j];
    if (t == tag && s->hash == h && s->len == n && !memcmp(s->key, key, n))
      return s;
  }
  return NULL;
}

const lex_form *kb_lex_lookup(const kb_lexicon *lex, const char *key,
                              size_t n) {
  const struct lex_slot *s = kb_lex_probe(lex, key, n);
  return s ? s->forms : NULL;
}

const lex_form *kb_lex_lookup_stem(const kb_lexicon *lex, const char *stem,
                                   size_t n) {
  struct lex_slot *s =
      slot_find(lex->stems, lex->nstems, stem, n, hash_key(stem, n));
  return s && s->key ? s->forms : NULL;
}

static const char *stem_word(struct sb_stemmer *st, const char *w, size_t n,
                             size_t *outlen) {
  const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
  *outlen = r ? (size_t)sb_stemmer_length(st) : 0;
  return (const char *)r;
}

static kb_status add_stem_head(kb_lexicon *lex, const char *s, size_t n,
                               char *msg, size_t msgsize) {
  if (n < 3) {
    snprintf(msg, msgsize, "stem '%.*s' is shorter than 3 letters", (int)n, s);
    return KB_ERR_LEXICON;
  }
  for (size_t i = 0; i < lex->nstem_heads; i++)
    if (!memcmp(lex->stem_heads[i], s, 3)) return KB_OK;
  if (lex->nstem_heads == sizeof lex->stem_heads / sizeof *lex->stem_heads) {
    snprintf(msg, msgsize, "too many stem forms (at most %zu distinct heads)",
             sizeof lex->stem_heads / sizeof *lex->stem_heads);
    return KB_ERR_LEXICON;
  }
  memcpy(lex->stem_heads[lex->nstem_heads++], s, 3);
  unsigned h2 = (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
  lex->stem_head2[h2 >> 3] |= (uint8_t)(1u << (h2 & 7));
  return KB_OK;
}

int kb_lex_may_stem(const kb_lexicon *lex, const char *w, size_t n) {
  if (n < 4) return 0;
  unsigned h2 = (unsigned)(unsigned char)w[0] << 8 | (unsigned char)w[1];
  if (!(lex->stem_head2[h2 >> 3] & (1u << (h2 & 7)))) return 0;
  for (size_t i = 0; i < lex->nstem_heads; i++)
    if (!memcmp(lex->stem_heads[i], w, 3)) return 1;
  return 0;
}

/* Adds one surface form of an item. */
static kb_status add_form(load_ctx *c, uint8_t type, const char *form,
                          const void *item, const char *lang, char *msg,
                          size_t msgsize) {
  kb_lexicon *lex = c->lex;
  int stem = form[0] == '~';
  if (stem) form++;
  size_t flen = strlen(form);
  int prefix = flen > 1 && form[flen - 1] == '*';
  if (prefix) flen--;
  char *folded = kb_fold_dup(form, flen);
  if (!folded) return KB_ERR_NOMEM;
  size_t n = strlen(folded);
  kb_token toks[MAX_FORM_TOKENS];
  size_t nt = kb_tokenize(folded, n, toks, MAX_FORM_TOKENS);
  kb_status st = KB_OK;
  if (nt == 0 || nt > MAX_FORM_TOKENS) {
    snprintf(msg, msgsize, "form '%s' has %zu tokens (1 to %d allowed)", form,
             nt, MAX_FORM_TOKENS);
    kb_free(folded);
    return KB_ERR_LEXICON;
  }
  lex_form *lf = kb_arena_alloc(&lex->arena, sizeof *lf);
  if (!lf) {
    kb_free(folded);
    return KB_ERR_NOMEM;
  }
  lf->type = type;
  lf->orig = kb_arena_strndup(&lex->arena, form, flen);
  lf->ntok = (uint8_t)nt;
  lf->item = item;
  lf->prefix_last = (uint8_t)prefix;
  int tc = kb_text_case(form, flen);
  lf->case_rule = tc == TCASE_ALLCAPS && flen > 1 ? CASE_ALLCAPS
                  : tc == TCASE_CAP && nt == 1    ? CASE_CAP
                                                  : CASE_ANY;
  kb_buf key;
  kb_buf_init(&key, 4096);
  for (size_t i = 0; i < nt && st == KB_OK; i++) {
    if (i) st = kb_buf_addc(&key, ' ');
    if (st == KB_OK)
      st = kb_buf_add(&key, folded + toks[i].fs, toks[i].fe - toks[i].fs);
  }
  if (st == KB_OK && stem) {
    if (nt != 1) {
      snprintf(msg, msgsize, "stem form '~%s' must be one word", form);
      st = KB_ERR_LEXICON;
    }
    lf->stem_match = 1;
    for (int k = 0; k < 2 && st == KB_OK; k++) {
      struct sb_stemmer *sb = k == 0 ? c->stem_fr : c->stem_en;
      if (lang && strcmp(lang, "*") && strcmp(lang, k == 0 ? "fr" : "en"))
        continue;
      size_t sl;
      const char *s = stem_word(sb, key.data, key.len, &sl);
      if (s)
        st = table_add(lex, &lex->stems, &lex->nstems, &lex->nstems_used, s, sl,
                       lf);
      if (s && st == KB_OK) st = add_stem_head(lex, s, sl, msg, msgsize);
    }
  } else if (st == KB_OK && prefix) {
    if (lex->nprefixes == lex->capprefixes) {
      size_t cap = lex->capprefixes ? lex->capprefixes * 2 : 64;
      struct lex_prefix *p = kb_realloc(lex->prefixes, cap * sizeof *p);
      if (!p)
        st = KB_ERR_NOMEM;
      else {
        lex->prefixes = p;
        lex->capprefixes = cap;
      }
    }
    if (st == KB_OK) {
      /* the pattern: all tokens but the last must match exactly */
      struct lex_prefix *p = &lex->prefixes[lex->nprefixes++];
      size_t last = toks[nt - 1].fs;
      p->prefix = kb_arena_strndup(&lex->arena, folded + last, n - last);
      p->len = n - last;
      p->form = lf;
      p->rest_key =
          nt > 1 ? kb_arena_strndup(&lex->arena, key.data, key.len - p->len - 1)
                 : NULL;
    }
  } else if (st == KB_OK) {
    st = table_add(lex, &lex->slots, &lex->nslots, &lex->nused, key.data,
                   key.len, lf);
    /* its first token, with the longest phrase it starts */
    struct lex_slot *first =
        st == KB_OK ? table_intern(lex, &lex->slots, &lex->nslots, &lex->nused,
                                   key.data, toks[0].fe - toks[0].fs)
                    : NULL;
    if (st == KB_OK && !first) st = KB_ERR_NOMEM;
    if (first && first->maxtok < nt) first->maxtok = (uint8_t)nt;
    /* its proper prefixes: "les", "les forces", "les forces armees" */
    size_t plen = 0;
    for (size_t t = 0; t + 1 < nt && st == KB_OK; t++) {
      plen += (t ? 1 : 0) + (toks[t].fe - toks[t].fs);
      struct lex_slot *p = table_intern(lex, &lex->slots, &lex->nslots,
                                        &lex->nused, key.data, plen);
      if (!p)
        st = KB_ERR_NOMEM;
      else
        p->is_prefix = 1;
    }
  }
  lex->counts[type]++;
  kb_buf_free(&key);
  kb_free(folded);
  return st;
}

static kb_status add_forms(load_ctx *c, uint8_t type, char *list,
                           const void *item, const char *lang, char *msg,
                           size_t msgsize) {
  char *forms[MAX_FORMS];
  int n = kb_tsv_split_forms(list, forms, MAX_FORMS);
  if (n == 0) {
    snprintf(msg, msgsize, "no form given");
    return KB_ERR_LEXICON;
  }
  for (int i = 0; i < n; i++) {
    kb_status st = add_form(c, type, forms[i], item, lang, msg, msgsize);
    if (st != KB_OK) return st;
  }
  return KB_OK;
}

static const char *dup_or_null(kb_lexicon *lex, const char *s) {
  return strcmp(s, "-") ? kb_arena_strdup(&lex->arena, s) : NULL;
}

static int one_of(const char *s, const char *const *set) {
  for (; *set; set++)
    if (!strcmp(s, *set)) return 1;
  return 0;
}

static const char *const CATEGORIES[] = {"helicopter",
                                         "combat_aircraft",
                                         "trainer_aircraft",
                                         "transport_aircraft",
                                         "drone",
                                         "armored_vehicle",
                                         "air_defense",
                                         "artillery",
                                         "small_arms",
                                         "ammunition",
                                         "radar",
                                         "naval",
                                         "other",
                                         NULL};

static kb_status on_actor(void *ctx, char **col, int n, char *msg,
                          size_t msgsize) {
  static const char *const kinds[] = {"name", "adj",    "prefix", "capital",
                                      "org",  "person", NULL};
  load_ctx *c = ctx;
  if (!one_of(col[2], kinds)) {
    snprintf(msg, msgsize, "unknown actor kind '%s'", col[2]);
    return KB_ERR_LEXICON;
  }
  lex_actor *a = kb_arena_alloc(&c->lex->arena, sizeof *a);
  if (!a) return KB_ERR_NOMEM;
  a->code = kb_arena_strdup(&c->lex->arena, col[0]);
  a->sector = dup_or_null(c->lex, col[1]);
  a->kind = kb_arena_strdup(&c->lex->arena, col[2]);
  return add_forms(c, LEX_ACTOR, col[3], a, "*", msg, msgsize);
}

static kb_status on_title(void *ctx, char **col, int n, char *msg,
                          size_t msgsize) {
  load_ctx *c = ctx;
  lex_title *t = kb_arena_alloc(&c->lex->arena, sizeof *t);
  if (!t) return KB_ERR_NOMEM;
  t->sector = dup_or_null(c->lex, col[0]);
  return add_forms(c, LEX_TITLE, col[1], t, "*", msg, msgsize);
}

static kb_status on_equip(void *ctx, char **col, int n, char *msg,
                          size_t msgsize) {
  load_ctx *c = ctx;
  if (!one_of(col[1], CATEGORIES)) {
    snprintf(msg, msgsize, "unknown equipment category '%s'", col[1]);
    return KB_ERR_LEXICON;
  }
  lex_equip *e = kb_arena_alloc(&c->lex->arena, sizeof *e);
  if (!e) return KB_ERR_NOMEM;
  e->designation = dup_or_null(c->lex, col[0]);
  e->category = kb_arena_strdup(&c->lex->arena, col[1]);
  e->maker = dup_or_null(c->lex, col[2]);
  e->carrier = col[3][0] == '1';
  return add_forms(c, LEX_EQUIP, col[4], e, "*", msg, msgsize);
}

static kb_status on_eqnoun(void *ctx, char **col, int n, char *msg,
                           size_t msgsize) {
  load_ctx *c = ctx;
  if (!one_of(col[0], CATEGORIES)) {
    snprintf(msg, msgsize, "unknown equipment category '%s'", col[0]);
    return KB_ERR_LEXICON;
  }
  lex_equip *e = kb_arena_alloc(&c->lex->arena, sizeof *e);
  if (!e) return KB_ERR_NOMEM;
  e->category = kb_arena_strdup(&c->lex->arena, col[0]);
  e->carrier = col[1][0] == '1';
  return add_forms(c, LEX_EQNOUN, col[2], e, "*", msg, msgsize);
}

static int parse_coord(const char *s, double lo, double hi, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

static kb_status on_place(void *ctx, char **col, int n, char *msg,
                          size_t msgsize) {
  load_ctx *c = ctx;
  lex_place *p = kb_arena_alloc(&c->lex->arena, sizeof *p);
  if (!p) return KB_ERR_NOMEM;
  if (!parse_coord(col[2], -90, 90, &p->lat) ||
      !parse_coord(col[3], -180, 180, &p->lon)) {
    snprintf(msg, msgsize, "bad coordinates '%s' '%s'", col[2], col[3]);
    return KB_ERR_LEXICON;
  }
  p->name = kb_arena_strdup(&c->lex->arena, col[0]);
  p->country = dup_or_null(c->lex, col[1]);
  p->kind = kb_arena_strdup(&c->lex->arena, col[4]);
  if (!strcmp(col[4], "country") && p->country &&
      c->lex->ncountries < KB_LEX_MAX_COUNTRIES)
    c->lex->countries[c->lex->ncountries++] = p;
  kb_lexicon *lx = c->lex;
  if (lx->nplaces == lx->capplaces) {
    size_t cap = lx->capplaces ? lx->capplaces * 2 : 1024;
    const lex_place **pl = kb_realloc(lx->places, cap * sizeof *pl);
    if (!pl) return KB_ERR_NOMEM;
    lx->places = pl;
    lx->capplaces = cap;
  }
  lx->places[lx->nplaces++] = p;
  /* the canonical name is a form too */
  kb_status st = add_form(c, LEX_PLACE, col[0], p, "*", msg, msgsize);
  if (st != KB_OK || !strcmp(col[5], "-")) return st;
  return add_forms(c, LEX_PLACE, col[5], p, "*", msg, msgsize);
}

static kb_status on_trigger(void *ctx, char **col, int n, char *msg,
                            size_t msgsize) {
  static const char *const types[] = {
      "DELIVERY",   "ORDER",      "INTENT_ACQUIRE", "PRODUCTION",
      "AGREEMENT",  "VISIT",      "MEETING",        "TRAINING",
      "DEPLOYMENT", "WITHDRAWAL", "ATTACK",         NULL};
  static const char *const frames[] = {
      "give", "receive", "noun",  "travel", "host",    "mutual",  "attack",
      "buy",  "send",    "leave", "train",  "produce", "trainee", NULL};
  load_ctx *c = ctx;
  if (!one_of(col[0], types)) {
    snprintf(msg, msgsize, "unknown event type '%s'", col[0]);
    return KB_ERR_LEXICON;
  }
  const char *frame = col[2];
  int nominal = 0, object_after = 0;
  if (!strncmp(frame, "noun:", 5)) {
    nominal = 1;
    frame += 5;
  } else if (!strncmp(frame, "inf:", 4)) {
    object_after = 1;
    frame += 4;
  }
  if (!one_of(frame, frames)) {
    snprintf(msg, msgsize, "unknown frame '%s'", col[2]);
    return KB_ERR_LEXICON;
  }
  lex_trigger *t = kb_arena_alloc(&c->lex->arena, sizeof *t);
  if (!t) return KB_ERR_NOMEM;
  t->type = kb_arena_strdup(&c->lex->arena, col[0]);
  t->lang = kb_arena_strdup(&c->lex->arena, col[1]);
  t->frame = kb_arena_strdup(&c->lex->arena, frame);
  t->nominal = nominal;
  t->object_after = object_after;
  return add_forms(c, LEX_TRIGGER, col[3], t, t->lang, msg, msgsize);
}

static kb_status on_cue(void *ctx, char **col, int n, char *msg,
                        size_t msgsize) {
  load_ctx *c = ctx;
  lex_cue *q = kb_arena_alloc(&c->lex->arena, sizeof *q);
  if (!q) return KB_ERR_NOMEM;
  q->kind = kb_arena_strdup(&c->lex->arena, col[0]);
  return add_forms(c, LEX_CUE, col[2], q, col[1], msg, msgsize);
}

static kb_status on_anaphora(void *ctx, char **col, int n, char *msg,
                             size_t msgsize) {
  load_ctx *c = ctx;
  lex_actor *a = kb_arena_alloc(&c->lex->arena, sizeof *a);
  if (!a) return KB_ERR_NOMEM;
  if (strcmp(col[0], "home")) {
    snprintf(msg, msgsize, "unknown anaphora target '%s' (home)", col[0]);
    return KB_ERR_LEXICON;
  }
  a->code = NULL; /* resolved per document */
  a->kind = "anaphora";
  return add_forms(c, LEX_ACTOR, col[1], a, "*", msg, msgsize);
}

static kb_status on_abbrev(void *ctx, char **col, int n, char *msg,
                           size_t msgsize) {
  load_ctx *c = ctx;
  return add_forms(c, LEX_ABBREV, col[0], "abbrev", "*", msg, msgsize);
}

kb_lexicon *kb_lexicon_load(const char *dir, kb_error *err) {
  kb_lexicon *lex = kb_calloc(1, sizeof *lex);
  if (!lex) {
    kb_error_set(err, KB_ERR_NOMEM, "lexicon", 0, -1, "out of memory");
    return NULL;
  }
  kb_arena_init(&lex->arena);
  load_ctx c = {.lex = lex};
  c.stem_fr = sb_stemmer_new("french", "UTF_8");
  c.stem_en = sb_stemmer_new("english", "UTF_8");
  struct {
    const char *file;
    int ncols;
    kb_tsv_fn fn;
  } files[] = {
      {"actors.tsv", 4, on_actor},      {"titles.tsv", 2, on_title},
      {"equipment.tsv", 5, on_equip},   {"equipment_nouns.tsv", 3, on_eqnoun},
      {"places.tsv", 6, on_place},      {"triggers.tsv", 4, on_trigger},
      {"cues.tsv", 3, on_cue},          {"abbreviations.tsv", 1, on_abbrev},
      {"anaphora.tsv", 2, on_anaphora},
  };
  kb_status st = (c.stem_fr && c.stem_en) ? KB_OK : KB_ERR_NOMEM;
  for (size_t i = 0; i < sizeof files / sizeof *files && st == KB_OK; i++) {
    c.file = files[i].file;
    st = kb_tsv_read_in(dir, files[i].file, files[i].ncols, files[i].fn, &c,
                        err);
  }
  /* number words are loaded once per process; report their errors here */
  if (st == KB_OK) st = kb_numbers_load(err);
  if (st == KB_OK) st = build_tags(lex);
  if (c.stem_fr) sb_stemmer_delete(c.stem_fr);
  if (c.stem_en) sb_stemmer_delete(c.stem_en);
  if (st != KB_OK) {
    if (st == KB_ERR_NOMEM)
      kb_error_set(err, st, "lexicon", 0, -1, "out of memory");
    kb_lexicon_free(lex);
    return NULL;
  }
  return lex;
}

int kb_lex_is_city(const lex_place *p) {
  return !strcmp(p->kind, "city") || !strcmp(p->kind, "capital") ||
         !strcmp(p->kind, "town");
}

const lex_place *kb_lex_nearest_city(const kb_lexicon *lex, const lex_place *p,
                                     double max_deg) {
  const lex_place *best = NULL;
  double best_d = max_deg * max_deg;
  for (size_t i = 0; i < lex->nplaces; i++) {
    const lex_place *q = lex->places[i];
    if (q == p || !kb_lex_is_city(q)) continue;
    double dy = q->lat - p->lat, dx = q->lon - p->lon, d = dx * dx + dy * dy;
    /* a base near a capital belongs to the capital, not to a suburb */
    if (!strcmp(q->kind, "capital") && d <= max_deg * max_deg)
      d = 0;
    else if (!strcmp(q->kind, "city"))
      d *= 0.5;
    if (d <= best_d) {
      best = q;
      best_d = d;
    }
  }
  return best;
}

const lex_place *kb_lex_capital(const kb_lexicon *lex, const char *code) {
  for (size_t i = 0; code && i < lex->nplaces; i++) {
    const lex_place *p = lex->places[i];
    if (!strcmp(p->kind, "capital") && p->country && !strcmp(p->country, code))
      return p;
  }
  return NULL;
}

const lex_place *kb_lex_country(const kb_lexicon *lex, const char *code) {
  if (!code) return NULL;
  for (size_t i = 0; i < lex->ncountries; i++)
    if (!strcmp(lex->countries[i]->country, code)) return lex->countries[i];
  return NULL;
}

void kb_lexicon_free(kb_lexicon *lex) {
  if (!lex) return;
  kb_free(lex->slots);
  kb_free(lex->tags);
  kb_free(lex->stems);
  kb_free(lex->prefixes);
  kb_free(lex->places);
  kb_arena_reset(&lex->arena);
  kb_free(lex);
}
