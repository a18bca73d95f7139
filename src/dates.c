#include "dates.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "numbers.h"

/* How it works: a small lexer cuts the folded text into words, digit runs
 * and single punctuation bytes, kept in a fixed sliding window (no heap, no
 * recursion, O(n)). At each token the driver reads a chain of context words
 * ("en", "debut", "a la fin de", "le") and tries every date pattern after
 * each link of the chain; the longest match wins and the scan goes on after
 * it. Context words decide whether a bare year or month counts as a date:
 * "en 2022" does, "2000 soldats" does not.
 *
 * Speed: the lexer looks each word up once in a vocabulary of every word the
 * tables use, so the patterns compare small integers and flags instead of
 * strings, a phrase table is walked only from the entries that start with
 * the word at hand, and a pattern is tried only where its first token may
 * start it. Most tokens of a text start nothing and cost a lookup. */

/* ---- tokens ------------------------------------------------------------ */

enum { TK_WORD, TK_NUM, TK_PUNCT };

typedef struct dtok {
  size_t s, e;
  long num;
  unsigned short id; /* vocabulary entry of a TK_WORD (see below), 0: none */
  unsigned char kind;
  unsigned char gap; /* whitespace (or the text start) before it */
  unsigned char nd;  /* digits of a TK_NUM */
} dtok;

/* Patterns read at most ~16 tokens ahead and 2 behind; they see exactly
 * LOOK tokens from the current one (T() hides the rest), so the matches do
 * not depend on how far the lexer has read. The lexer fills the window in
 * batches, and only when it runs out are the tokens moved down. */
#define LOOK 24
#define KEEP 4
#define WIN 128

typedef struct scan {
  const char *s;
  size_t n, pos;
  dtok t[WIN];
  int cnt, cur;
  int lim;       /* min(cnt, cur + LOOK): the tokens patterns may see */
  int eof;       /* the lexer has reached the end */
  long base;     /* absolute index of t[0] */
  long last_ago; /* absolute index of the last "ago" lexed, or -1 */
} scan;

/* ---- vocabulary --------------------------------------------------------- */

/* Every word of the tables below has an entry, found once per token by the
 * lexer (an exact match, words of at most 16 bytes packed in two integers).
 * The entry tells which tables hold the word, so the patterns test a flag
 * or walk only the phrases that start with it. Built once, read-only
 * after. */
enum {
  V_ORD = 1 << 0,    /* "er", "th": after a day number */
  V_UNIT = 1 << 1,   /* UNITS */
  V_NOTPL = 1 << 2,  /* NOT_PLURAL */
  V_CONJ = 1 << 3,   /* CONJ */
  V_FILLER = 1 << 4, /* FILLER */
  V_AGO = 1 << 5,    /* "ago" */
  V_CHAIN = 1 << 6,  /* starts a TRIGGERS or GLUE phrase */
  /* The patterns the word may start (any number may start m_numeric,
   * m_daydate and m_year; see core()). */
  G_DAYDATE = 1 << 7,  /* months, weekdays, "premier", "ce", "this" */
  G_MONTH = 1 << 8,    /* months, "last", "next" */
  G_RELATIVE = 1 << 9, /* first words of RELATIVE */
  G_WEEKDAY = 1 << 10, /* weekdays, "ce", "this", "last", "next" */
  G_IL = 1 << 11       /* "il y a" (m_ago) */
};

typedef struct vword {
  uint64_t lo, hi; /* the bytes */
  /* The TRIGGERS, RELATIVE and GLUE phrases that start with the word:
   * g_trig_ix[trig.at .. trig.at + trig.n) and so on, in table order. */
  struct {
    unsigned char at, n;
  } trig, rel, glue;
  unsigned fl; /* V_*, G_* */
  unsigned char len;
  signed char month, mfl; /* MONTHS: month number (0: none) and flags */
  signed char wday;       /* WEEKDAYS: 1 + day (0: none) */
  signed char unit;       /* span_unit: 1 + unit (0: none) */
} vword;

#define VMAX 1024   /* entries (index 0 unused: no word) */
#define VSLOTS 2048 /* hash slots, a power of two */
#define VLEN 16     /* longest word the packing holds */
static vword g_vocab[VMAX];
static int g_nvocab = 1;
static unsigned short g_slots[VSLOTS];
static size_t g_vmaxlen; /* longest word in the vocabulary */
/* Bit len of g_first[c] (g_last[c]): a word of that length starts (ends)
 * with byte c. Most words fail this test and are not hashed. */
static uint32_t g_first[256], g_last[256];

/* Byte classes for the lexer. */
enum { C_SPACE, C_DIGIT, C_LETTER, C_PUNCT };
static unsigned char g_cls[256];

static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void pack(const char *w, size_t len, uint64_t *lo, uint64_t *hi) {
  uint64_t a = 0, b = 0;
  for (size_t i = 0; i < len && i < 8; i++)
    a |= (uint64_t)(unsigned char)w[i] << (8 * i);
  for (size_t i = 8; i < len; i++)
    b |= (uint64_t)(unsigned char)w[i] << (8 * (i - 8));
  *lo = a, *hi = b;
}

static unsigned slot_of(uint64_t lo, uint64_t hi, size_t len) {
  uint64_t h = (lo * 0x9e3779b97f4a7c15u) ^ (hi * 0xc2b2ae3d27d4eb4fu) ^ len;
  h ^= h >> 29;
  return (unsigned)(h * 0xbf58476d1ce4e5b9u >> 40) & (VSLOTS - 1);
}

/* The entry of word w[0..len), 0 when no table has it. */
static unsigned vocab_find(const char *w, size_t len) {
  if (len > g_vmaxlen ||
      !((g_first[(unsigned char)w[0]] & g_last[(unsigned char)w[len - 1]]) >>
            len &
        1))
    return 0;
  uint64_t lo, hi;
  pack(w, len, &lo, &hi);
  for (unsigned j = slot_of(lo, hi, len);; j = (j + 1) & (VSLOTS - 1)) {
    unsigned v = g_slots[j];
    if (!v) return 0;
    const vword *e = &g_vocab[v];
    if (e->lo == lo && e->hi == hi && e->len == len) return v;
  }
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int lex(scan *sc, dtok *t) {
  const char *s = sc->s;
  size_t i = sc->pos, n = sc->n;
  int gap = i == 0;
  while (i < n && (unsigned char)s[i] <= ' ')
    i++, gap = 1;
  if (i >= n) {
    sc->pos = i;
    return 0;
  }
  t->s = i;
  t->gap = (unsigned char)gap;
  t->nd = 0;
  t->num = 0;
  t->id = 0;
  int c = g_cls[(unsigned char)s[i]];
  if (c == C_DIGIT) {
    t->kind = TK_NUM;
    for (; i < n && is_digit((unsigned char)s[i]); i++)
      if (t->nd < 9) /* longer runs are no date part: nd stops at 10 */
        t->num = t->num * 10 + (s[i] - '0'), t->nd++;
      else
        t->nd = 10;
  } else if (c == C_LETTER) {
    t->kind = TK_WORD;
    while (i < n && g_cls[(unsigned char)s[i]] == C_LETTER)
      i++;
    t->id = (unsigned short)vocab_find(s + t->s, i - t->s);
  } else {
    t->kind = TK_PUNCT;
    i++;
  }
  t->e = i;
  sc->pos = i;
  return 1;
}

static void fill(scan *sc) {
  if (sc->cnt - sc->cur < LOOK && !sc->eof) {
    if (sc->cnt == WIN) { /* cur > WIN - LOOK > KEEP */
      int drop = sc->cur - KEEP;
      memmove(sc->t, sc->t + drop, (size_t)(sc->cnt - drop) * sizeof *sc->t);
      sc->cnt -= drop;
      sc->cur -= drop;
      sc->base += drop;
    }
    while (sc->cnt < WIN) {
      dtok *t = &sc->t[sc->cnt];
      if (!lex(sc, t)) {
        sc->eof = 1;
        break;
      }
      if (t->id && (g_vocab[t->id].fl & V_AGO))
        sc->last_ago = sc->base + sc->cnt;
      sc->cnt++;
    }
  }
  sc->lim = sc->cnt - sc->cur < LOOK ? sc->cnt : sc->cur + LOOK;
}

/* Token k places from the current one, or NULL. */
static inline const dtok *T(const scan *sc, int k) {
  int i = sc->cur + k;
  return i >= 0 && i < sc->lim ? &sc->t[i] : NULL;
}

/* The vocabulary entry of a token (entry 0, all zero, when none). */
static inline const vword *V(const dtok *t) { return &g_vocab[t ? t->id : 0]; }

static inline int w_eq(const scan *sc, int k, const char *w, size_t len) {
  const dtok *t = T(sc, k);
  return t && t->kind == TK_WORD && t->e - t->s == len &&
         !memcmp(sc->s + t->s, w, len);
}
/* Whether the token at k is the word w (a string literal). */
#define W(sc, k, w) w_eq((sc), (k), "" w, sizeof(w) - 1)

static int P(const scan *sc, int k, char c) {
  const dtok *t = T(sc, k);
  return t && t->kind == TK_PUNCT && sc->s[t->s] == c;
}

static int glued(const scan *sc, int k) {
  const dtok *t = T(sc, k);
  return t && !t->gap;
}

/* A phrase of the tables ("a la fin de", "aujourd ' hui": pieces separated
 * by one space), compiled to vocabulary entries and punctuation bytes. */
#define PH_PUNCT 0x8000
#define PH_MAX 6
typedef struct cphrase {
  int n;
  unsigned short p[PH_MAX]; /* entry, or PH_PUNCT | byte */
} cphrase;

/* Tokens of phrase ph matched at k, or 0. */
static int phrase_at(const scan *sc, int k, const cphrase *ph) {
  for (int j = 0; j < ph->n; j++) {
    const dtok *t = T(sc, k + j);
    unsigned p = ph->p[j];
    if (!t) return 0;
    if (p & PH_PUNCT) {
      if (t->kind != TK_PUNCT || (unsigned char)sc->s[t->s] != (p & 0xff))
        return 0;
    } else if (t->id != p) {
      return 0;
    }
  }
  return ph->n;
}

/* Whether "ago" is among the 6 tokens after k ("three weeks ago"). */
static int ago_after(const scan *sc, int k) {
  if (sc->last_ago <= sc->base + sc->cur + k) return 0; /* none lexed */
  for (int j = k + 1; j < k + 7; j++)
    if (V(T(sc, j))->fl & V_AGO) return 1;
  return 0;
}

/* ---- calendar ---------------------------------------------------------- */

/* Days since 1970-01-01 and back (H. Hinnant's civil calendar algorithms). */
static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Monday 0 ... Sunday 6; 1970-01-01 was a Thursday. */
static int weekday_of(long days) { return (int)(((days + 3) % 7 + 7) % 7); }

static int days_in_month(int y, int m) {
  static const int DIM[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m != 2) return DIM[m - 1];
  if (!y) return 29; /* year unknown: allow the 29th */
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
}

typedef struct anchor {
  int y, m, d, prec; /* prec 0: no anchor */
  long days;         /* the day, or the 15th of the month when prec is 2 */
} anchor;

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!is_digit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static anchor parse_anchor(const char *a) {
  anchor r = {0};
  if (!a) return r;
  size_t n = 0;
  while (n < 32 && a[n])
    n++;
  int y = n >= 4 ? digits(a, 4) : -1;
  if (y < 1 || (n > 4 && a[4] != '-')) return r;
  r.y = y;
  r.prec = 1;
  int m = n >= 7 ? digits(a + 5, 2) : -1;
  if (m < 1 || m > 12 || (n > 7 && a[7] != '-')) return r;
  r.m = m;
  r.prec = 2;
  r.days = days_from_civil(y, m, 15);
  int d = n >= 10 ? digits(a + 8, 2) : -1;
  if (d < 1 || d > days_in_month(y, m)) return r;
  r.d = d;
  r.prec = 3;
  r.days = days_from_civil(y, m, d);
  return r;
}

/* ---- hits -------------------------------------------------------------- */

typedef struct dhit {
  size_t s, e;
  int y, m, d, prec;
  int rel, ok;       /* ok: y (and m, d at their precision) are set */
  int explicit_year; /* the year is written in the text */
} dhit;

typedef struct cand {
  dhit h[2];
  int nh;
  int deictic; /* relative to the anchor: "hier", "jeudi", "il y a" */
} cand;

typedef struct dctx {
  scan sc;
  anchor a;
  int ctx_year;     /* last year written in the text so far */
  size_t ctx_end;   /* where that year was written */
  const char *text; /* the folded text, to see sentence ends */
  long last_end;    /* absolute index of the token after the last hit */
} dctx;

static void set_span(const scan *sc, dhit *h, int from, int to_excl) {
  h->s = T(sc, from)->s;
  h->e = T(sc, to_excl - 1)->e;
}

static void set_days(dhit *h, long days) {
  civil_from_days(days, &h->y, &h->m, &h->d);
  h->ok = 1;
}

/* A sentence ends between folded offsets from and to. */
static int sentence_between(const dctx *c, size_t from, size_t to) {
  for (size_t i = from; c->text && i + 1 < to; i++)
    if ((c->text[i] == '.' || c->text[i] == '!' || c->text[i] == '?') &&
        c->text[i + 1] == ' ')
      return 1;
  return 0;
}

/* Year for a day/month (d 0: month alone) written without one: the year
 * written before it in the same sentence, else the anchor's (the year
 * before when that lands more than ~2 months after the anchor), else the
 * last year written anywhere before, else unresolved. A year told in an
 * earlier sentence is often background ("En 2022 déjà ..."), while the
 * publication date dates the news. */
static void infer_year(const dctx *c, int m, int d, dhit *h) {
  int ctx_here = c->ctx_year && !sentence_between(c, c->ctx_end, h->s);
  if (c->ctx_year && (ctx_here || !c->a.prec)) {
    h->y = c->ctx_year;
    h->ok = 1;
  } else if (c->a.prec) {
    h->y = c->a.y;
    if (c->a.prec >= 2 && days_from_civil(h->y, m, d ? d : 1) - c->a.days > 62)
      h->y--;
    h->ok = 1;
  }
  if (h->ok && d && d > days_in_month(h->y, m)) h->ok = 0;
}

/* "septembre dernier" (dir -1) / "le 5 octobre prochain" (dir 1): the
 * occurrence before or after the anchor (d 0: a month alone). */
static void year_from_anchor(const dctx *c, int m, int d, int dir, dhit *h) {
  const anchor *a = &c->a;
  h->rel = 1;
  if (a->prec < 2) {
    if (c->ctx_year) h->y = c->ctx_year, h->ok = 1;
    return;
  }
  int before; /* on or before the anchor, at the precision both have */
  if (d && a->prec == 3)
    before = m < a->m || (m == a->m && d <= a->d);
  else if (d)
    before = m <= a->m;
  else
    before = m < a->m; /* "septembre dernier" written in September: 1 year */
  h->y = a->y;
  if (dir < 0 && !before) h->y--;
  if (dir > 0 && (d ? before : m <= a->m)) h->y++;
  h->ok = !d || d <= days_in_month(h->y, m);
}

/* ---- words ------------------------------------------------------------- */

enum { M_EN = 1, M_ABBR = 2 };
typedef struct mname {
  const char *w;
  int m, fl;
} mname;

static const mname MONTHS[] = {
    {"janvier", 1, 0},
    {"fevrier", 2, 0},
    {"mars", 3, 0},
    {"avril", 4, 0},
    {"mai", 5, 0},
    {"juin", 6, 0},
    {"juillet", 7, 0},
    {"aout", 8, 0},
    {"septembre", 9, 0},
    {"octobre", 10, 0},
    {"novembre", 11, 0},
    {"decembre", 12, 0},
    {"january", 1, M_EN},
    {"february", 2, M_EN},
    {"march", 3, M_EN},
    {"april", 4, M_EN},
    {"may", 5, M_EN},
    {"june", 6, M_EN},
    {"july", 7, M_EN},
    {"august", 8, M_EN},
    {"september", 9, M_EN},
    {"october", 10, M_EN},
    {"november", 11, M_EN},
    {"december", 12, M_EN},
    {"janv", 1, M_ABBR},
    {"jan", 1, M_ABBR | M_EN},
    {"fev", 2, M_ABBR},
    {"fevr", 2, M_ABBR},
    {"feb", 2, M_ABBR | M_EN},
    {"mar", 3, M_ABBR | M_EN},
    {"avr", 4, M_ABBR},
    {"apr", 4, M_ABBR | M_EN},
    {"jun", 6, M_ABBR | M_EN},
    {"juil", 7, M_ABBR},
    {"jul", 7, M_ABBR | M_EN},
    {"aug", 8, M_ABBR | M_EN},
    {"sep", 9, M_ABBR | M_EN},
    {"sept", 9, M_ABBR | M_EN},
    {"oct", 10, M_ABBR | M_EN},
    {"nov", 11, M_ABBR | M_EN},
    {"dec", 12, M_ABBR | M_EN},
};

/* English words that are also month names only count next to a number. */
static int month_needs_number(const scan *sc, int k) {
  return W(sc, k, "may") || W(sc, k, "march");
}

/* A month name at k (an abbreviation takes its dot); *used tokens. */
static int month_at(const scan *sc, int k, int *fl, int *used) {
  const vword *v = V(T(sc, k));
  if (!v->month) return 0;
  *fl = v->mfl;
  *used = 1;
  if ((*fl & M_ABBR) && P(sc, k + 1, '.') && glued(sc, k + 1)) *used = 2;
  return v->month;
}

static const char *const WEEKDAYS[] = {
    "lundi",    "mardi",    "mercredi", "jeudi",   "vendredi",
    "samedi",   "dimanche", "monday",   "tuesday", "wednesday",
    "thursday", "friday",   "saturday", "sunday",  NULL};

static int weekday_at(const scan *sc, int k) { return V(T(sc, k))->wday - 1; }

/* Ordinal endings glued to a day number. */
static const char *const ORD[] = {"er", "st", "nd", "rd", "th", NULL};

/* A day of the month at k: "18", "1er", "30th", "premier". */
static int day_at(const scan *sc, int k, int *used) {
  const dtok *t = T(sc, k);
  if (W(sc, k, "premier")) {
    *used = 1;
    return 1;
  }
  if (!t || t->kind != TK_NUM || t->nd > 2 || t->num < 1 || t->num > 31)
    return 0;
  if (glued(sc, k + 1) && T(sc, k + 1)->kind != TK_PUNCT) {
    if (!(V(T(sc, k + 1))->fl & V_ORD)) return 0; /* "10h", "2e" */
    *used = 2;
  } else {
    *used = 1;
  }
  return (int)t->num;
}

/* Words that end in -s/-x but are not counted nouns, so that "en 2023 dans
 * le cadre" keeps its year while "2000 soldats" does not. */
static const char *const NOT_PLURAL[] = {
    "dans",      "sans",   "sous",    "vers",       "chez",   "apres",
    "depuis",    "puis",   "alors",   "mais",       "plus",   "moins",
    "tres",      "pres",   "lors",    "ainsi",      "jamais", "toujours",
    "desormais", "les",    "des",     "ses",        "mes",    "ces",
    "nos",       "vos",    "leurs",   "aux",        "ceux",   "nous",
    "vous",      "ils",    "elles",   "eux",        "tous",   "toutes",
    "hors",      "envers", "tandis",  "ailleurs",   "pas",    "quelques",
    "plusieurs", "celles", "was",     "has",        "this",   "its",
    "his",       "thus",   "always",  "towards",    "across", "perhaps",
    "whereas",   "unless", "besides", "afterwards", "does",   "as",
    "is",        "us",     "deux",    "trois",      NULL};

/* Units and counted nouns that may follow a number without an -s. */
static const char *const UNITS[] = {
    "km",       "kg",           "mm",    "cm",     "m",
    "t",        "ha",           "mw",    "usd",    "eur",
    "fcfa",     "cfa",          "f",     "francs", "euro",
    "dollar",   "\xe2\x82\xac", "homme", "soldat", "militaire",
    "personne", "people",       "men",   "police", NULL};

/* Whether the token at k makes a preceding number a count ("2000 soldats",
 * "2024 km", "1990 %"). */
static int count_follows(const scan *sc, int k) {
  const dtok *t = T(sc, k);
  if (!t) return 0;
  if (t->kind == TK_PUNCT) return strchr("%$", sc->s[t->s]) != NULL;
  if (t->kind == TK_NUM) return t->gap && t->nd == 3; /* "2000 000" */
  unsigned vf = V(t)->fl;
  if (vf & V_UNIT) return 1;
  size_t len = t->e - t->s;
  char last = sc->s[t->e - 1];
  return len >= 3 && (last == 's' || last == 'x') && !(vf & V_NOTPL);
}

/* A four-digit year 1900..2100 at k, not glued to letters or digits. */
static int year_at(const scan *sc, int k) {
  const dtok *t = T(sc, k);
  if (!t || t->kind != TK_NUM || t->nd != 4 || t->num < 1900 || t->num > 2100)
    return 0;
  const dtok *nx = T(sc, k + 1);
  if (nx && !nx->gap && nx->kind == TK_WORD) return 0; /* "2024e" */
  return (int)t->num;
}

/* Digits glued to k through ".,/-:" on its left ("1.2024") or right. */
static int group_left(const scan *sc, int k) {
  const dtok *p = T(sc, k - 1), *pp = T(sc, k - 2), *t = T(sc, k);
  return p && !t->gap && p->kind == TK_PUNCT && strchr(".,/-:", sc->s[p->s]) &&
         pp && !p->gap && pp->kind == TK_NUM;
}
static int group_right(const scan *sc, int k) {
  const dtok *nx = T(sc, k + 1), *nn = T(sc, k + 2);
  return nx && !nx->gap && nx->kind == TK_PUNCT &&
         strchr(".,/-:", sc->s[nx->s]) && nn && !nn->gap && nn->kind == TK_NUM;
}
static int in_digit_group(const scan *sc, int k) {
  return group_left(sc, k) || group_right(sc, k);
}

/* ---- context chains ---------------------------------------------------- */

enum {
  F_YEAR = 1,  /* a bare year counts: "en 2022" */
  F_MONTH = 2, /* a bare month counts: "en juin" */
  F_START = 4, /* at a sentence start: "2025 marque" */
  F_CONT = 8,  /* right after a date and "et", ",", "a": "en 2022 et 2023" */
  F_FROM = 16  /* "de 2020 a 2023": a year then "a" and a year */
};
#define F_YM (F_YEAR | F_MONTH)

typedef struct trig {
  const char *ph;
  int fl;
} trig;

static const trig TRIGGERS[] = {
    {"en", F_YM},
    {"in", F_YM},
    {"depuis", F_YM},
    {"since", F_YM},
    {"courant", F_YM},
    {"debut", F_YM},
    {"fin", F_YM},
    {"mi", F_YM},
    {"mi -", F_YM},
    {"mid", F_YM},
    {"mid -", F_YM},
    {"early", F_YM},
    {"late", F_YM},
    {"end", F_YM},
    {"beginning", F_YM},
    {"middle", F_YM},
    {"d ' ici", F_YM},
    {"jusqu ' en", F_YM},
    {"jusqu ' a", F_YM},
    {"jusqu ' au", F_YM},
    {"avant", F_YM},
    {"apres", F_YM},
    {"before", F_YM},
    {"after", F_YM},
    {"by", F_YM},
    {"until", F_YM},
    {"entre", F_YM},
    {"between", F_YM},
    {"des", F_YM},
    {"during", F_YM},
    {"durant", F_YM},
    {"pendant", F_YM},
    {"en l ' an", F_YEAR},
    {"l ' an", F_YEAR},
    {"l ' annee", F_YEAR},
    {"annee", F_YEAR},
    {"year", F_YEAR},
    {"printemps", F_YEAR},
    {"ete", F_YEAR},
    {"automne", F_YEAR},
    {"hiver", F_YEAR},
    {"spring", F_YEAR},
    {"summer", F_YEAR},
    {"autumn", F_YEAR},
    {"fall", F_YEAR},
    {"winter", F_YEAR},
    {"semestre", F_YEAR},
    {"trimestre", F_YEAR},
    {"quarter", F_YEAR},
    {"mois de", F_MONTH},
    {"ce mois de", F_MONTH},
    {"month of", F_MONTH},
    {"de", F_FROM},
    {"du", F_FROM},
    {"from", F_FROM},
    {"le", 0},
    {"la", 0},
    {"on", 0},
    {"l '", 0},
};

/* Words that may sit inside a chain without making a context themselves. */
static const char *const GLUE[] = {"a la", "au", "a", "the", "of", "at", NULL};

#define NTRIG (sizeof TRIGGERS / sizeof *TRIGGERS)
#define NGLUE (sizeof GLUE / sizeof *GLUE - 1)
static cphrase g_trig[NTRIG], g_glue[NGLUE];
static unsigned char g_trig_ix[NTRIG], g_glue_ix[NGLUE];

/* Only the phrases that start with the word at k are tried, in table
 * order. */
static int longest_trigger(const scan *sc, int k, int *fl) {
  int best = 0;
  const vword *v = V(T(sc, k));
  for (int j = 0; j < v->trig.n; j++) {
    int i = g_trig_ix[v->trig.at + j], u = phrase_at(sc, k, &g_trig[i]);
    if (u > best) best = u, *fl = TRIGGERS[i].fl;
  }
  return best;
}

static int longest_glue(const scan *sc, int k) {
  int best = 0;
  const vword *v = V(T(sc, k));
  for (int j = 0; j < v->glue.n; j++) {
    int u = phrase_at(sc, k, &g_glue[g_glue_ix[v->glue.at + j]]);
    if (u > best) best = u;
  }
  return best;
}

/* Links between two dates of a list or range. */
static const char *const CONJ[] = {"et",  "ou", "a",  "au",
                                   "and", "or", "to", NULL};
static int conj_at(const scan *sc, int k) {
  if (V(T(sc, k))->fl & V_CONJ) return 1;
  return P(sc, k, ',') || P(sc, k, '-') || P(sc, k, '/') || P(sc, k, '&');
}

/* A year written just after a list of days/months: "le 30 septembre et le
 * 1er octobre 2024", "en juin et juillet 2024". Looks after token k. */
static const char *const FILLER[] = {"le", "du", "the", "of", "er",
                                     "st", "nd", "rd",  "th", NULL};
static int year_after_list(const scan *sc, int k) {
  if (!conj_at(sc, k)) return 0;
  int saw_month = 0;
  for (int i = k + 1; i < k + 12; i++) {
    int fl, used;
    if (year_at(sc, i))
      return saw_month && !count_follows(sc, i + 1) ? year_at(sc, i) : 0;
    if (month_at(sc, i, &fl, &used)) {
      saw_month = 1;
      i += used - 1;
      continue;
    }
    const dtok *t = T(sc, i);
    if (!t) return 0;
    if (t->kind == TK_NUM && t->nd <= 2) continue;
    if (conj_at(sc, i) || (V(t)->fl & V_FILLER) || weekday_at(sc, i) >= 0 ||
        P(sc, i, '.'))
      continue;
    return 0;
  }
  return 0;
}

/* ---- patterns ---------------------------------------------------------- */

/* 30/09/2021, 30.09.2021, 30-09-2021, 2021-09-30, 2021/09/30. */
static int m_numeric(const dctx *c, int k, cand *o) {
  const scan *sc = &c->sc;
  const dtok *t[5];
  for (int i = 0; i < 5; i++) {
    t[i] = T(sc, k + i);
    if (!t[i] || (i && t[i]->gap)) return 0;
    if (t[i]->kind != (i % 2 ? TK_PUNCT : TK_NUM)) return 0;
  }
  char sep = sc->s[t[1]->s];
  if (!strchr("/.-", sep) || sc->s[t[3]->s] != sep) return 0;
  int y, m, d;
  if (t[0]->nd == 4 && t[2]->nd <= 2 && t[4]->nd <= 2) {
    y = (int)t[0]->num, m = (int)t[2]->num, d = (int)t[4]->num;
  } else if (t[0]->nd <= 2 && t[2]->nd <= 2 && t[4]->nd == 4) {
    d = (int)t[0]->num, m = (int)t[2]->num, y = (int)t[4]->num;
    if (m > 12 && d <= 12) { /* 09/30/2021: month first */
      int x = m;
      m = d, d = x;
    }
  } else {
    return 0;
  }
  if (group_left(sc, k) || group_right(sc, k + 4)) return 0;
  if (glued(sc, k + 5) && T(sc, k + 5)->kind == TK_WORD) return 0;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
      d > days_in_month(y, m))
    return 0;
  dhit *h = &o->h[0];
  set_span(sc, h, k, k + 5);
  h->y = y, h->m = m, h->d = d, h->prec = 3, h->ok = 1, h->explicit_year = 1;
  o->nh = 1;
  return 5;
}

/* A second day after a link: "18 et 19", "du 18 au 20", "18-20". */
static int day_range(const scan *sc, int k, int *d2, int *at, int *used) {
  int r = W(sc, k, "et") && W(sc, k + 1, "le") ? 2 : 0;
  if (!r && (V(T(sc, k))->fl & V_CONJ) && !W(sc, k, "ou") && !W(sc, k, "or"))
    r = 1;
  if (!r && P(sc, k, '-')) r = 1;
  if (!r) return 0;
  int j = k + r;
  if (weekday_at(sc, j) >= 0) j++;
  if (!(*d2 = day_at(sc, j, used))) return 0;
  *at = j;
  return 1;
}

/* Fills the hits of a day date (one, or two for a range). */
static void day_hits(const dctx *c, int k, int d1end, int d2at, int end, int m,
                     int d1, int d2, int y, int dir, cand *o) {
  const scan *sc = &c->sc;
  int days[2] = {d1, d2};
  o->nh = d2 ? 2 : 1;
  for (int i = 0; i < o->nh; i++) {
    dhit *h = &o->h[i];
    memset(h, 0, sizeof *h);
    if (o->nh == 1)
      set_span(sc, h, k, end);
    else if (i == 0)
      set_span(sc, h, k, d1end);
    else
      set_span(sc, h, d2at, end);
    h->m = m, h->d = days[i], h->prec = 3;
    if (y) {
      h->y = y, h->ok = 1, h->explicit_year = 1;
    } else if (dir) {
      year_from_anchor(c, m, days[i], dir, h);
    } else {
      int later = year_after_list(sc, end);
      if (later)
        h->y = later, h->ok = 1;
      else
        infer_year(c, m, days[i], h);
    }
  }
}

static int follow_dir(const scan *sc, int k) {
  if (W(sc, k, "dernier") || W(sc, k, "derniere") || W(sc, k, "passe"))
    return -1;
  if (W(sc, k, "prochain") || W(sc, k, "prochaine")) return 1;
  return 0;
}

/* "le lundi 23 juin 2025", "1er octobre", "30th of September 2021",
 * "Monday, June 23, 2025", "Sept. 30, 2021", "18 et 19 septembre". */
static int m_daydate(const dctx *c, int k, cand *o) {
  const scan *sc = &c->sc;
  int i = k, d1, d2 = 0, d2at = 0, used, m, fl, d1end, month_first = 0;
  if ((W(sc, i, "ce") || W(sc, i, "this")) && weekday_at(sc, i + 1) >= 0) i++;
  if (weekday_at(sc, i) >= 0) {
    i++;
    if (P(sc, i, ',')) i++;
  }
  if ((d1 = day_at(sc, i, &used))) {
    i += used;
    d1end = i;
    int at, u2;
    if (day_range(sc, i, &d2, &at, &u2)) d2at = at, i = at + u2;
    if (W(sc, i, "of")) i++;
    if (!(m = month_at(sc, i, &fl, &used))) return 0;
    i += used;
  } else if ((m = month_at(sc, i, &fl, &used)) && (fl & M_EN)) {
    month_first = 1;
    i += used;
    if (!(d1 = day_at(sc, i, &used))) return 0;
    i += used;
    d1end = i;
    int at, u2;
    if (day_range(sc, i, &d2, &at, &u2)) d2at = at, i = at + u2;
  } else {
    return 0;
  }
  int comma = P(sc, i, ','), yi = comma ? i + 1 : i, y = year_at(sc, yi);
  int dir = 0;
  /* "September 11, 2001 attacks": after an English "Month Day," the number
   * is the year even before a plural noun; only a unit makes it a count. */
  int counted = month_first && comma
                    ? T(sc, yi + 1) && (V(T(sc, yi + 1))->fl & V_UNIT)
                    : count_follows(sc, yi + 1);
  if (y && !counted && !in_digit_group(sc, yi))
    i = yi + 1;
  else
    y = 0;
  if (!y && (dir = follow_dir(sc, i))) i++;
  if (d1 > days_in_month(y, m) || d2 > days_in_month(y, m)) {
    o->nh = 0; /* "31 fevrier": no date, and not "fevrier" either */
    return i - k;
  }
  day_hits(c, k, d1end, d2at, i, m, d1, d2, y, dir, o);
  return i - k;
}

/* "aout 2022", "June 2024", "septembre dernier", "en juin" (with context). */
static int m_month(const dctx *c, int k, int fl_ctx, cand *o) {
  const scan *sc = &c->sc;
  int pre = W(sc, k, "last") ? -1 : W(sc, k, "next") ? 1 : 0;
  int fl, used, m = month_at(sc, k + (pre != 0), &fl, &used);
  if (!m) return 0;
  int i = k + (pre != 0) + used, y = pre ? 0 : year_at(sc, i), dir = pre;
  if (y && !count_follows(sc, i + 1) && !in_digit_group(sc, i))
    i++;
  else
    y = 0;
  if (!y && (fl & M_ABBR) && used == 1) return 0;
  if (!y && (dir = follow_dir(sc, i))) i++;
  if (!y && !dir && !(fl_ctx & F_MONTH) &&
      (!(fl_ctx & F_CONT) || month_needs_number(sc, k)))
    return 0;
  dhit *h = &o->h[0];
  memset(h, 0, sizeof *h);
  set_span(sc, h, k, i);
  h->m = m, h->prec = 2, o->nh = 1;
  if (y) {
    h->y = y, h->ok = 1, h->explicit_year = 1;
  } else if (dir) {
    year_from_anchor(c, m, 0, dir, h);
  } else {
    int later = year_after_list(sc, i);
    if (later)
      h->y = later, h->ok = 1;
    else
      infer_year(c, m, 0, h);
  }
  return i - k;
}

static void year_hit(const scan *sc, dhit *h, int k, int y) {
  memset(h, 0, sizeof *h);
  set_span(sc, h, k, k + 1);
  h->y = y, h->prec = 1, h->ok = 1, h->explicit_year = 1;
}

/* "en 2022", "2024-2025", "2025 marque", "de 2020 a 2023". */
static int m_year(const dctx *c, int k, int fl, cand *o) {
  const scan *sc = &c->sc;
  int y = year_at(sc, k), y2;
  if (!y) return 0;
  /* A range: "2024-2025", "2019/2020", and with spaces after a context. */
  int tight = glued(sc, k + 1) && glued(sc, k + 2);
  if ((P(sc, k + 1, '-') || P(sc, k + 1, '/')) && (tight || (fl & F_YM)) &&
      (y2 = year_at(sc, k + 2)) && y2 > y && y2 - y <= 30 &&
      !count_follows(sc, k + 3) && !group_right(sc, k + 2) &&
      !group_left(sc, k)) {
    year_hit(sc, &o->h[0], k, y);
    year_hit(sc, &o->h[1], k + 2, y2);
    o->nh = 2;
    return 3;
  }
  if (in_digit_group(sc, k) || count_follows(sc, k + 1)) return 0;
  int ok = fl & (F_YEAR | F_CONT);
  if (!ok && (fl & F_FROM))
    ok = (W(sc, k + 1, "a") || W(sc, k + 1, "au") || W(sc, k + 1, "to")) &&
         year_at(sc, k + 2);
  if (!ok && (fl & F_START)) {
    const dtok *nx = T(sc, k + 1);
    ok = nx && (nx->kind == TK_WORD || P(sc, k + 1, ','));
  }
  if (!ok) return 0;
  year_hit(sc, &o->h[0], k, y);
  o->nh = 1;
  return 1;
}

enum { RU_DAY, RU_WEEK, RU_MONTH, RU_YEAR };
typedef struct relw {
  const char *ph;
  int unit, off;
} relw;

static const relw RELATIVE[] = {
    {"hier", RU_DAY, -1},
    {"avant - hier", RU_DAY, -2},
    {"aujourd ' hui", RU_DAY, 0},
    {"demain", RU_DAY, 1},
    {"apres - demain", RU_DAY, 2},
    {"ce matin", RU_DAY, 0},
    {"ce soir", RU_DAY, 0},
    {"cette nuit", RU_DAY, 0},
    {"cet apres - midi", RU_DAY, 0},
    {"yesterday", RU_DAY, -1},
    {"the day before yesterday", RU_DAY, -2},
    {"today", RU_DAY, 0},
    {"tomorrow", RU_DAY, 1},
    {"this morning", RU_DAY, 0},
    {"this afternoon", RU_DAY, 0},
    {"this evening", RU_DAY, 0},
    {"tonight", RU_DAY, 0},
    {"semaine derniere", RU_WEEK, -7},
    {"semaine passee", RU_WEEK, -7},
    {"cette semaine", RU_WEEK, 0},
    {"semaine prochaine", RU_WEEK, 7},
    {"last week", RU_WEEK, -7},
    {"this week", RU_WEEK, 0},
    {"next week", RU_WEEK, 7},
    {"mois dernier", RU_MONTH, -1},
    {"mois passe", RU_MONTH, -1},
    {"ce mois - ci", RU_MONTH, 0},
    {"ce mois", RU_MONTH, 0},
    {"mois prochain", RU_MONTH, 1},
    {"last month", RU_MONTH, -1},
    {"this month", RU_MONTH, 0},
    {"next month", RU_MONTH, 1},
    {"annee derniere", RU_YEAR, -1},
    {"l ' annee derniere", RU_YEAR, -1},
    {"annee passee", RU_YEAR, -1},
    {"l ' annee passee", RU_YEAR, -1},
    {"an dernier", RU_YEAR, -1},
    {"l ' an dernier", RU_YEAR, -1},
    {"an passe", RU_YEAR, -1},
    {"l ' an passe", RU_YEAR, -1},
    {"cette annee", RU_YEAR, 0},
    {"annee prochaine", RU_YEAR, 1},
    {"l ' annee prochaine", RU_YEAR, 1},
    {"an prochain", RU_YEAR, 1},
    {"l ' an prochain", RU_YEAR, 1},
    {"last year", RU_YEAR, -1},
    {"this year", RU_YEAR, 0},
    {"next year", RU_YEAR, 1},
    /* "d'ici la fin de l'année": the year that ends, for a plan */
    {"fin de l ' annee", RU_YEAR, 0},
    {"fin d ' annee", RU_YEAR, 0},
    {"fin de cette annee", RU_YEAR, 0},
    {"fin de l ' annee prochaine", RU_YEAR, 1},
    {"fin de l ' annee derniere", RU_YEAR, -1},
    {"fin de l ' annee passee", RU_YEAR, -1},
    {"end of the year", RU_YEAR, 0},
    {"end of this year", RU_YEAR, 0},
    {"end of next year", RU_YEAR, 1},
    {"end of last year", RU_YEAR, -1},
    {"year - end", RU_YEAR, 0},
    {"fin du mois", RU_MONTH, 0},
    {"end of the month", RU_MONTH, 0},
};

#define NREL (sizeof RELATIVE / sizeof *RELATIVE)
static cphrase g_rel[NREL];
static unsigned char g_rel_ix[NREL];

/* Resolves `off` units of `unit` from the anchor into h. */
static void resolve_rel(const anchor *a, int unit, int off, dhit *h) {
  h->rel = 1;
  switch (unit) {
  case RU_DAY:
    h->prec = 3;
    if (a->prec == 3) set_days(h, a->days + off);
    break;
  case RU_WEEK:
    h->prec = 2;
    if (a->prec == 3)
      set_days(h, a->days + off);
    else if (a->prec == 2 && !off)
      h->y = a->y, h->m = a->m, h->ok = 1;
    break;
  case RU_MONTH:
    h->prec = 2;
    if (a->prec >= 2) {
      int mm = a->y * 12 + (a->m - 1) + off;
      h->y = mm / 12, h->m = mm % 12 + 1, h->ok = 1;
    }
    break;
  default:
    h->prec = 1;
    if (a->prec >= 1) h->y = a->y + off, h->ok = 1;
  }
}

/* "hier", "hier, jeudi", "la semaine derniere", "last month". */
static int m_relative(const dctx *c, int k, cand *o) {
  const scan *sc = &c->sc;
  int best = 0;
  const relw *r = NULL;
  const vword *v = V(T(sc, k));
  for (int j = 0; j < v->rel.n; j++) {
    int i = g_rel_ix[v->rel.at + j], u = phrase_at(sc, k, &g_rel[i]);
    if (u > best) best = u, r = &RELATIVE[i];
  }
  if (!r) return 0;
  int i = k + best;
  if (r->unit == RU_DAY) { /* "hier jeudi", "aujourd'hui, lundi" */
    int j = P(sc, i, ',') ? i + 1 : i;
    if (weekday_at(sc, j) >= 0) i = j + 1;
  }
  dhit *h = &o->h[0];
  memset(h, 0, sizeof *h);
  set_span(sc, h, k, i);
  resolve_rel(&c->a, r->unit, r->off, h);
  o->nh = 1;
  return i - k;
}

/* "jeudi", "ce jeudi", "jeudi dernier", "last Thursday", "next Friday". */
static int m_weekday(const dctx *c, int k, cand *o) {
  const scan *sc = &c->sc;
  int i = k, mode = 0; /* 0: on or before the anchor; -1 before; 1 after */
  if (W(sc, k, "ce") || W(sc, k, "this"))
    i++;
  else if (W(sc, k, "last"))
    mode = -1, i++;
  else if (W(sc, k, "next"))
    mode = 1, i++;
  int wd = weekday_at(sc, i);
  if (wd < 0) return 0;
  i++;
  if (i - k == 1 && (mode = follow_dir(sc, i))) i++;
  dhit *h = &o->h[0];
  memset(h, 0, sizeof *h);
  set_span(sc, h, k, i);
  h->prec = 3, h->rel = 1, o->nh = 1;
  if (c->a.prec == 3) {
    int aw = weekday_of(c->a.days);
    int back = (aw - wd + 7) % 7, fwd = (wd - aw + 7) % 7;
    if (mode < 0 && !back) back = 7;
    if (mode > 0 && !fwd) fwd = 7;
    set_days(h, mode > 0 ? c->a.days + fwd : c->a.days - back);
  }
  return i - k;
}

/* Unit words of an "il y a N ..." / "N ... ago" expression. */
static const char *const SPAN_UNITS[] = {
    "jour", "jours", "semaine", "semaines", "mois",  "mois",  "an",
    "ans",  "day",   "days",    "week",     "weeks", "month", "months",
    "year", "years", "annee",   "annees",   NULL};
static const int SPAN_UNIT[] = {RU_DAY,   RU_DAY,  RU_WEEK,  RU_WEEK,  RU_MONTH,
                                RU_MONTH, RU_YEAR, RU_YEAR,  RU_DAY,   RU_DAY,
                                RU_WEEK,  RU_WEEK, RU_MONTH, RU_MONTH, RU_YEAR,
                                RU_YEAR,  RU_YEAR, RU_YEAR};

/* Unit of the word at k in such an expression, or -1. */
static int span_unit(const scan *sc, int k) { return V(T(sc, k))->unit - 1; }

/* An exact small count at k ("deux", "3", "un", "a"); tokens used or 0. */
static int count_at(const scan *sc, int k, long *v) {
  const dtok *t = T(sc, k);
  if (!t) return 0;
  if (W(sc, k, "a") || W(sc, k, "an")) {
    *v = 1;
    return 1;
  }
  double d;
  int approx;
  size_t used = kb_number_parse(sc->s + t->s, sc->n - t->s, 1, &d, &approx);
  if (!used || approx || d < 1 || d > 400 || d != (long)d) return 0;
  *v = (long)d;
  int j = k;
  while (T(sc, j) && T(sc, j)->s < t->s + used)
    j++;
  return T(sc, j) ? j - k : 0;
}

/* "il y a deux jours", "il y a un an", "three weeks ago". */
static int m_ago(const dctx *c, int k, cand *o) {
  const scan *sc = &c->sc;
  int pre = W(sc, k, "il") && W(sc, k + 1, "y") && W(sc, k + 2, "a") ? 3 : 0;
  int used, unit, end;
  long v;
  if (pre) {
    if (!(used = count_at(sc, k + pre, &v))) return 0;
    if (!T(sc, k + pre) || (unit = span_unit(sc, k + pre + used)) < 0) return 0;
    end = k + pre + used + 1;
  } else {
    int ago = 0;
    for (int j = k + 1; j < k + 7 && !ago; j++)
      ago = W(sc, j, "ago");
    if (!ago || !(used = count_at(sc, k, &v))) return 0;
    if ((unit = span_unit(sc, k + used)) < 0 || !W(sc, k + used + 1, "ago"))
      return 0;
    end = k + used + 2;
  }
  int off = unit == RU_WEEK ? -7 * (int)v : -(int)v;
  dhit *h = &o->h[0];
  memset(h, 0, sizeof *h);
  set_span(sc, h, k, end);
  resolve_rel(&c->a, unit, off, h);
  o->nh = 1;
  return end - k;
}

/* Every pattern at k; the longest wins. Returns tokens used (0: none).
 * A pattern is tried only when the token at k may start it (the others
 * would return 0). */
static int core(const dctx *c, int k, int fl, cand *best) {
  const scan *sc = &c->sc;
  const dtok *tk = T(sc, k);
  if (!tk) return 0;
  unsigned g = tk->kind == TK_NUM ? G_DAYDATE : V(tk)->fl;
  int num = tk->kind == TK_NUM;
  int ago = (g & G_IL) || ago_after(sc, k);
  if (!num && !ago && !(g & (G_DAYDATE | G_MONTH | G_RELATIVE | G_WEEKDAY)))
    return 0;
  cand t;
  int n, top = 0;
#define TRY(cond, call, is_deictic)                                            \
  do {                                                                         \
    if (!(cond)) break;                                                        \
    memset(&t, 0, sizeof t);                                                   \
    if ((n = (call)) > top) top = n, *best = t, best->deictic = is_deictic;    \
  } while (0)
  TRY(num, m_numeric(c, k, &t), 0);
  TRY(g & G_DAYDATE, m_daydate(c, k, &t), 0);
  TRY(g & G_MONTH, m_month(c, k, fl, &t), 0);
  TRY(num, m_year(c, k, fl, &t), 0);
  TRY(g & G_RELATIVE, m_relative(c, k, &t), 1);
  TRY(g & G_WEEKDAY, m_weekday(c, k, &t), 1);
  TRY(ago, m_ago(c, k, &t), 1);
#undef TRY
  return top;
}

/* ---- building the vocabulary ------------------------------------------- */

/* The entry of word w[0..len), added if new. The tables are fixed, so the
 * limits below (checked in a debug build) hold for all of them. */
static vword *vocab_add(const char *w, size_t len) {
  unsigned v = vocab_find(w, len);
  if (v) return &g_vocab[v];
  assert(len >= 1 && len <= VLEN && g_nvocab < VMAX);
  if (!len || len > VLEN || g_nvocab >= VMAX) return &g_vocab[0];
  uint64_t lo, hi;
  pack(w, len, &lo, &hi);
  unsigned j = slot_of(lo, hi, len);
  while (g_slots[j])
    j = (j + 1) & (VSLOTS - 1);
  vword *e = &g_vocab[g_nvocab];
  g_slots[j] = (unsigned short)g_nvocab++;
  e->lo = lo, e->hi = hi, e->len = (unsigned char)len;
  g_first[(unsigned char)w[0]] |= (uint32_t)1 << len;
  g_last[(unsigned char)w[len - 1]] |= (uint32_t)1 << len;
  if (len > g_vmaxlen) g_vmaxlen = len;
  return e;
}

static vword *word_add(const char *w, unsigned fl) {
  vword *e = vocab_add(w, strlen(w));
  e->fl |= fl;
  return e;
}

static void list_add(const char *const *list, unsigned fl) {
  for (int i = 0; list[i]; i++)
    word_add(list[i], fl);
}

/* Compiles phrase ph (every phrase of the tables starts with a word);
 * returns the entry of its first word. */
static vword *phrase_add(const char *ph, cphrase *out, unsigned fl) {
  out->n = 0;
  while (*ph) {
    size_t len = strcspn(ph, " ");
    unsigned char c = (unsigned char)ph[0];
    assert(out->n < PH_MAX);
    if (out->n == PH_MAX) break;
    if (len == 1 && g_cls[c] == C_PUNCT)
      out->p[out->n++] = (unsigned short)(PH_PUNCT | c);
    else
      out->p[out->n++] = (unsigned short)(vocab_add(ph, len) - g_vocab);
    ph += len;
    while (*ph == ' ')
      ph++;
  }
  assert(out->n && !(out->p[0] & PH_PUNCT));
  vword *first = &g_vocab[out->p[0] & (PH_PUNCT - 1)];
  first->fl |= fl;
  return first;
}

#define SPAN_OF(e, which)                                                      \
  ((which) == 0 ? &(e)->trig : (which) == 1 ? &(e)->rel : &(e)->glue)

/* Lists the phrases cp[0..n) by first word into ix; which: 0 trig, 1 rel,
 * 2 glue. */
static void index_phrases(const cphrase *cp, size_t n, unsigned char *ix,
                          int which) {
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned first = cp[i].p[0];
    if (SPAN_OF(&g_vocab[first], which)->n) continue; /* listed already */
    SPAN_OF(&g_vocab[first], which)->at = (unsigned char)at;
    for (size_t j = i; j < n; j++)
      if (cp[j].p[0] == first) {
        ix[at++] = (unsigned char)j;
        SPAN_OF(&g_vocab[first], which)->n++;
      }
  }
}

/* The tables hold at most this many words (an upper bound on the entries). */
#define LIST_LEN(l) (sizeof l / sizeof *l)
_Static_assert(LIST_LEN(MONTHS) + LIST_LEN(WEEKDAYS) + LIST_LEN(ORD) +
                       LIST_LEN(NOT_PLURAL) + LIST_LEN(UNITS) + LIST_LEN(CONJ) +
                       LIST_LEN(FILLER) + LIST_LEN(SPAN_UNITS) + 16 +
                       PH_MAX * (NTRIG + NREL + NGLUE) <
                   VMAX,
               "vocabulary too small");
_Static_assert(NTRIG < 256 && NREL < 256 && NGLUE < 256, "phrase indexes");
_Static_assert(LIST_LEN(SPAN_UNITS) == LIST_LEN(SPAN_UNIT) + 1, "span units");

static void vocab_build(void) {
  for (int c = 0; c < 256; c++)
    g_cls[c] = c <= ' '                     ? C_SPACE
               : is_digit((unsigned char)c) ? C_DIGIT
               : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
                   ? C_LETTER
                   : C_PUNCT;
  for (size_t i = 0; i < LIST_LEN(MONTHS); i++) {
    vword *e = word_add(MONTHS[i].w, G_DAYDATE | G_MONTH);
    if (!e->month) /* the first entry of a word counts */
      e->month = (signed char)MONTHS[i].m, e->mfl = (signed char)MONTHS[i].fl;
  }
  for (int i = 0; WEEKDAYS[i]; i++) {
    vword *e = word_add(WEEKDAYS[i], G_DAYDATE | G_WEEKDAY);
    if (!e->wday) e->wday = (signed char)(1 + i % 7);
  }
  for (int i = 0; SPAN_UNITS[i]; i++) {
    vword *e = word_add(SPAN_UNITS[i], 0);
    if (!e->unit) e->unit = (signed char)(1 + SPAN_UNIT[i]);
  }
  list_add(ORD, V_ORD);
  list_add(UNITS, V_UNIT);
  list_add(NOT_PLURAL, V_NOTPL);
  list_add(CONJ, V_CONJ);
  list_add(FILLER, V_FILLER);
  word_add("ago", V_AGO);
  word_add("il", G_IL);
  word_add("premier", G_DAYDATE);
  word_add("ce", G_DAYDATE | G_WEEKDAY);
  word_add("this", G_DAYDATE | G_WEEKDAY);
  word_add("last", G_MONTH | G_WEEKDAY);
  word_add("next", G_MONTH | G_WEEKDAY);
  for (size_t i = 0; i < NTRIG; i++)
    phrase_add(TRIGGERS[i].ph, &g_trig[i], V_CHAIN);
  for (size_t i = 0; i < NGLUE; i++)
    phrase_add(GLUE[i], &g_glue[i], V_CHAIN);
  for (size_t i = 0; i < NREL; i++)
    phrase_add(RELATIVE[i].ph, &g_rel[i], G_RELATIVE);
  index_phrases(g_trig, NTRIG, g_trig_ix, 0);
  index_phrases(g_rel, NREL, g_rel_ix, 1);
  index_phrases(g_glue, NGLUE, g_glue_ix, 2);
  g_vocab[0] = (vword){0}; /* no word: no flag, no phrase */
}

/* Whether a date may start at the current token: a number, a word that
 * starts a pattern or a context chain, or any word a few tokens before
 * "ago" ("three weeks ago"). */
static int may_start(const scan *sc) {
  const dtok *t = T(sc, 0);
  if (t->kind == TK_NUM) return 1;
  if (t->kind != TK_WORD) return 0;
  if (V(t)->fl &
      (G_DAYDATE | G_MONTH | G_RELATIVE | G_WEEKDAY | G_IL | V_CHAIN))
    return 1;
  return ago_after(sc, 0);
}

/* ---- driver ------------------------------------------------------------ */

static int sentence_start(const scan *sc) {
  const dtok *p = T(sc, -1);
  if (!p) return sc->base + sc->cur == 0;
  return p->kind == TK_PUNCT && strchr(".!?;:\"", sc->s[p->s]);
}

static void put_digits(char *out, int v, int n) {
  for (int i = n - 1; i >= 0; i--, v /= 10)
    out[i] = (char)('0' + v % 10);
}

static void format_value(const dhit *h, char out[11]) {
  out[0] = 0;
  if (!h->ok || h->y < 1 || h->y > 9999) return;
  put_digits(out, h->y, 4);
  out[4] = 0;
  if (h->prec < 2) return;
  out[4] = '-';
  put_digits(out + 5, h->m, 2);
  out[7] = 0;
  if (h->prec < 3) return;
  out[7] = '-';
  put_digits(out + 8, h->d, 2);
  out[10] = 0;
}

/* Best match starting at the current token, after any chain of context
 * words. Returns tokens used. */
static int match_here(dctx *c, cand *best) {
  scan *sc = &c->sc;
  int fl = 0, k = 0, seen = 0, top = 0;
  int art = -1; /* start of the trailing run of articles ("le", "la") */
  if (sentence_start(sc)) fl |= F_START;
  const dtok *p = T(sc, -1);
  if (p && sc->base + sc->cur - 1 == c->last_end && conj_at(sc, -1))
    fl |= F_CONT;
  for (int step = 0; step < 8; step++) {
    cand t;
    int n = core(c, k, fl, &t);
    if (n && k + n > top) {
      top = k + n;
      *best = t;
      /* The span takes the context words ("en aout 2022", "le 18 ..."),
       * but a deictic word only its article: "a pris fin hier" is "hier". */
      int from = t.deictic ? art : seen ? 0 : -1;
      if (from >= 0 && t.nh) best->h[0].s = T(sc, from)->s;
    }
    int tf = 0, u = longest_trigger(sc, k, &tf), g = longest_glue(sc, k);
    if (!u && !g) break;
    fl &= ~(F_START | F_CONT);
    if (u >= g) {
      fl |= tf;
      seen = 1;
      if (tf || art < 0) art = tf ? -1 : k;
    } else {
      art = -1;
    }
    k += u >= g ? u : g;
  }
  return top;
}

size_t kb_dates_find(const char *folded, size_t n, const char *anchor,
                     kb_date_hit *out, size_t max) {
  if (!folded || !out || !max) return 0;
  pthread_once(&g_once, vocab_build);
  dctx c;
  /* Field by field: the token window needs no clearing. */
  c.sc.s = folded;
  c.sc.n = n;
  c.sc.pos = 0;
  c.sc.cnt = c.sc.cur = c.sc.lim = c.sc.eof = 0;
  c.sc.base = 0;
  c.sc.last_ago = -1;
  c.a = parse_anchor(anchor);
  c.ctx_year = 0;
  c.ctx_end = 0;
  c.text = folded;
  c.last_end = -10;
  size_t count = 0;
  for (;;) {
    fill(&c.sc);
    if (!T(&c.sc, 0)) break;
    cand best;
    int used = may_start(&c.sc) ? match_here(&c, &best) : 0;
    if (!used) {
      c.sc.cur++;
      continue;
    }
    for (int i = 0; i < best.nh && count < max; i++) {
      const dhit *h = &best.h[i];
      kb_date_hit *o = &out[count++];
      o->start = h->s;
      o->end = h->e;
      o->precision = h->prec;
      o->relative = h->rel;
      format_value(h, o->value);
      if (h->explicit_year && h->ok) {
        c.ctx_year = h->y;
        c.ctx_end = h->e;
      }
    }
    if (count == max) break;
    c.sc.cur += used;
    if (best.nh) c.last_end = c.sc.base + c.sc.cur;
  }
  return count;
}
