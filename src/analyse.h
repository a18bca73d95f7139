/* The analysis of one document, shared by mentions and events. */
#ifndef KB_ANALYSE_H
#define KB_ANALYSE_H
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "kibaru.h"
#include "lexicon.h"
#include "tokens.h"

/* A lexicon match over tokens [t0, t1). */
typedef struct kb_match {
  uint32_t t0, t1;
  const lex_form *form;
} kb_match;

/* Extra per-mention data the events stage needs. */
typedef struct kb_mention_x {
  uint32_t t0, t1;  /* token range */
  int maker_of;     /* actor adjective qualifying equipment: index or -1 */
  int role_hint;    /* unused yet */
  const char *prep; /* cue kind of the preposition right before, or NULL */
} kb_mention_x;

struct kb_analysis {
  kb_arena arena;
  const kb_lexicon *lex;
  const kb_text *t;
  char *folded;
  size_t nfolded;
  uint32_t *map; /* folded byte -> text byte */
  kb_token *tok;
  size_t ntok;
  kb_span *sent;      /* text offsets */
  uint32_t *sent_tok; /* first token of sentence i; sent_tok[nsent] = ntok */
  size_t nsent;
  kb_match *match; /* entity matches chosen (longest, non-overlapping) */
  size_t nmatch;
  kb_match *trig; /* triggers */
  size_t ntrig;
  kb_match *cue; /* cues */
  size_t ncue;
  uint32_t *cue_of_tok; /* 1 + index of the cue starting at a token, or 0 */
  kb_mention *ment;
  kb_mention_x *mx;
  size_t nment, capment;
  const char *anchor; /* publication date or NULL */
  int is_en;
  /* events */
  kb_event *events;
  size_t nevents;
  int extracted;
};

/* Token text helpers. */
static inline const char *tok_f(const kb_analysis *a, uint32_t i) {
  return a->folded + a->tok[i].fs;
}
static inline size_t tok_flen(const kb_analysis *a, uint32_t i) {
  return a->tok[i].fe - a->tok[i].fs;
}
/* String equality, the first byte tested inline: the events compare
 * types, frames and codes hundreds of times a document, and most pairs
 * differ at once. */
static inline int streq(const char *a, const char *b) {
  return a[0] == b[0] && !strcmp(a, b);
}

/* 1 when token i is exactly the folded word. Inline: callers pass string
 * literals, whose length the compiler knows, and it is called millions of
 * times a second. */
static inline int kb_tok_is(const kb_analysis *a, uint32_t i,
                            const char *word) {
  if (i >= a->ntok || tok_f(a, i)[0] != word[0]) return 0;
  size_t n = strlen(word);
  return tok_flen(a, i) == n && !memcmp(tok_f(a, i), word, n);
}
const char *kb_tok_stem(kb_analysis *a, uint32_t i);

kb_status kb_find_mentions(kb_analysis *a);
/* Cue kind of the cue match covering token i, or NULL. */
const char *kb_cue_at(const kb_analysis *a, uint32_t i, uint32_t *end);
#endif
