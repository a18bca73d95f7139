/* HTML cleaner internals shared by clean_html.c (main text) and
 * clean_html_meta.c (title, publisher, date, language). Not installed. */
#ifndef KB_CLEAN_HTML_H
#define KB_CLEAN_HTML_H
#include <libxml/tree.h>
#include <stddef.h>

#include "arena.h"
#include "clean.h"

/* Element kinds the cleaner tells apart; everything else is T_OTHER (an
 * inline element such as span, b, em). */
enum kb_htag {
  T_OTHER,
  T_A,
  T_ADDRESS,
  T_ARTICLE,
  T_ASIDE,
  T_BLOCKQUOTE,
  T_BODY,
  T_BR,
  T_BUTTON,
  T_CAPTION,
  T_CENTER,
  T_DD,
  T_DETAILS,
  T_DIALOG,
  T_DIV,
  T_DL,
  T_DT,
  T_EMBED, /* embed, iframe, object, video, audio */
  T_FIELDSET,
  T_FIGCAPTION,
  T_FIGURE,
  T_FOOTER,
  T_FORM,
  T_H1,
  T_H2, /* h2 to h6 */
  T_HEAD,
  T_HEADER,
  T_HR,
  T_HTML,
  T_IMG,
  T_INPUT,
  T_LI,
  T_LINK,
  T_MAIN,
  T_MENU,
  T_META,
  T_NAV,
  T_OL,
  T_P,
  T_PRE,
  T_SCRIPT,
  T_SECTION,
  T_SELECT,  /* select, option, textarea, datalist */
  T_SKIPPED, /* never text: style, noscript, template, svg, math, canvas... */
  T_TABLE,
  T_TBODY, /* tbody, thead, tfoot */
  T_TD,
  T_TH,
  T_TIME,
  T_TITLE,
  T_TR,
  T_UL,
  T_COUNT
};

int kb_html_tag(const xmlChar *name);

/* Value of attribute name on an element, borrowed from the tree; NULL when
 * absent, "" when present without a value. */
const char *kb_html_attr(const xmlNode *n, const char *name);

/* Visible text of a subtree, whitespace collapsed, at most max bytes, in the
 * arena; NULL on allocation failure. Iterative. */
char *kb_html_text(kb_arena *a, const xmlNode *n, size_t max);

/* JSON-LD blocks are cut out with the scripts before parsing; their bytes
 * stay in the caller's input. */
enum { KB_HTML_MAX_LDJSON = 16, KB_HTML_MAX_MARKS = 8 };

typedef struct kb_hmeta {
  kb_arena *out;     /* results: the document's arena */
  kb_arena *scratch; /* per-call work */
  const char *url;   /* the document's, or NULL */
  const char *og_title, *tw_title, *doc_title;
  const char *og_site, *app_name;
  const char *date; /* best normalisable date so far */
  int date_rank;    /* lower is better; 0 = none yet */
  const char *lang;
  const char *page_url; /* og:url or canonical link */
  struct {
    const char *s;
    size_t n;
  } ld[KB_HTML_MAX_LDJSON];
  size_t n_ld;
  const xmlNode *times[KB_HTML_MAX_MARKS]; /* <time datetime>, in order */
  size_t n_times;
  const xmlNode *h1s[KB_HTML_MAX_MARKS];
  size_t n_h1;
  int nomem;
} kb_hmeta;

/* Called for every element the main walk enters, dropped ones included;
 * itemprop is the element's attribute of that name, or NULL. */
void kb_hmeta_element(kb_hmeta *m, const xmlNode *n, int tag,
                      const char *itemprop);

/* Settles the fields of meta once the article container is known (it scopes
 * <h1> and <time>); container may be NULL. KB_ERR_NOMEM on failure. */
kb_status kb_hmeta_finish(kb_hmeta *m, const xmlNode *container, kb_meta *meta);
#endif
