/* Loaded lexicons: phrase table over folded token sequences. */
#ifndef KB_LEXICON_H
#define KB_LEXICON_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "kibaru.h"

enum lex_type {
  LEX_ACTOR = 1,
  LEX_TITLE,
  LEX_EQUIP,  /* designation */
  LEX_EQNOUN, /* generic noun */
  LEX_PLACE,
  LEX_TRIGGER,
  LEX_CUE, /* modality cues and role prepositions */
  LEX_ABBREV
};

enum lex_case { CASE_ANY, CASE_CAP, CASE_ALLCAPS };

typedef struct lex_actor {
  const char *code, *sector,
      *kind; /* kind: name adj prefix capital org person */
} lex_actor;

typedef struct lex_title {
  const char *sector;
} lex_title;

typedef struct lex_equip {
  const char *designation; /* NULL for generic nouns */
  const char *category, *maker;
  int carrier;
} lex_equip;

typedef struct lex_place {
  const char *name, *country, *kind;
  double lat, lon;
} lex_place;

typedef struct lex_trigger {
  const char *type;  /* DELIVERY ... */
  const char *lang;  /* fr, en, * */
  const char *frame; /* give receive noun travel host mutual attack buy send
                        leave train produce */
  int nominal;       /* 1 when the form is a noun (livraison, visite) */
  int object_after;  /* 1 for a bare infinitive: equipment must follow */
} lex_trigger;

typedef struct lex_cue {
  const char *kind; /* reported hedged planned denied negation past
                       prep_agent prep_source prep_goal prep_with
                       prep_against prep_loc passive_aux background */
} lex_cue;

/* One way to write one entry. */
typedef struct lex_form {
  uint8_t type;
  uint8_t ntok;
  uint8_t case_rule;
  uint8_t stem_match;  /* single token matched by Snowball stem */
  uint8_t prefix_last; /* last token is a prefix pattern (form ends with *) */
  const void *item;
  const char *orig;      /* the form as written, accents kept */
  struct lex_form *next; /* other entries with the same key */
} lex_form;

struct kb_lexicon {
  kb_arena arena;
  /* open-addressing table: folded key -> first lex_form. One probe tells
   * the matcher everything about a key: its forms, whether a longer phrase
   * goes on from it, and (for a single token) the longest phrase it
   * starts; matching costs one hash per token. */
  struct lex_slot {
    const char *key;
    uint32_t len;
    uint8_t is_prefix; /* a proper token prefix of some phrase key */
    uint8_t maxtok;    /* single-token keys: longest phrase starting here */
    uint64_t hash;
    lex_form *forms; /* NULL for a key that is only a prefix */
  } * slots;
  size_t nslots, nused;
  uint32_t *tags; /* per slot, built when loading ends; see kb_lex_probe */
#define KB_LEX_BLOOM_BITS (1u << 17)
  uint64_t bloom[KB_LEX_BLOOM_BITS / 64];
  /* prefix patterns (tokens ending in '*') are kept in a list */
  struct lex_prefix {
    const char *prefix;
    size_t len;
    lex_form *form;
    const char *rest_key; /* the following tokens, or NULL */
  } * prefixes;
  size_t nprefixes, capprefixes;
  /* stem-matched single-token triggers: stem -> forms */
  struct lex_slot *stems;
  size_t nstems, nstems_used;
  /* first three letters of every stem, so that only words that may share
   * a stem are stemmed */
  char stem_heads[64][4];
  size_t nstem_heads;
  uint8_t stem_head2[8192]; /* bit set of the heads' first two bytes */
  size_t counts[LEX_ABBREV + 1];
  /* places of kind country, for "place = the recipient's country" */
#define KB_LEX_MAX_COUNTRIES 400
  const lex_place *countries[KB_LEX_MAX_COUNTRIES];
  size_t ncountries;
  /* every place, for "which city is this base in" */
  const lex_place **places;
  size_t nplaces, capplaces;
};

/* The slot of a phrase key ("forces armees maliennes") or of a proper
 * prefix of one ("forces armees"); NULL if the key is neither. */
const struct lex_slot *kb_lex_probe(const kb_lexicon *lex, const char *key,
                                    size_t len);
/* Looks up a phrase key ("forces armees maliennes"); NULL if absent. */
const lex_form *kb_lex_lookup(const kb_lexicon *lex, const char *key,
                              size_t len);
/* 0 when no stem form can match a word starting with w[0..n). */
int kb_lex_may_stem(const kb_lexicon *lex, const char *w, size_t n);
const lex_form *kb_lex_lookup_stem(const kb_lexicon *lex, const char *stem,
                                   size_t len);
/* The city, capital or town nearest to p within max_deg degrees (not p
 * itself), or NULL: a base or airport is reported as its city. */
const lex_place *kb_lex_nearest_city(const kb_lexicon *lex, const lex_place *p,
                                     double max_deg);
/* 1 for places that are settlements (city, capital, town). */
int kb_lex_is_city(const lex_place *p);

/* The capital city of a state code, or NULL. */
const lex_place *kb_lex_capital(const kb_lexicon *lex, const char *code);
/* The country place of a state code, or NULL. */
const lex_place *kb_lex_country(const kb_lexicon *lex, const char *code);
#endif
