/* Plain text copied from a web page: keep the article, drop the furniture.
 *
 * Three kinds of evidence, from strongest to weakest:
 *  1. listed patterns (data/furniture.tsv): whole lines, prefixes, short
 *     lines containing a cue, and "end" cues that open a comment block;
 *  2. shapes: counters ("Visiteur: 45462", "0"), captchas ("46 − = 37"),
 *     "3 commentaires", keyword-stuffed ad lines with no punctuation;
 *  3. position: short lines before the first prose paragraph (menus, author,
 *     photo captions) and after the last one (bylines, tags) are dropped;
 *     the first line that reads like a headline becomes the title. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "clean.h"
#include "fold.h"
#include "internal.h"
#include "tsv.h"

enum furn_kind { F_LINE, F_PREFIX, F_CONTAINS, F_END };

typedef struct furn_rule {
  enum furn_kind kind;
  char *pattern; /* folded */
  size_t len;
  size_t order; /* line in the file: the first matching rule wins */
} furn_rule;

static furn_rule *rules;
static size_t n_rules;
/* Rules other than "contains", sorted by first byte: a line is compared
 * only with the rules that start like it. first[c]..first[c+1]. */
static size_t first[257];
static size_t n_anchored; /* rules[0..n_anchored) anchored, then contains */
static kb_status rules_status = KB_OK;
static kb_error rules_error;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;

static kb_status add_rule(void *ctx, char **cols, int ncols, char *msg,
                          size_t msgsize) {
  size_t *cap = ctx;
  enum furn_kind k;
  if (!strcmp(cols[0], "line"))
    k = F_LINE;
  else if (!strcmp(cols[0], "prefix"))
    k = F_PREFIX;
  else if (!strcmp(cols[0], "contains"))
    k = F_CONTAINS;
  else if (!strcmp(cols[0], "end"))
    k = F_END;
  else {
    snprintf(msg, msgsize, "unknown kind '%s' (line, prefix, contains, end)",
             cols[0]);
    return KB_ERR_LEXICON;
  }
  if (n_rules == *cap) {
    *cap = *cap ? *cap * 2 : 128;
    furn_rule *r = kb_realloc(rules, *cap * sizeof *r);
    if (!r) return KB_ERR_NOMEM;
    rules = r;
  }
  char *p = kb_fold_dup(cols[1], strlen(cols[1]));
  if (!p) return KB_ERR_NOMEM;
  rules[n_rules] = (furn_rule){k, p, strlen(p), n_rules};
  n_rules++;
  return KB_OK;
}

static void free_rules(void) {
  for (size_t i = 0; i < n_rules; i++)
    kb_free(rules[i].pattern);
  kb_free(rules);
  rules = NULL;
  n_rules = 0;
}

static int rule_cmp(const void *x, const void *y) {
  const furn_rule *a = x, *b = y;
  int ca = a->kind == F_CONTAINS, cb = b->kind == F_CONTAINS;
  if (ca != cb) return ca - cb;
  unsigned char fa = (unsigned char)a->pattern[0],
                fb = (unsigned char)b->pattern[0];
  if (fa != fb) return fa < fb ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static void index_rules(void) {
  qsort(rules, n_rules, sizeof *rules, rule_cmp);
  n_anchored = 0;
  while (n_anchored < n_rules && rules[n_anchored].kind != F_CONTAINS)
    n_anchored++;
  size_t i = 0;
  for (int c = 0; c <= 256; c++) {
    first[c] = i;
    while (c < 256 && i < n_anchored && (unsigned char)rules[i].pattern[0] == c)
      i++;
  }
}

static void load_rules(void) {
  size_t cap = 0;
  rules_status = kb_tsv_read("furniture.tsv", 2, add_rule, &cap, &rules_error);
  if (rules_status == KB_OK) index_rules();
  atexit(free_rules);
}

/* ---- line shapes ------------------------------------------------------ */

typedef struct line_info {
  const char *s;
  size_t n;
  char *folded;  /* trimmed, trailing punctuation removed */
  int head_only; /* a long line: only its first bytes were folded */
  int words;
  int prose; /* reads like an article sentence */
  int drop;
} line_info;

static int count_words(const char *s, size_t n) {
  int w = 0, in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

/* On the raw line: ends with . ! ? : ) or a closing quote or ellipsis. */
static int ends_sentence(const char *s, size_t n) {
  while (n && s[n - 1] == ' ')
    n--;
  if (!n) return 0;
  char c = s[n - 1];
  if (strchr(".!?\":)'", c)) return 1;
  static const char *const closers[] = {"\xE2\x80\xA6", "\xC2\xBB",
                                        "\xE2\x80\x9D", "\xE2\x80\x99"};
  for (size_t i = 0; i < sizeof closers / sizeof *closers; i++) {
    size_t k = strlen(closers[i]);
    if (n >= k && !memcmp(s + n - k, closers[i], k)) return 1;
  }
  return 0;
}

/* Digits, operators and spaces only: counters and captchas ("46 - = 37"). */
static int is_counter_or_captcha(const char *f, size_t n) {
  int digits = 0;
  for (size_t i = 0; i < n; i++) {
    if (isdigit((unsigned char)f[i]))
      digits++;
    else if (!f[i] || !strchr(" +-=x*/:.,?", f[i]))
      return 0;
  }
  return digits > 0;
}

/* "Visiteur: 45462", "12 345 vues", "3 commentaires", "Lecture : 2 min". */
static int is_label_number(const char *f, int words) {
  if (words > 4) return 0;
  int digits = 0, letters = 0;
  for (const char *p = f; *p; p++) {
    if (isdigit((unsigned char)*p))
      digits++;
    else if (isalpha((unsigned char)*p))
      letters++;
  }
  return digits > 0 && letters > 0 && letters < 20;
}

static int is_comment_count(const char *f) {
  while (isdigit((unsigned char)*f))
    f++;
  if (*f != ' ') return 0;
  f++;
  return !strncmp(f, "commentaire", 11) || !strncmp(f, "comment", 7) ||
         !strncmp(f, "reponse", 7) || !strncmp(f, "repl", 4);
}

/* Ad and keyword lines: many words, no punctuation at all. Looks at the raw
 * line: the folded one has lost its final full stop. */
static int is_keyword_stuffing(const char *s, size_t n, int words) {
  if (words < 12) return 0;
  for (size_t i = 0; i < n; i++)
    switch (s[i]) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '"':
    case '(':
    case ')': return 0;
    }
  return 1;
}

static int rule_match(const furn_rule *r, const char *f, size_t n, int words) {
  switch (r->kind) {
  case F_LINE:
  case F_END: return n == r->len && !memcmp(f, r->pattern, n);
  case F_PREFIX: return n >= r->len && !memcmp(f, r->pattern, r->len);
  case F_CONTAINS: return words < 15 && strstr(f, r->pattern) != NULL;
  }
  return 0;
}

/* By the listed patterns only. 1: furniture, 2: furniture that opens the
 * closing block. */
static int classify_listed(const line_info *l) {
  const char *f = l->folded;
  size_t n = strlen(f);
  if (n == 0) return 1;
  /* the earliest rule in file order among those that match */
  const furn_rule *hit = NULL;
  unsigned char c = (unsigned char)f[0];
  for (size_t i = first[c]; i < first[c + 1]; i++)
    if (rule_match(&rules[i], f, n, l->words)) {
      hit = &rules[i];
      break; /* sorted by file order within a first byte */
    }
  for (size_t i = n_anchored; i < n_rules; i++)
    if ((!hit || rules[i].order < hit->order) &&
        rule_match(&rules[i], f, n, l->words))
      hit = &rules[i];
  if (hit) return hit->kind == F_END ? 2 : 1;
  return is_comment_count(f) ? 2 : 0;
}

/* Listed patterns, then shapes (counters, captchas, keyword lines). */
static int classify(const line_info *l) {
  int c = classify_listed(l);
  if (c) return c;
  const char *f = l->folded;
  int counter = l->head_only ? is_counter_or_captcha(l->s, l->n)
                             : is_counter_or_captcha(f, strlen(f));
  return counter || is_label_number(f, l->words) ||
         is_keyword_stuffing(l->s, l->n, l->words);
}

/* A full stop inside the line, followed by a space (folding makes
 * no-break spaces plain ones). */
static int has_sentence_break(const line_info *l) {
  if (!l->head_only) return strstr(l->folded, ". ") != NULL;
  for (const char *p = l->s, *e = l->s + l->n;
       (p = memchr(p, '.', (size_t)(e - p))) != NULL && p + 1 < e; p++)
    if (p[1] == ' ' || p[1] == '\t' ||
        (e - p > 2 && !memcmp(p + 1, "\xC2\xA0", 2)) ||
        (e - p > 3 && !memcmp(p + 1, "\xE2\x80\xAF", 3)))
      return 1;
  return 0;
}

static char *fold_line(const char *s, size_t n) {
  char *f = kb_fold_dup(s, n);
  if (!f) return NULL;
  /* trim, and drop trailing punctuation and spaces so "Partager :" == line */
  size_t len = strlen(f);
  while (len && strchr(" :.!?-|>", f[len - 1]))
    f[--len] = 0;
  size_t lead = strspn(f, " -*>|\xE2\x80\xA2");
  if (lead) memmove(f, f + lead, len - lead + 1);
  return f;
}

int kb_furniture_line(const char *s, size_t n, int shapes) {
  pthread_once(&rules_once, load_rules);
  if (rules_status != KB_OK) return 0;
  line_info l = {.s = s, .n = n};
  /* A long line of 15 words or more can only match a prefix rule (whole
   * lines and "contains" rules are short): fold its start only, folding
   * being the cost here. */
  size_t head = n;
  int words = count_words(s, n);
  if (words >= 15 && n > 160) {
    head = 160;
    while (head && ((unsigned char)s[head] & 0xC0) == 0x80)
      head--;
  }
  l.folded = fold_line(s, head);
  if (!l.folded) return 0;
  l.head_only = head < n;
  l.words = head < n ? words : count_words(l.folded, strlen(l.folded));
  int c = shapes ? classify(&l) : classify_listed(&l);
  kb_free(l.folded);
  return c;
}

/* ---- paragraphs --------------------------------------------------------- */

/* A wrapped line continues when it is long and does not end a sentence. */
static int continues(const line_info *a, const line_info *b) {
  if (a->n < 60 || ends_sentence(a->s, a->n)) return 0;
  unsigned char c = (unsigned char)b->s[0];
  return islower(c) || c >= 0x80;
}

static kb_status emit(kb_paras *out, const line_info *lines, size_t from,
                      size_t to) {
  /* from..to (exclusive) are consecutive kept lines of one block */
  size_t i = from;
  while (i < to) {
    size_t j = i + 1;
    while (j < to && continues(&lines[j - 1], &lines[j]))
      j++;
    size_t len = (size_t)(lines[j - 1].s + lines[j - 1].n - lines[i].s);
    kb_status st = kb_paras_add(out, lines[i].s, len);
    if (st != KB_OK) return st;
    i = j;
  }
  return KB_OK;
}

/* The line s[0..n) says title, ignoring case, accents and punctuation. */
static int same_text(const char *title, const char *s, size_t n) {
  char *a = kb_fold_dup(title, strlen(title)), *b = kb_fold_dup(s, n);
  int same = 0;
  if (a && b) {
    const char *p = a, *q = b;
    for (;;) {
      while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
        p++;
      while (*q && !isalnum((unsigned char)*q) && (unsigned char)*q < 0x80)
        q++;
      if (!*p || !*q || *p != *q) break;
      p++, q++;
    }
    same = !*p && !*q;
  }
  kb_free(a);
  kb_free(b);
  return same;
}

static int looks_like_title(const line_info *l) {
  return l->words >= 3 && l->n < 300 && !l->drop;
}

kb_status kb_clean_plain(const char *text, size_t len, kb_paras *out,
                         kb_meta *meta) {
  pthread_once(&rules_once, load_rules);
  if (rules_status != KB_OK) return rules_status;
  size_t cap = 64, n = 0;
  line_info *lines = kb_malloc(cap * sizeof *lines);
  if (!lines) return KB_ERR_NOMEM;
  kb_status st = KB_OK;
  for (size_t i = 0; i < len && st == KB_OK;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    size_t a = i, b = e;
    while (a < b && isspace((unsigned char)text[a]))
      a++;
    while (b > a && isspace((unsigned char)text[b - 1]))
      b--;
    if (n == cap) {
      line_info *g = kb_realloc(lines, (cap *= 2) * sizeof *lines);
      if (!g) {
        st = KB_ERR_NOMEM;
        break;
      }
      lines = g;
    }
    line_info *l = &lines[n++];
    memset(l, 0, sizeof *l);
    l->s = text + a;
    l->n = b - a;
    /* as in kb_furniture_line: a paragraph of 15 words or more can only
     * match a prefix rule, so only its start is folded */
    size_t head = l->n;
    if (l->n > 160 && (l->words = count_words(l->s, l->n)) >= 15) {
      head = 160;
      while (head && ((unsigned char)l->s[head] & 0xC0) == 0x80)
        head--;
      l->head_only = 1;
    }
    l->folded = fold_line(l->s, head);
    if (!l->folded) st = KB_ERR_NOMEM;
    i = e + 1;
  }
  size_t first_prose = n, last_prose = 0;
  size_t end_at = n;
  for (size_t i = 0; i < n && st == KB_OK; i++) {
    line_info *l = &lines[i];
    if (!l->head_only) l->words = count_words(l->folded, strlen(l->folded));
    int c = l->n ? classify(l) : 1;
    l->drop = c != 0;
    l->prose = !l->drop && l->words >= 10 &&
               (ends_sentence(l->s, l->n) || has_sentence_break(l));
    if (l->prose) {
      if (first_prose == n) first_prose = i;
      last_prose = i;
    }
    if (c == 2 && first_prose < i && end_at == n) end_at = i;
  }
  if (end_at < n && last_prose >= end_at) {
    /* prose after the closing block is reader comments */
    last_prose = first_prose;
    for (size_t i = first_prose; i < end_at; i++)
      if (lines[i].prose) last_prose = i;
  }
  /* a short closing sentence of the article ("Le pays avait déjà reçu
   * deux TB2 en 2022.") reads like prose too: six words or more, ends a
   * sentence, matched no furniture rule */
  for (size_t i = last_prose + 1; first_prose < n && i < end_at; i++) {
    const line_info *l = &lines[i];
    if (!l->n) continue;
    if (l->drop || l->words < 6 || !ends_sentence(l->s, l->n)) break;
    last_prose = i;
  }
  /* title: first headline-like line before the body */
  size_t title_at = n;
  for (size_t i = 0; i < first_prose && i < n; i++)
    if (looks_like_title(&lines[i])) {
      title_at = i;
      break;
    }
  /* a long headline can look like prose; with a title known from the
   * record, only a line repeating it is the headline (the lead of a
   * short wire story is often under 25 words) */
  if (title_at == n && first_prose < n && lines[first_prose].words <= 25 &&
      first_prose + 1 < n &&
      (!meta || !meta->title ||
       same_text(meta->title, lines[first_prose].s, lines[first_prose].n)))
    title_at = first_prose;
  if (st == KB_OK && title_at < n && meta && !meta->title)
    meta->title =
        kb_arena_strndup(out->arena, lines[title_at].s, lines[title_at].n);
  /* keep: lines of the body region not dropped, plus short lines inside */
  for (size_t i = 0; i < n && st == KB_OK;) {
    int keep_i = i != title_at && !lines[i].drop && lines[i].n &&
                 i >= first_prose && i <= last_prose && i < end_at;
    if (!keep_i) {
      i++;
      continue;
    }
    size_t j = i + 1;
    while (j < n && j <= last_prose && j < end_at && !lines[j].drop &&
           lines[j].n)
      j++;
    st = emit(out, lines, i, j);
    i = j;
  }
  for (size_t i = 0; i < n; i++)
    kb_free(lines[i].folded);
  kb_free(lines);
  return st;
}
