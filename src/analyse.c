/* Analysis: folded text with an offset map, tokens, sentences, stems, and
 * the lexicon matches that mentions and events are built from. */
#include "analyse.h"

#include <libstemmer.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "alloc.h"
#include "buf.h"
#include "fold.h"
#include "internal.h"
#include "kb_limits.h"

static kb_status fold_text(kb_analysis *a) {
  const kb_text *t = a->t;
  kb_buf b;
  kb_buf_init(&b, 4 * t->text_len + 16);
  /* filled by kb_fold for every folded byte: no need to zero */
  a->map =
      kb_arena_alloc_raw(&a->arena, (4 * t->text_len + 2) * sizeof *a->map);
  if (!a->map) return KB_ERR_NOMEM;
  kb_status st = kb_fold(t->text, t->text_len, &b, a->map, 0);
  if (st == KB_OK) {
    a->folded = kb_arena_strndup(&a->arena, b.data, b.len);
    a->nfolded = b.len;
    if (!a->folded) st = KB_ERR_NOMEM;
  }
  kb_buf_free(&b);
  return st;
}

static int is_adverb(const kb_analysis *a, uint32_t j);

static kb_status tokenize(kb_analysis *a) {
  /* news text has a token every five or six bytes: guess generously and
   * tokenise a second time only when the guess was short */
  size_t guess = a->nfolded / 3 + 64;
  if (guess > KB_MAX_TOKENS) guess = KB_MAX_TOKENS;
  /* not zeroed: kb_tokenize and the loop below set every field */
  a->tok = kb_arena_alloc_raw(&a->arena, (guess + 1) * sizeof *a->tok);
  if (!a->tok) return KB_ERR_NOMEM;
  size_t n = kb_tokenize(a->folded, a->nfolded, a->tok, guess);
  if (n > KB_MAX_TOKENS) return KB_ERR_TOO_LARGE;
  if (n > guess) {
    a->tok = kb_arena_alloc_raw(&a->arena, (n + 1) * sizeof *a->tok);
    if (!a->tok) return KB_ERR_NOMEM;
    kb_tokenize(a->folded, a->nfolded, a->tok, n);
  }
  a->ntok = n;
  memset(&a->tok[n], 0, sizeof a->tok[n]);
  for (size_t i = 0; i < a->ntok; i++) {
    kb_token *k = &a->tok[i];
    k->sent = 0;
    k->s = a->map[k->fs];
    k->e = a->map[k->fe];
    if (k->e < k->s) k->e = k->s;
    k->tcase = (uint8_t)kb_text_case(a->t->text + k->s, k->e - k->s);
    k->adverb = (uint8_t)is_adverb(a, (uint32_t)i);
  }
  return KB_OK;
}

static int is_abbrev(const kb_analysis *a, uint32_t i) {
  if (a->tok[i].kind != TOK_WORD) return 0;
  size_t n = tok_flen(a, i);
  if (n == 1 && a->tok[i].tcase) return 1; /* initial: "J. Smith" */
  const lex_form *f = kb_lex_lookup(a->lex, tok_f(a, i), n);
  for (; f; f = f->next)
    if (f->type == LEX_ABBREV) return 1;
  return 0;
}

/* A paragraph break lies between tokens i and i+1. */
static int para_break(const kb_analysis *a, uint32_t i) {
  const char *s = a->t->text;
  for (uint32_t p = a->tok[i].e; p < a->tok[i + 1].s; p++)
    if (s[p] == '\n') return 1;
  return 0;
}

/* Token j is an opening quotation mark: « or “ as written, or a straight
 * quote after a space and right before a word. */
static int opening_quote(const kb_analysis *a, uint32_t j) {
  const char *s = a->t->text + a->tok[j].s;
  size_t n = a->tok[j].e - a->tok[j].s;
  if (n == 2 && !memcmp(s, "\xC2\xAB", 2)) return 1;
  if (n == 3 && !memcmp(s, "\xE2\x80\x9C", 3)) return 1;
  if (n != 1 || s[0] != '"' || j == 0 || j + 1 >= a->ntok) return 0;
  return a->tok[j - 1].e < a->tok[j].s && a->tok[j].e == a->tok[j + 1].s &&
         a->tok[j + 1].kind != TOK_PUNCT;
}

static int ends_sentence_at(const kb_analysis *a, uint32_t i) {
  if (i + 1 >= a->ntok) return 1;
  if (para_break(a, i)) return 1;
  const char *f = tok_f(a, i);
  if (a->tok[i].kind != TOK_PUNCT || !strchr(".!?", f[0])) return 0;
  /* skip closing quotes and further dots (an opening quote starts the
   * next sentence: ". « Nous ..." ) */
  uint32_t j = i + 1;
  while (j < a->ntok && a->tok[j].kind == TOK_PUNCT &&
         strchr(".!?\")", tok_f(a, j)[0]) && !para_break(a, j - 1) &&
         !opening_quote(a, j))
    j++;
  if (j >= a->ntok) return 1;
  if (j > i + 1) return 0; /* decided at the last of the run */
  if (f[0] == '.' && i > 0 && is_abbrev(a, i - 1) &&
      a->tok[i - 1].e == a->tok[i].s)
    return 0;
  const kb_token *next = &a->tok[j];
  /* the next sentence starts with a capital, a digit, a quote or a dash */
  return next->tcase != TCASE_LOWER || next->kind == TOK_NUM ||
         (next->kind == TOK_PUNCT && strchr("\"-(", tok_f(a, j)[0]));
}

static kb_status split_sentences(kb_analysis *a) {
  size_t cap = a->ntok / 4 + 8;
  a->sent = kb_arena_alloc(&a->arena, cap * sizeof *a->sent);
  a->sent_tok = kb_arena_alloc(&a->arena, (cap + 1) * sizeof *a->sent_tok);
  if (!a->sent || !a->sent_tok) return KB_ERR_NOMEM;
  uint32_t start = 0;
  for (uint32_t i = 0; i < a->ntok; i++) {
    a->tok[i].sent = (uint32_t)a->nsent;
    if (!ends_sentence_at(a, i)) continue;
    if (a->nsent + 1 >= cap) {
      size_t ncap = cap * 2;
      kb_span *s = kb_arena_alloc(&a->arena, ncap * sizeof *s);
      uint32_t *st = kb_arena_alloc(&a->arena, (ncap + 1) * sizeof *st);
      if (!s || !st) return KB_ERR_NOMEM;
      memcpy(s, a->sent, a->nsent * sizeof *s);
      memcpy(st, a->sent_tok, a->nsent * sizeof *st);
      a->sent = s;
      a->sent_tok = st;
      cap = ncap;
    }
    a->sent[a->nsent] = (kb_span){a->tok[start].s, a->tok[i].e};
    a->sent_tok[a->nsent] = start;
    a->nsent++;
    start = i + 1;
  }
  a->sent_tok[a->nsent] = (uint32_t)a->ntok;
  return KB_OK;
}

/* One stemmer per language and thread, kept: making one for every
 * document cost as much as the stemming itself. They are not thread-safe,
 * hence one set per thread, freed when the thread ends. A French stem
 * costs some 4,000 instructions and news repeats its words, so each thread
 * also keeps the stems it made, by word, in a small direct-mapped table. */
enum { STEM_CACHE = 1024, STEM_MAX = 32 };
typedef struct stem_memo {
  char word[STEM_MAX], stem[STEM_MAX];
  uint8_t wlen, slen;
} stem_memo;
typedef struct kept_stemmer {
  struct sb_stemmer *st;
  stem_memo memo[STEM_CACHE];
} kept_stemmer;
static __thread kept_stemmer *kept[2];
static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void kept_free(void *unused) {
  (void)unused;
  for (int i = 0; i < 2; i++) {
    if (kept[i]) sb_stemmer_delete(kept[i]->st);
    kb_free(kept[i]);
    kept[i] = NULL;
  }
}

static void kept_key_make(void) { pthread_key_create(&kept_key, kept_free); }

static kept_stemmer *thread_stemmer(int is_en) {
  kept_stemmer **k = &kept[is_en ? 1 : 0];
  if (!*k) {
    pthread_once(&kept_once, kept_key_make);
    kept_stemmer *n = kb_calloc(1, sizeof *n);
    if (!n) return NULL;
    if (!(n->st = sb_stemmer_new(is_en ? "english" : "french", "UTF_8"))) {
      kb_free(n);
      return NULL;
    }
    *k = n;
    pthread_setspecific(kept_key, kept); /* freed at thread exit */
  }
  return *k;
}

/* Snowball stem of word token i, computed on first use and kept (trigger
 * forms written "~livrer" in the lexicon match any word with its stem).
 * Stemming every token would cost a sixth of the analysis; only words that
 * no exact form matched are stemmed, and only when the lexicon has stem
 * forms. NULL for punctuation or on failure. */
const char *kb_tok_stem(kb_analysis *a, uint32_t i) {
  kb_token *t = &a->tok[i];
  if (t->stem || t->kind != TOK_WORD) return t->stem;
  kept_stemmer *k = thread_stemmer(a->is_en);
  if (!k) return NULL;
  const char *w = tok_f(a, i);
  size_t n = tok_flen(a, i);
  stem_memo *m = NULL;
  if (n < STEM_MAX) {
    m = &k->memo[XXH3_64bits(w, n) & (STEM_CACHE - 1)];
    if (m->wlen == n && !memcmp(m->word, w, n))
      return t->stem = kb_arena_strndup(&a->arena, m->stem, m->slen);
  }
  const sb_symbol *r = sb_stemmer_stem(k->st, (const sb_symbol *)w, (int)n);
  if (!r) return NULL;
  size_t sl = (size_t)sb_stemmer_length(k->st);
  if (m && sl < STEM_MAX) {
    memcpy(m->word, w, n);
    m->wlen = (uint8_t)n;
    memcpy(m->stem, r, sl);
    m->slen = (uint8_t)sl;
  }
  return t->stem = kb_arena_strndup(&a->arena, (const char *)r, sl);
}

/* ---- lexicon matching --------------------------------------------------- */

static int case_ok(const kb_analysis *a, uint32_t t0, uint32_t t1,
                   const lex_form *f) {
  if (f->case_rule == CASE_ANY) return 1;
  if (f->case_rule == CASE_CAP) return a->tok[t0].tcase != TCASE_LOWER;
  for (uint32_t i = t0; i < t1; i++)
    if (a->tok[i].kind == TOK_WORD && a->tok[i].tcase != TCASE_ALLCAPS)
      return 0;
  return 1;
}

static int lang_ok(const kb_analysis *a, const lex_form *f) {
  if (f->type != LEX_TRIGGER && f->type != LEX_CUE) return 1;
  const char *lang =
      f->type == LEX_TRIGGER ? ((const lex_trigger *)f->item)->lang : NULL;
  if (!lang) return 1;
  return !strcmp(lang, "*") || !strcmp(lang, a->is_en ? "en" : "fr");
}

static kb_status push(kb_analysis *a, kb_match **arr, size_t *n, size_t *cap,
                      uint32_t t0, uint32_t t1, const lex_form *f) {
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 256;
    kb_match *m = kb_arena_alloc_raw(&a->arena, nc * sizeof *m);
    if (!m) return KB_ERR_NOMEM;
    if (*n) memcpy(m, *arr, *n * sizeof *m);
    *arr = m;
    *cap = nc;
  }
  (*arr)[(*n)++] = (kb_match){t0, t1, f};
  return KB_OK;
}

typedef struct match_lists {
  size_t capm, capt, capc;
  uint32_t trig_end;
} match_lists;

static int is_entity(uint8_t type) {
  return type == LEX_ACTOR || type == LEX_TITLE || type == LEX_EQUIP ||
         type == LEX_EQNOUN || type == LEX_PLACE;
}

static int is_determiner(const kb_analysis *a, uint32_t i) {
  return kb_tok_is(a, i, "le") || kb_tok_is(a, i, "la") ||
         kb_tok_is(a, i, "les") || kb_tok_is(a, i, "l'") ||
         kb_tok_is(a, i, "the");
}

/* Appends token j to a phrase key ("forces armees maliennes"); 0 when
 * the key would not fit. */
static int key_append(const kb_analysis *a, uint32_t j, char *key, size_t cap,
                      size_t *klen) {
  size_t l = tok_flen(a, j);
  if (*klen + l + 1 >= cap) return 0;
  if (*klen) key[(*klen)++] = ' ';
  memcpy(key + *klen, tok_f(a, j), l);
  *klen += l;
  return 1;
}

/* End of the longest entity phrase starting at token i (i if none). */
static uint32_t longest_entity_end(const kb_analysis *a, uint32_t i,
                                   uint32_t send) {
  char key[1024];
  size_t klen = 0;
  uint32_t end = i;
  const struct lex_slot *first =
      kb_lex_probe(a->lex, tok_f(a, i), tok_flen(a, i));
  int maxk = first ? first->maxtok : 0;
  for (int k = 0; k < maxk && i + (uint32_t)k < send; k++) {
    uint32_t j = i + (uint32_t)k;
    if (!key_append(a, j, key, sizeof key, &klen)) break;
    const struct lex_slot *sl = k ? kb_lex_probe(a->lex, key, klen) : first;
    if (!sl) break;
    for (const lex_form *f = sl->forms; f; f = f->next)
      if (f->ntok == k + 1 && is_entity(f->type) && case_ok(a, i, j + 1, f))
        end = j + 1;
    if (!sl->is_prefix) break;
  }
  return end;
}

/* Folding merges "attaqués" (verb) and "attaques" (noun): when two forms
 * share a key, the one written with the text's own accents wins. */
static int same_accents(const kb_analysis *a, uint32_t t0, uint32_t t1,
                        const lex_form *f) {
  size_t n = a->tok[t1 - 1].e - a->tok[t0].s;
  return f->orig && strlen(f->orig) == n &&
         !strncasecmp(f->orig, a->t->text + a->tok[t0].s, n);
}

static int is_adverb_word(const char *f, size_t n, int is_en) {
  /* the -ment and -ly adverbs are caught by their ending */
  static const struct {
    const char *w;
    size_t n;
  } words[] = {
#define W(s) {s, sizeof s - 1}
      W("deja"),  W("aussi"), W("encore"), W("bien"),      W("egalement"),
      W("enfin"), W("ainsi"), W("alors"),  W("desormais"), W("already"),
      W("also"),  W("just"),  W("now"),    W("then"),
#undef W
  };
  if (n >= 7 && !memcmp(f + n - 4, "ment", 4)) return 1; /* -ment */
  if (is_en && n >= 6 && !memcmp(f + n - 2, "ly", 2)) return 1;
  for (size_t k = 0; k < sizeof words / sizeof *words; k++)
    if (words[k].n == n && words[k].w[0] == f[0] && !memcmp(words[k].w, f, n))
      return 1;
  return 0;
}

static int is_adverb(const kb_analysis *a, uint32_t j) {
  return a->tok[j].kind == TOK_WORD &&
         is_adverb_word(tok_f(a, j), tok_flen(a, j), a->is_en);
}

/* Called only when token i starts some longer phrase and an adverb follows
 * within reach (the caller checks both, as few tokens pass). */
static void match_trigger_skipping_adverbs(const kb_analysis *a, uint32_t i,
                                           uint32_t send, int maxk,
                                           const lex_form **best,
                                           uint32_t *best_end) {
  char key[1024];
  size_t klen = 0;
  int k = 0, skipped = 0;
  for (uint32_t j = i; j < send && k < maxk; j++) {
    if (j > i && a->tok[j].adverb && skipped < 2) {
      skipped++;
      continue;
    }
    if (!key_append(a, j, key, sizeof key, &klen)) break;
    k++;
    const struct lex_slot *sl = kb_lex_probe(a->lex, key, klen);
    if (!sl) break;
    if (!skipped) {
      if (!sl->is_prefix) break;
      continue; /* the plain match did this one */
    }
    for (const lex_form *f = sl->forms; f; f = f->next)
      if (f->type == LEX_TRIGGER && f->ntok == k && lang_ok(a, f) &&
          (!*best || *best_end < j + 1)) {
        *best = f;
        *best_end = j + 1;
      }
    if (!sl->is_prefix) break;
  }
}

static int is_nominal_trigger(const lex_form *f) {
  return f->type == LEX_TRIGGER && ((const lex_trigger *)f->item)->nominal;
}

/* Two forms with the same key: the one written with the text's accents;
 * then, for a word that is both verb and noun ("attaque", "visite"), the
 * noun after a determiner and the verb otherwise. */
static int better_reading(const kb_analysis *a, uint32_t t0, uint32_t t1,
                          const lex_form *old, const lex_form *f) {
  int acc_old = same_accents(a, t0, t1, old),
      acc_f = same_accents(a, t0, t1, f);
  if (acc_old != acc_f) return acc_f;
  if (is_nominal_trigger(old) == is_nominal_trigger(f) || t0 == 0) return 0;
  static const char *const det[] = {
      "un", "une",  "le",  "la",    "l'", "les", "des",  "du",    "cette",
      "ce", "ces",  "cet", "the",   "a",  "an",  "this", "these", "son",
      "sa", "leur", "its", "their", "de", "d'",  NULL};
  int after_det = 0;
  for (const char *const *d = det; *d && !after_det; d++)
    after_det = kb_tok_is(a, t0 - 1, *d);
  return after_det ? is_nominal_trigger(f) : !is_nominal_trigger(f);
}

/* Longest phrase forms at token i, within the sentence: sets *best_len and
 * records, per class (entity, trigger, cue), the longest. */
static kb_status match_at(kb_analysis *a, uint32_t i, uint32_t send,
                          match_lists *ml, uint32_t *entity_end) {
  char key[1024];
  const struct lex_slot *first =
      kb_lex_probe(a->lex, tok_f(a, i), tok_flen(a, i));
  int maxk = first ? first->maxtok : 0;
  size_t klen = 0;
  const lex_form *best[3] = {0};
  uint32_t best_end[3] = {0};
  for (int k = 0; k < maxk && i + (uint32_t)k < send; k++) {
    uint32_t j = i + (uint32_t)k;
    if (!key_append(a, j, key, sizeof key, &klen)) break;
    const struct lex_slot *sl = k ? kb_lex_probe(a->lex, key, klen) : first;
    if (!sl) break;
    for (const lex_form *f = sl->forms; f; f = f->next) {
      if (f->ntok != k + 1 || !case_ok(a, i, j + 1, f) || !lang_ok(a, f))
        continue;
      int cls = is_entity(f->type)       ? 0
                : f->type == LEX_TRIGGER ? 1
                : f->type == LEX_CUE     ? 2
                                         : -1;
      if (cls < 0) continue;
      if (!best[cls] || best_end[cls] < j + 1 ||
          (best_end[cls] == j + 1 &&
           better_reading(a, i, j + 1, best[cls], f))) {
        best[cls] = f;
        best_end[cls] = j + 1;
      }
    }
    if (!sl->is_prefix) break; /* nothing longer */
  }
  /* triggers with adverbs inside: "ont déjà livré", "a officiellement
   * signé", "has also ordered", "suivent actuellement des cursus" */
  if (maxk > 1 && first->is_prefix) {
    int adverb = 0;
    for (uint32_t j = i + 1; j < send && j <= i + (uint32_t)maxk && !adverb;
         j++)
      adverb = a->tok[j].adverb;
    if (adverb)
      match_trigger_skipping_adverbs(a, i, send, maxk, &best[1], &best_end[1]);
  }
  /* prefix patterns and stems for triggers and cues */
  for (size_t p = 0; p < a->lex->nprefixes; p++) {
    const struct lex_prefix *px = &a->lex->prefixes[p];
    const lex_form *f = px->form;
    uint32_t last = i + f->ntok - 1;
    if (last >= send || tok_flen(a, last) < px->len ||
        memcmp(tok_f(a, last), px->prefix, px->len) || !lang_ok(a, f))
      continue;
    if (px->rest_key) {
      size_t rl = 0;
      char rk[512];
      int ok = 1;
      for (uint32_t j = i; j < last && ok; j++) {
        size_t l = tok_flen(a, j);
        if (rl + l + 1 >= sizeof rk)
          ok = 0;
        else {
          if (j > i) rk[rl++] = ' ';
          memcpy(rk + rl, tok_f(a, j), l);
          rl += l;
        }
      }
      if (!ok || rl != strlen(px->rest_key) || memcmp(rk, px->rest_key, rl))
        continue;
    }
    int cls = f->type == LEX_TRIGGER ? 1 : f->type == LEX_CUE ? 2 : 0;
    if (!best[cls] || best_end[cls] < last + 1) {
      best[cls] = f;
      best_end[cls] = last + 1;
    }
  }
  /* "~" forms: one word matched by its Snowball stem, a trigger or a cue */
  const char *stem =
      (!best[1] || !best[2]) &&
              kb_lex_may_stem(a->lex, tok_f(a, i), tok_flen(a, i))
          ? kb_tok_stem(a, i)
          : NULL;
  if (stem) {
    const lex_form *f = kb_lex_lookup_stem(a->lex, stem, strlen(stem));
    for (; f; f = f->next) {
      int cls = f->type == LEX_TRIGGER ? 1 : f->type == LEX_CUE ? 2 : 0;
      if (cls && !best[cls] && lang_ok(a, f)) {
        best[cls] = f;
        best_end[cls] = i + 1;
      }
    }
  }
  kb_status st = KB_OK;
  /* "les Forces armées maliennes": a phrase that starts with an article
   * gives way to a longer one starting right after it */
  if (best[0] && is_determiner(a, i) && i + 1 < send &&
      longest_entity_end(a, i + 1, send) > best_end[0])
    best[0] = NULL;
  if (best[0] && i >= *entity_end) {
    st = push(a, &a->match, &a->nmatch, &ml->capm, i, best_end[0], best[0]);
    *entity_end = best_end[0];
  }
  /* a trigger inside a longer one is part of it ("nouvelles fournitures") */
  if (st == KB_OK && best[1] && i >= ml->trig_end) {
    st = push(a, &a->trig, &a->ntrig, &ml->capt, i, best_end[1], best[1]);
    ml->trig_end = best_end[1];
  }
  if (st == KB_OK && best[2])
    st = push(a, &a->cue, &a->ncue, &ml->capc, i, best_end[2], best[2]);
  return st;
}

static kb_status match_all(kb_analysis *a) {
  match_lists ml = {0};
  uint32_t entity_end = 0;
  for (size_t s = 0; s < a->nsent; s++) {
    uint32_t send = a->sent_tok[s + 1];
    for (uint32_t i = a->sent_tok[s]; i < send; i++) {
      if (a->tok[i].kind == TOK_PUNCT && tok_f(a, i)[0] != '(') continue;
      kb_status st = match_at(a, i, send, &ml, &entity_end);
      if (st != KB_OK) return st;
    }
  }
  /* the cue starting at each token, for kb_cue_at: events and mentions
   * ask about every word around every trigger */
  a->cue_of_tok = kb_arena_alloc(&a->arena, (a->ntok + 1) * sizeof(uint32_t));
  if (!a->cue_of_tok) return KB_ERR_NOMEM;
  for (size_t c = a->ncue; c-- > 0;) /* the first of a start token wins */
    a->cue_of_tok[a->cue[c].t0] = (uint32_t)c + 1;
  return KB_OK;
}

const char *kb_cue_at(const kb_analysis *a, uint32_t i, uint32_t *end) {
  uint32_t c = i < a->ntok && a->cue_of_tok ? a->cue_of_tok[i] : 0;
  if (!c) return NULL;
  if (end) *end = a->cue[c - 1].t1;
  return ((const lex_cue *)a->cue[c - 1].form->item)->kind;
}

kb_analysis *kb_analyse(const kb_lexicon *lex, const kb_text *t,
                        kb_error *err) {
  kb_analysis *a = kb_calloc(1, sizeof *a);
  if (!a) {
    kb_error_set(err, KB_ERR_NOMEM, t->doc_id, 0, -1, "out of memory");
    return NULL;
  }
  kb_arena_init(&a->arena);
  a->lex = lex;
  a->t = t;
  a->anchor = t->published;
  a->is_en = t->lang && !strcmp(t->lang, "en");
  kb_status st = fold_text(a);
  if (st == KB_OK) st = tokenize(a);
  if (st == KB_OK) st = split_sentences(a);
  if (st == KB_OK) st = match_all(a);
  if (st == KB_OK) st = kb_find_mentions(a);
  if (st != KB_OK) {
    kb_error_set(err, st, t->doc_id, 0, -1, "analysis failed: %s",
                 st == KB_ERR_TOO_LARGE ? "too many tokens"
                                        : kb_status_name(st));
    kb_analysis_free(a);
    return NULL;
  }
  return a;
}

void kb_analysis_free(kb_analysis *a) {
  if (!a) return;
  kb_arena_reset(&a->arena);
  kb_free(a);
}

size_t kb_analysis_mentions(const kb_analysis *a, const kb_mention **out) {
  *out = a->ment;
  return a->nment;
}

size_t kb_analysis_sentences(const kb_analysis *a, const kb_span **out) {
  *out = a->sent;
  return a->nsent;
}

const kb_text *kb_analysis_text(const kb_analysis *a) { return a->t; }

const char *kb_mention_kind_name(kb_mention_kind k) {
  switch (k) {
  case KB_MENTION_ACTOR: return "actor";
  case KB_MENTION_EQUIPMENT: return "equipment";
  case KB_MENTION_PLACE: return "place";
  case KB_MENTION_DATE: return "date";
  case KB_MENTION_QUANTITY: return "quantity";
  }
  return "unknown";
}
