/* Cleaning stage: raw document -> title + main-text paragraphs. */
#ifndef KB_CLEAN_H
#define KB_CLEAN_H
#include <stddef.h>

#include "arena.h"
#include "kibaru.h"

/* Paragraphs under construction; strings live in the arena. */
typedef struct kb_paras {
  kb_arena *arena;
  const char **items;
  size_t n, cap;
  size_t bytes; /* total, capped by KB_MAX_TEXT_BYTES */
} kb_paras;

/* Metadata found while cleaning; arena strings or NULL. */
typedef struct kb_meta {
  const char *title;
  const char *published; /* as found, normalised later */
  const char *publisher;
  const char *lang;
} kb_meta;

/* Adds one paragraph after collapsing inner whitespace (spaces, tabs,
 * newlines, NBSP kept as is) and trimming; empty ones are dropped.
 * Returns KB_ERR_TOO_LARGE once the text cap is reached (paragraph dropped). */
kb_status kb_paras_add(kb_paras *p, const char *s, size_t n);

/* HTML: main text with libxml2's HTML parser. url may be NULL. */
kb_status kb_clean_html(const char *html, size_t len, const char *url,
                        kb_paras *out, kb_meta *meta, kb_error *err);

/* Plain text copied from a page: drop page-furniture lines, keep the article.
 * The first line becomes the title when it looks like one. */
kb_status kb_clean_plain(const char *text, size_t len, kb_paras *out,
                         kb_meta *meta);

/* Page furniture by the plain-text rules for one line or paragraph: the
 * patterns of data/furniture.tsv, plus, when shapes is set, the line shapes
 * (counters, captchas, "Label: 123", keyword lines), which only make sense
 * when no markup tells a table cell from a counter. 0 content, 1 furniture,
 * 2 furniture that opens the closing block (comments, related articles); 0
 * when the rules cannot be loaded. Thread-safe. */
int kb_furniture_line(const char *s, size_t n, int shapes);

/* Normalises a date string found in metadata or a URL ("2024-09-18T10:00Z",
 * "/2021/10/05/") to YYYY[-MM[-DD]] in the arena; NULL if none. */
const char *kb_normalise_date(kb_arena *a, const char *s);

/* Language of text by cld2: ISO 639-1 code, "un" if unknown. */
const char *kb_detect_lang(const char *text, size_t len, int is_html);
#endif
