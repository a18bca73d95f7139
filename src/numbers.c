#include "numbers.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "internal.h"
#include "tsv.h"

/* The lexicon is small (a few hundred words) and read-only after loading,
 * so it lives in a fixed static table searched by bisection: no heap, no
 * locking after pthread_once. */
#define NUM_MAX_WORDS 512
#define NUM_MAX_WORD 32

enum nkind {
  NK_UNIT,
  NK_TEN,
  NK_HUNDRED,
  NK_THOUSAND,
  NK_MILLION,
  NK_GROUP,
  NK_APPROX,
  NK_NONE
};

typedef struct nword {
  char w[NUM_MAX_WORD];
  size_t len;
  int kind;
  double value;
} nword;

static nword g_words[NUM_MAX_WORDS];
static int g_nwords;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static kb_status g_status;
static kb_error g_err;

static const char *const KIND_NAMES[] = {
    "unit", "ten", "hundred", "thousand", "million", "group", "approx", "none"};

static int is_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || c >= 0x80;
}
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int word_cmp(const char *a, size_t na, const char *b, size_t nb) {
  int c = memcmp(a, b, na < nb ? na : nb);
  return c ? c : (na > nb) - (na < nb);
}

static int entry_cmp(const void *a, const void *b) {
  const nword *x = a, *y = b;
  return word_cmp(x->w, x->len, y->w, y->len);
}

static kb_status check_line(const char *word, size_t len, char **cols,
                            double *v, int *kind, char *msg, size_t msgsize) {
  int ok = len > 0 && len < NUM_MAX_WORD;
  for (size_t i = 0; ok && i < len; i++)
    ok = is_letter((unsigned char)word[i]);
  if (!ok) {
    snprintf(msg, msgsize,
             "\"%s\": write one word of letters (compounds are composed by "
             "the code)",
             cols[0]);
    return KB_ERR_LEXICON;
  }
  char *end;
  *v = strtod(cols[1], &end);
  if (end == cols[1] || *end || *v < 0) {
    snprintf(msg, msgsize, "value \"%s\" is not a number", cols[1]);
    return KB_ERR_LEXICON;
  }
  *kind = -1;
  for (int k = 0; k < (int)(sizeof KIND_NAMES / sizeof *KIND_NAMES); k++)
    if (!strcmp(cols[2], KIND_NAMES[k])) *kind = k;
  if (*kind < 0) {
    snprintf(msg, msgsize,
             "unknown kind \"%s\" (unit, ten, hundred, thousand, million, "
             "group, approx, none)",
             cols[2]);
    return KB_ERR_LEXICON;
  }
  if (g_nwords == NUM_MAX_WORDS) {
    snprintf(msg, msgsize, "more than %d words", NUM_MAX_WORDS);
    return KB_ERR_LEXICON;
  }
  return KB_OK;
}

static kb_status add_word(void *ctx, char **cols, int ncols, char *msg,
                          size_t msgsize) {
  KB_UNUSED(ctx);
  KB_UNUSED(ncols);
  char *w = kb_fold_dup(cols[0], strlen(cols[0]));
  if (!w) return KB_ERR_NOMEM;
  size_t len = strlen(w);
  double v;
  int kind;
  kb_status st = check_line(w, len, cols, &v, &kind, msg, msgsize);
  if (st == KB_OK) {
    nword *e = &g_words[g_nwords++];
    memcpy(e->w, w, len + 1);
    e->len = len;
    e->kind = kind;
    e->value = v;
  }
  kb_free(w);
  return st;
}

static void load_once(void) {
  g_nwords = 0;
  g_status = kb_tsv_read("numbers.tsv", 3, add_word, NULL, &g_err);
  if (g_status != KB_OK) {
    g_nwords = 0;
    return;
  }
  qsort(g_words, (size_t)g_nwords, sizeof *g_words, entry_cmp);
  /* "zero" and "zéro" fold alike: keep one; a conflict is an error. */
  int out = 0;
  for (int i = 0; i < g_nwords; i++) {
    nword *prev = out ? &g_words[out - 1] : NULL;
    if (prev && !entry_cmp(prev, &g_words[i])) {
      if (prev->kind == g_words[i].kind && prev->value == g_words[i].value)
        continue;
      g_status = kb_error_set(&g_err, KB_ERR_LEXICON, "numbers.tsv", 0, -1,
                              "word \"%s\" is listed twice with different "
                              "values or kinds",
                              g_words[i].w);
      g_nwords = 0;
      return;
    }
    g_words[out++] = g_words[i];
  }
  g_nwords = out;
}

kb_status kb_numbers_load(kb_error *err) {
  pthread_once(&g_once, load_once);
  if (err && g_status != KB_OK) *err = g_err;
  return g_status;
}

/* Where the words of each first byte start in the sorted table: a lookup
 * searches only its letter's words. */
static int g_first[257];
static pthread_once_t g_first_once = PTHREAD_ONCE_INIT;

static void first_build(void) {
  kb_numbers_load(NULL);
  int k = 0;
  for (int c = 0; c < 256; c++) {
    g_first[c] = k;
    while (k < g_nwords && (unsigned char)g_words[k].w[0] == c)
      k++;
  }
  g_first[256] = g_nwords;
}

static const nword *lookup(const char *w, size_t len) {
  pthread_once(&g_first_once, first_build);
  unsigned char c0 = (unsigned char)w[0];
  int lo = g_first[c0], hi = g_first[c0 + 1] - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    int c = word_cmp(g_words[mid].w, g_words[mid].len, w, len);
    if (!c) return &g_words[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

/* First two letters of every number word, built once after loading. */
static unsigned char g_pairs[27][27];
static pthread_once_t g_pairs_once = PTHREAD_ONCE_INIT;

static int letter_index(unsigned char c) {
  return c >= 'a' && c <= 'z' ? c - 'a' + 1 : 0;
}

static void pairs_build(void) {
  kb_numbers_load(NULL);
  for (int i = 0; i < g_nwords; i++) {
    const nword *w = &g_words[i];
    g_pairs[letter_index((unsigned char)w->w[0])]
           [w->len > 1 ? letter_index((unsigned char)w->w[1]) : 0] = 1;
  }
}

/* Only an article or a number word can start a number: checked here on the
 * token's first word, so that the common words that share a number word's
 * first letters ("de", "des", "cent..." vs "centre") cost one lookup. */
int kb_number_may_start(const char *w, size_t n) {
  if (!n) return 0;
  if (w[0] >= '0' && w[0] <= '9') return 1;
  /* most words fail on their first two letters, without a lookup */
  pthread_once(&g_pairs_once, pairs_build);
  int a = letter_index((unsigned char)w[0]);
  int b = n > 1 ? letter_index((unsigned char)w[1]) : 0;
  int article_letters = w[0] == 'a' || w[0] == 'u';
  if (!a || !(g_pairs[a][b] || g_pairs[a][0] || article_letters)) return 0;
  size_t len = 0;
  while (len < n && is_letter((unsigned char)w[len]))
    len++;
  if ((len == 1 && w[0] == 'a') || (len == 2 && !memcmp(w, "un", 2)) ||
      (len == 2 && !memcmp(w, "an", 2)) || (len == 3 && !memcmp(w, "une", 3)))
    return 1;
  const nword *x = len ? lookup(w, len) : NULL;
  return x && x->kind != NK_NONE;
}

static size_t word_len(const char *s, size_t n, size_t i) {
  size_t j = i;
  while (j < n && is_letter((unsigned char)s[j]))
    j++;
  return j - i;
}

/* The word at s[i] is w (letters only), len = strlen(w). */
static int word_is_n(const char *s, size_t n, size_t i, const char *w,
                     size_t len) {
  return i + len <= n && s[i] == w[0] && !memcmp(s + i, w, len) &&
         (i + len == n || !is_letter((unsigned char)s[i + len]));
}
#define word_is(s, n, i, lit) word_is_n(s, n, i, lit, sizeof lit - 1)

/* ---- digits ------------------------------------------------------------ */

/* Exactly three digits at s[i], not followed by a fourth. */
static int three_digits(const char *s, size_t n, size_t i) {
  return i + 3 <= n && is_digit((unsigned char)s[i]) &&
         is_digit((unsigned char)s[i + 1]) &&
         is_digit((unsigned char)s[i + 2]) &&
         (i + 3 == n || !is_digit((unsigned char)s[i + 3]));
}

static int is_ordinal_suffix(const char *w, size_t len) {
  static const char *const SUF[] = {"er", "ere", "e",    "eme", "ieme",
                                    "nd", "nde", "st",   "rd",  "th",
                                    "d",  "es",  "emes", "eres"};
  for (size_t k = 0; k < sizeof SUF / sizeof *SUF; k++)
    if (strlen(SUF[k]) == len && !memcmp(w, SUF[k], len)) return 1;
  return 0;
}

/* A word that multiplies a digit number: "1,5 million", "45 thousand". */
static const nword *multiplier_at(const char *s, size_t n, size_t i) {
  if (i + 1 >= n || s[i] != ' ') return NULL;
  size_t len = word_len(s, n, i + 1);
  const nword *w = len ? lookup(s + i + 1, len) : NULL;
  return w && (w->kind == NK_MILLION || w->kind == NK_THOUSAND) ? w : NULL;
}

static size_t parse_digits(const char *s, size_t n, double *value) {
  size_t i = 0, nd = 0;
  double v = 0;
  while (i < n && is_digit((unsigned char)s[i])) {
    v = v * 10 + (s[i++] - '0');
    if (++nd > 15) return 0; /* an identifier, not a quantity */
  }
  /* Thousands: "45 000", "1 500 000"; "1.500" and "1,500" too, unless a
   * multiplier follows ("1,500 million" is 1.5 million). */
  char sep = 0;
  if (nd <= 3)
    while (i < n && (s[i] == ' ' || s[i] == '.' || s[i] == ',') &&
           (!sep || s[i] == sep) && three_digits(s, n, i + 1) &&
           !(s[i] != ' ' && multiplier_at(s, n, i + 4))) {
      sep = s[i];
      v = v * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
          (s[i + 3] - '0');
      i += 4;
    }
  if ((!sep || sep == ' ') && i + 1 < n && (s[i] == ',' || s[i] == '.') &&
      is_digit((unsigned char)s[i + 1])) {
    double scale = 0.1;
    for (i++; i < n && is_digit((unsigned char)s[i]); i++, scale /= 10)
      v += (s[i] - '0') * scale;
  }
  size_t glued = word_len(s, n, i);
  if (glued) {
    if (is_ordinal_suffix(s + i, glued)) return 0;
    if (glued == 1 && s[i] == 'h') return 0; /* 10h, 10h30: a time */
    *value = v;
    return i; /* a unit glued on ("15km"): the number alone */
  }
  const nword *m = multiplier_at(s, n, i);
  if (m) {
    v *= m->value;
    i += 1 + m->len;
  }
  *value = v;
  return i;
}

/* ---- words ------------------------------------------------------------- */

typedef struct compose {
  double grand, total, cur; /* millions and up; thousands; below 1000 */
  double last_mult;         /* last million-kind factor */
  int approx, done;
  int one; /* an article counts one: "un million", "une dizaine" */
} compose;

static int add_unit(compose *c, const nword *w) {
  long r = (long)c->cur % 100;
  /* "dix-sept", "vingt-deux": a digit after a round number; "onze",
   * "soixante-dix", "quatre-vingt-onze": a teen after 0, 60 or 80. */
  if (w->value < 10 ? (long)c->cur % 10 != 0 : !(r == 0 || r == 60 || r == 80))
    return 0;
  c->cur += w->value;
  return 1;
}

static int add_ten(compose *c, const nword *w) {
  long r = (long)c->cur % 100;
  if (r == 4 && w->value == 20) {
    c->cur += 76; /* quatre-vingt(s) */
    return 1;
  }
  if (r) return 0;
  c->cur += w->value;
  return 1;
}

/* Adds one word to the composed number; 0 when it cannot follow. */
static int compose_add(compose *c, const nword *w) {
  switch (w->kind) {
  case NK_UNIT: return add_unit(c, w);
  case NK_TEN: return add_ten(c, w);
  case NK_HUNDRED:
    if (c->cur >= 100) return 0;
    c->cur = (c->cur ? c->cur : 1) * 100;
    return 1;
  case NK_THOUSAND:
    if (c->total || c->cur >= 1000) return 0;
    c->total = (c->cur ? c->cur : 1) * 1000;
    c->cur = 0;
    return 1;
  case NK_MILLION: {
    double base = c->total + c->cur;
    if (c->last_mult && w->value >= c->last_mult) return 0;
    if (!base && !c->one) return 0; /* "millions" alone */
    c->grand += (base ? base : 1) * w->value;
    c->total = c->cur = 0;
    c->last_mult = w->value;
    return 1;
  }
  case NK_GROUP:
  case NK_APPROX:
    if (c->total || c->grand || c->cur >= 1000) return 0;
    if (!c->cur && !c->one) return 0; /* "dizaine" alone */
    c->cur = (c->cur ? c->cur : 1) * w->value;
    c->approx = w->kind == NK_APPROX;
    c->done = 1; /* "une dizaine de milliers": the "de" ends it */
    return 1;
  }
  return 0;
}

static int is_article(const char *s, size_t n, size_t i) {
  return word_is(s, n, i, "un") || word_is(s, n, i, "une") ||
         word_is(s, n, i, "a") || word_is(s, n, i, "an");
}

/* The number word after a one-byte separator at s[i] (' ' or '-'), or NULL;
 * *start receives its offset. */
static const nword *next_word(const char *s, size_t n, size_t i,
                              size_t *start) {
  if (i + 1 >= n || (s[i] != ' ' && s[i] != '-')) return NULL;
  size_t len = word_len(s, n, i + 1);
  *start = i + 1;
  return len ? lookup(s + i + 1, len) : NULL;
}

/* "vingt et un", "soixante et onze", "a hundred and five": the connector is
 * taken only when the word after it can follow. Returns the offset of that
 * word, or 0. */
static size_t connector(const char *s, size_t n, size_t i, const nword *prev,
                        const compose *c) {
  size_t at;
  if (i + 1 >= n || (s[i] != ' ' && s[i] != '-')) return 0;
  int et = word_is(s, n, i + 1, "et"), and = word_is(s, n, i + 1, "and");
  if (!et && !and) return 0;
  const nword *w = next_word(s, n, i + 3 + (size_t) and, &at);
  if (!w) return 0;
  if (et && prev->kind == NK_TEN && w->kind == NK_UNIT &&
      (w->value == 1 || w->value == 11))
    return at;
  if (and&&(prev->kind == NK_HUNDRED || prev->kind == NK_THOUSAND) &&
      (w->kind == NK_UNIT || w->kind == NK_TEN) && (c->cur || c->total))
    return at;
  return 0;
}

/* An article at the start: "un million", "une dizaine", "a hundred" count
 * one; "un"/"une" alone is 1 when allowed. Returns 0 to go on composing from
 * *i, 1 when the article alone is the answer, -1 when there is no number. */
static int article(const char *s, size_t n, int allow_un, size_t *i,
                   compose *c) {
  size_t len = word_len(s, n, 0), at;
  if (!is_article(s, n, 0)) return 0;
  const nword *w = next_word(s, n, len, &at);
  if (w && s[len] == ' ' && w->kind >= NK_HUNDRED && w->kind <= NK_APPROX) {
    *i = at;
    c->one = 1;
    return 0;
  }
  if (allow_un && (word_is(s, n, 0, "un") || word_is(s, n, 0, "une"))) return 1;
  return -1;
}

static size_t parse_words(const char *s, size_t n, int allow_un, double *value,
                          int *approx) {
  compose c = {0};
  size_t i = 0, end = 0, len = word_len(s, n, 0);
  if (!len) return 0;
  int a = article(s, n, allow_un, &i, &c);
  if (a) {
    *value = 1;
    return a > 0 ? len : 0;
  }
  for (int guard = 0; guard < 64 && !c.done; guard++) {
    len = word_len(s, n, i);
    const nword *w = len ? lookup(s + i, len) : NULL;
    if (!w || w->kind == NK_NONE || !compose_add(&c, w)) {
      /* A hyphenated compound we cannot read ("vingt-deuxieme",
       * "deux-roues") is no number at all. */
      if (end && s[end] == '-' && len) return 0;
      break;
    }
    end = i + len;
    size_t at = connector(s, n, end, w, &c);
    if (at) {
      i = at;
      continue;
    }
    if (end + 1 >= n || (s[end] != ' ' && s[end] != '-')) break;
    i = end + 1;
  }
  if (!end) return 0;
  *value = c.grand + c.total + c.cur;
  *approx = c.approx;
  return end;
}

size_t kb_number_parse(const char *folded, size_t n, int allow_article_un,
                       double *value, int *approx) {
  double v = 0;
  int a = 0;
  size_t used = 0;
  if (folded && n) {
    kb_numbers_load(NULL);
    if (is_digit((unsigned char)folded[0]))
      used = parse_digits(folded, n, &v);
    else
      used = parse_words(folded, n, allow_article_un, &v, &a);
  }
  if (!used) v = 0, a = 0;
  if (value) *value = v;
  if (approx) *approx = a;
  return used;
}
