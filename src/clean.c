/* Cleaning dispatcher: sanitises UTF-8, calls the HTML or plain-text
 * cleaner, settles the metadata, and lays the text out as
 * title "\n\n" paragraph "\n\n" paragraph ... with paragraph spans. */
#include "clean.h"

#include <ctype.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "dates.h"
#include "fold.h"
#include "internal.h"
#include "kb_limits.h"
#include "utf8.h"

struct kb_text_impl {
  kb_text pub; /* first, so a kb_text* is a kb_text_impl* */
  kb_arena arena;
};

static int is_space_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

kb_status kb_paras_add(kb_paras *p, const char *s, size_t n) {
  /* collapse whitespace runs to one space, trim both ends */
  char *d = kb_arena_alloc(p->arena, n + 1);
  if (!d) return KB_ERR_NOMEM;
  size_t k = 0;
  int pending_space = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c > ' ') { /* most bytes: no space to look at */
      if (pending_space) d[k++] = ' ';
      pending_space = 0;
      d[k++] = (char)c;
      continue;
    }
    if (is_space_byte(c)) {
      pending_space = k > 0;
      continue;
    }
    if (pending_space) d[k++] = ' ';
    pending_space = 0;
    d[k++] = (char)c;
  }
  d[k] = 0;
  if (k == 0) return KB_OK;
  kb_status full = KB_OK;
  if (p->bytes + k + 2 > KB_MAX_TEXT_BYTES) {
    /* keep what fits, cut at a character boundary: a 50 MB one-line page
     * still gives its first megabytes rather than nothing */
    size_t room =
        KB_MAX_TEXT_BYTES > p->bytes + 2 ? KB_MAX_TEXT_BYTES - p->bytes - 2 : 0;
    while (room > 0 && ((unsigned char)d[room] & 0xC0) == 0x80)
      room--;
    if (room == 0) return KB_ERR_TOO_LARGE;
    k = room;
    d[k] = 0;
    full = KB_ERR_TOO_LARGE;
  }
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 32;
    const char **items = kb_arena_alloc(p->arena, cap * sizeof *items);
    if (!items) return KB_ERR_NOMEM;
    if (p->n) memcpy(items, p->items, p->n * sizeof *items);
    p->items = items;
    p->cap = cap;
  }
  p->items[p->n++] = d;
  p->bytes += k + 2;
  return full;
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

static int plausible(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && (m == 0 || (m >= 1 && m <= 12)) &&
         (d == 0 || (d >= 1 && d <= 31));
}

/* Finds the first YYYY-MM-DD, YYYY/MM/DD, YYYY-MM or /YYYY/MM/ in s. */
/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" in the arena (m, d: 0 to leave out);
 * written by hand, as printf cost more than the rest of the cleaning of a
 * short document. */
static const char *iso_date(kb_arena *a, int y, int m, int d) {
  char *p = kb_arena_alloc_raw(a, 11);
  if (!p) return NULL;
  int v[3] = {y, m, d}, k = 0;
  for (int part = 0; part < 3 && (part == 0 || v[part]); part++) {
    if (part) p[k++] = '-';
    int width = part ? 2 : 4, x = v[part];
    for (int i = width - 1; i >= 0; i--, x /= 10)
      p[k + i] = (char)('0' + x % 10);
    k += width;
  }
  p[k] = 0;
  return p;
}

const char *kb_normalise_date(kb_arena *a, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  for (size_t i = 0; i + 4 <= n; i++) {
    if (!digits(s + i, 4) || (i > 0 && isdigit((unsigned char)s[i - 1])))
      continue;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
            (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    const char *t = s + i + 4;
    char sep = *t;
    if ((sep == '-' || sep == '/') && digits(t + 1, 2) &&
        !isdigit((unsigned char)t[3])) {
      int m = (t[1] - '0') * 10 + (t[2] - '0');
      const char *u = t + 3;
      if (*u == sep && digits(u + 1, 2) && !isdigit((unsigned char)u[3])) {
        int d = (u[1] - '0') * 10 + (u[2] - '0');
        if (plausible(y, m, d)) return iso_date(a, y, m, d);
      }
      if (plausible(y, m, 0)) return iso_date(a, y, m, 0);
    }
    if (*t == 0 && plausible(y, 0, 0) && i == 0) return iso_date(a, y, 0, 0);
  }
  return NULL;
}

static kb_status layout(struct kb_text_impl *t, const kb_paras *p,
                        const char *title) {
  kb_text *pub = &t->pub;
  size_t n = p->n + 1, total = (title ? strlen(title) : 0) + p->bytes + 2;
  char *text = kb_arena_alloc(&t->arena, total + 1);
  kb_span *spans = kb_arena_alloc(&t->arena, n * sizeof *spans);
  if (!text || !spans) return KB_ERR_NOMEM;
  size_t k = 0, ns = 0;
  size_t first = 0;
  /* Skip the body's first paragraph when it repeats the title. */
  if (title && p->n && strcmp(p->items[0], title) == 0) first = 1;
  if (title && *title) {
    size_t len = strlen(title);
    memcpy(text, title, len);
    spans[ns++] = (kb_span){0, len};
    k = len;
  }
  pub->body_start = k && p->n > first ? k + 2 : k;
  for (size_t i = first; i < p->n; i++) {
    if (k) {
      text[k++] = '\n';
      text[k++] = '\n';
    }
    size_t len = strlen(p->items[i]);
    memcpy(text + k, p->items[i], len);
    spans[ns++] = (kb_span){k, k + len};
    k += len;
  }
  text[k] = 0;
  pub->text = text;
  pub->text_len = k;
  pub->paragraphs = spans;
  pub->n_paragraphs = ns;
  return KB_OK;
}

/* French or English by their commonest words, for texts cld2 cannot call
 * reliably; other languages keep cld2's answer unless these words abound. */
/* A wire-style dateline opening the body, "NIAMEY, 3 mars 2025 (AFP) -",
 * "Bamako, le 12 mai 2024 :", gives the publication date of a text that
 * has none in its metadata: a full date near the start of the first
 * paragraph, followed by a dash or colon (an agency in brackets between). */
static const char *dateline_date(kb_arena *a, const char *text, size_t len,
                                 size_t body) {
  if (body >= len) return NULL;
  size_t n = len - body < 160 ? len - body : 160;
  const char *nl = memchr(text + body, '\n', n);
  if (nl) n = (size_t)(nl - (text + body));
  char *f = kb_fold_dup(text + body, n);
  if (!f) return NULL;
  kb_date_hit hit;
  const char *out = NULL;
  size_t fn = strlen(f);
  if (kb_dates_find(f, fn, NULL, &hit, 1) == 1 && hit.start < 80 &&
      hit.precision == 3 && strlen(hit.value) == 10 && !hit.relative) {
    size_t i = hit.end;
    while (i < fn && f[i] == ' ')
      i++;
    if (i < fn && f[i] == '(') { /* "(AFP)" */
      const char *close = memchr(f + i, ')', fn - i < 24 ? fn - i : 24);
      i = close ? (size_t)(close - f) + 1 : fn;
      while (i < fn && f[i] == ' ')
        i++;
    }
    if (i < fn && (f[i] == '-' || f[i] == ':'))
      out = kb_arena_strndup(a, hit.value, 10);
  }
  kb_free(f);
  return out;
}

static const char *stopword_vote(const char *s, size_t n, const char *cld) {
  static const char *const fr[] = {"le", "la",  "les", "des", "du",   "de",
                                   "et", "est", "une", "un",  "pour", "dans",
                                   "a",  "au",  "aux", "sur", "avec", NULL};
  static const char *const en[] = {"the", "and", "of",  "to",   "in",  "is",
                                   "was", "for", "on",  "with", "has", "by",
                                   "a",   "an",  "its", "from", NULL};
  int nfr = 0, nen = 0, words = 0;
  size_t i = 0;
  while (i < n) {
    while (i < n && !isalpha((unsigned char)s[i]))
      i++;
    size_t b = i;
    while (i < n && isalpha((unsigned char)s[i]))
      i++;
    size_t len = i - b;
    if (!len) continue;
    words++;
    char w[8];
    if (len >= sizeof w) continue;
    for (size_t k = 0; k < len; k++)
      w[k] = (char)tolower((unsigned char)s[b + k]);
    w[len] = 0;
    for (const char *const *p = fr; *p; p++)
      nfr += !strcmp(w, *p);
    for (const char *const *p = en; *p; p++)
      nen += !strcmp(w, *p);
  }
  if (nfr + nen < 2 && strcmp(cld, "un")) return cld;
  if (nfr > nen) return "fr";
  if (nen > nfr) return "en";
  return cld;
}

static const char *first_nonempty(const char *a, const char *b) {
  return a && *a ? a : (b && *b ? b : NULL);
}

kb_text *kb_clean(const kb_doc *doc, kb_error *err) {
  struct kb_text_impl *t = kb_calloc(1, sizeof *t);
  if (!t) {
    kb_error_set(err, KB_ERR_NOMEM, doc->id, 0, -1, "out of memory");
    return NULL;
  }
  kb_arena_init(&t->arena);
  kb_buf clean;
  kb_buf_init(&clean, KB_MAX_DOC_BYTES + KB_MAX_DOC_BYTES / 2);
  kb_status st = kb_utf8_sanitize(doc->raw, doc->raw_len, &clean, NULL);
  kb_paras paras = {.arena = &t->arena};
  kb_meta meta = {0};
  if (st == KB_OK) {
    const char *raw = clean.data ? clean.data : "";
    if (doc->is_html)
      st = kb_clean_html(raw, clean.len, doc->url, &paras, &meta, err);
    else {
      /* a record's own title: the cleaner then takes a short first
       * paragraph for a headline only when it repeats that title */
      if (doc->title && *doc->title) meta.title = doc->title;
      st = kb_clean_plain(raw, clean.len, &paras, &meta);
    }
    if (st == KB_ERR_TOO_LARGE) st = KB_OK; /* text cut at a paragraph */
  }
  kb_buf_free(&clean);
  kb_text *pub = &t->pub;
  kb_arena *a = &t->arena;
  const char *title = first_nonempty(doc->title, meta.title);
  if (st == KB_OK && (st = layout(t, &paras, title)) == KB_OK) {
    pub->doc_id = kb_arena_strdup(a, doc->id);
    pub->url = kb_arena_strdup(a, doc->url);
    pub->title = kb_arena_strdup(a, title);
    pub->publisher =
        kb_arena_strdup(a, first_nonempty(doc->publisher, meta.publisher));
    pub->published = kb_normalise_date(a, doc->published);
    if (!pub->published) pub->published = kb_normalise_date(a, meta.published);
    if (!pub->published) pub->published = kb_normalise_date(a, doc->url);
    if (!pub->published)
      pub->published =
          dateline_date(a, pub->text, pub->text_len, pub->body_start);
    /* The record's own lang is trusted; a page's <html lang> is often a
     * site default, so cld2 decides there. */
    const char *lang = doc->lang && *doc->lang ? doc->lang : NULL;
    /* the first 4 kB decide: an article does not change language */
    if (!lang) {
      size_t n = pub->text_len < 4096 ? pub->text_len : 4096;
      while (n < pub->text_len && ((unsigned char)pub->text[n] & 0xC0) == 0x80)
        n++;
      lang = kb_detect_lang(pub->text, n, 0);
      if (!strcmp(lang, "un") || (strcmp(lang, "fr") && strcmp(lang, "en")))
        lang = stopword_vote(pub->text, n, lang);
    }
    if (strcmp(lang, "un") == 0 && meta.lang && *meta.lang) lang = meta.lang;
    pub->lang = kb_arena_strndup(a, lang, 2);
    if (pub->text_len == 0) {
      kb_error_set(err, KB_ERR_FORMAT, doc->id, 0, -1,
                   "no text found (empty or not an article)");
      st = KB_ERR_FORMAT;
    }
  } else if (err && err->code == KB_OK) {
    kb_error_set(err, st, doc->id, 0, -1, "cannot clean: %s",
                 kb_status_name(st));
  }
  if (st != KB_OK) {
    kb_text_free(pub);
    return NULL;
  }
  return pub;
}

void kb_text_free(kb_text *pub) {
  if (!pub) return;
  struct kb_text_impl *t = (struct kb_text_impl *)pub;
  kb_arena_reset(&t->arena);
  kb_free(t);
}
