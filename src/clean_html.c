/* HTML main-text extraction.
 *
 * 1. Cut scripts, styles, comments, inline SVG, <noscript> and <template>
 *    out of the raw bytes (keeping JSON-LD aside): on news pages they are
 *    two thirds of the bytes and none of the text, and libxml2's parser is
 *    the cost of this stage.
 * 2. Parse once with libxml2's HTML parser (its depth cap of 256 stays on:
 *    lifting it makes mismatched end tags quadratic).
 * 3. One iterative walk (parent and next pointers, no recursion) counts for
 *    every element its visible text, link text, commas, paragraphs, images,
 *    list items, inputs, embeds; drops furniture by tag, role, visibility
 *    and class/id hints; and lets every paragraph-like block of 25 visible
 *    characters or more score its ancestors (more for commas and length).
 * 4. The best candidate, scaled by (1 - link density), is refined like
 *    Readability does (a common parent of near-equal candidates, a rising
 *    parent, an only child) and joined by the siblings that score well or
 *    read like prose.
 * 5. Their text is emitted block by block; lists, tables and divisions that
 *    look like furniture (links, forms, images without text) are left out,
 *    and each paragraph goes through the plain-text furniture rules.
 * Elements dropped for a layout word of their class ("sidebar", "header")
 * are judged once walked: one holding much prose is a wrapper, and stays.
 * When fewer than 500 characters come out, the walk runs again without the
 * class-based drops, then without class weights, then without the
 * conditional cleaning; the longest text wins. */
#define _GNU_SOURCE /* memmem */
#include <libxml/HTMLparser.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clean_html.h"
#include "kb_limits.h"

/* ---- tags and attributes ------------------------------------------------ */

typedef struct tag_entry {
  const char *name;
  unsigned char tag;
} tag_entry;

/* Sorted by name (strcmp), for bsearch. */
static const tag_entry tag_table[] = {
    {"a", T_A},
    {"address", T_ADDRESS},
    {"article", T_ARTICLE},
    {"aside", T_ASIDE},
    {"audio", T_EMBED},
    {"blockquote", T_BLOCKQUOTE},
    {"body", T_BODY},
    {"br", T_BR},
    {"button", T_BUTTON},
    {"canvas", T_SKIPPED},
    {"caption", T_CAPTION},
    {"center", T_CENTER},
    {"datalist", T_SELECT},
    {"dd", T_DD},
    {"details", T_DETAILS},
    {"dialog", T_DIALOG},
    {"div", T_DIV},
    {"dl", T_DL},
    {"dt", T_DT},
    {"embed", T_EMBED},
    {"fieldset", T_FIELDSET},
    {"figcaption", T_FIGCAPTION},
    {"figure", T_FIGURE},
    {"footer", T_FOOTER},
    {"form", T_FORM},
    {"frame", T_EMBED},
    {"frameset", T_SKIPPED},
    {"h1", T_H1},
    {"h2", T_H2},
    {"h3", T_H2},
    {"h4", T_H2},
    {"h5", T_H2},
    {"h6", T_H2},
    {"head", T_HEAD},
    {"header", T_HEADER},
    {"hr", T_HR},
    {"html", T_HTML},
    {"iframe", T_EMBED},
    {"img", T_IMG},
    {"input", T_INPUT},
    {"li", T_LI},
    {"link", T_LINK},
    {"main", T_MAIN},
    {"map", T_SKIPPED},
    {"math", T_SKIPPED},
    {"menu", T_MENU},
    {"meta", T_META},
    {"nav", T_NAV},
    {"noscript", T_SKIPPED},
    {"object", T_EMBED},
    {"ol", T_OL},
    {"option", T_SELECT},
    {"p", T_P},
    {"picture", T_IMG},
    {"pre", T_PRE},
    {"script", T_SCRIPT},
    {"section", T_SECTION},
    {"select", T_SELECT},
    {"style", T_SKIPPED},
    {"svg", T_SKIPPED},
    {"table", T_TABLE},
    {"tbody", T_TBODY},
    {"td", T_TD},
    {"template", T_SKIPPED},
    {"textarea", T_SELECT},
    {"tfoot", T_TBODY},
    {"th", T_TH},
    {"thead", T_TBODY},
    {"time", T_TIME},
    {"title", T_TITLE},
    {"tr", T_TR},
    {"ul", T_UL},
    {"video", T_EMBED},
};

static int tag_cmp(const void *key, const void *elem) {
  return strcmp(key, ((const tag_entry *)elem)->name);
}

/* libxml2 lower-cases HTML element names, so a plain search is enough. */
int kb_html_tag(const xmlChar *name) {
  if (!name) return T_OTHER;
  const tag_entry *e =
      bsearch(name, tag_table, sizeof tag_table / sizeof *tag_table,
              sizeof *tag_table, tag_cmp);
  return e ? e->tag : T_OTHER;
}

const char *kb_html_attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->name && !strcmp((const char *)a->name, name))
      return a->children && a->children->content
                 ? (const char *)a->children->content
                 : "";
  return NULL;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Next node in document order below root, not entering n when skip is set;
 * NULL when root is done. The iteration every walk here uses. */
static const xmlNode *next_node(const xmlNode *n, const xmlNode *root,
                                int skip) {
  if (!skip && n->children) return n->children;
  while (n && n != root && !n->next)
    n = n->parent;
  return n && n != root ? n->next : NULL;
}

char *kb_html_text(kb_arena *a, const xmlNode *root, size_t max) {
  char *d = kb_arena_alloc(a, max + 1);
  if (!d) return NULL;
  size_t k = 0;
  int space = 0;
  for (const xmlNode *n = root; n && k < max; n = next_node(n, root, 0)) {
    if (n->type != XML_TEXT_NODE || !n->content) continue;
    for (const unsigned char *p = n->content; *p && k < max; p++) {
      if (is_space(*p)) {
        space = k > 0;
        continue;
      }
      if (space && k + 1 < max) d[k++] = ' ';
      space = 0;
      d[k++] = (char)*p;
    }
  }
  if (k >= max) { /* cut: drop the last, maybe partial, character */
    while (k && ((unsigned char)d[k - 1] & 0xC0) == 0x80)
      k--;
    if (k && ((unsigned char)d[k - 1] & 0x80)) k--;
  }
  d[k] = 0;
  return d;
}

/* ---- pre-filter: raw-text elements out before parsing ------------------- */

static const char *const raw_elements[] = {"script", "style", "svg", "noscript",
                                           "template"};

static int has_ci(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (!strncasecmp(s + i, needle, k)) return 1;
  return 0;
}

/* End of the start tag opened at s[p] (index of '>'), quotes respected. */
static size_t tag_end(const char *s, size_t n, size_t p) {
  char quote = 0;
  for (size_t i = p; i < n; i++) {
    if (quote) {
      if (s[i] == quote) quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '>') {
      return i;
    }
  }
  return n;
}

/* Index of "</name" at or after from, n when absent. */
static size_t find_close(const char *s, size_t n, size_t from, const char *name,
                         size_t len) {
  for (size_t i = from; i + 2 + len <= n;) {
    const char *lt = memchr(s + i, '<', n - i);
    if (!lt) break;
    i = (size_t)(lt - s);
    if (i + 2 + len <= n && s[i + 1] == '/' &&
        !strncasecmp(s + i + 2, name, len))
      return i;
    i++;
  }
  return n;
}

static void keep_jsonld(kb_hmeta *m, const char *s, size_t n) {
  if (m->n_ld < KB_HTML_MAX_LDJSON) {
    m->ld[m->n_ld].s = s;
    m->ld[m->n_ld++].n = n;
  }
}

/* Which raw element starts at s[p] ('<'), -1 if none. */
static int raw_element_at(const char *s, size_t n, size_t p) {
  char c = p + 1 < n ? (char)(s[p + 1] | 0x20) : 0;
  if (c != 's' && c != 'n' && c != 't') return -1; /* none starts otherwise */
  for (int i = 0; i < (int)(sizeof raw_elements / sizeof *raw_elements); i++) {
    size_t k = strlen(raw_elements[i]);
    if (p + 1 + k < n && !strncasecmp(s + p + 1, raw_elements[i], k) &&
        (is_space((unsigned char)s[p + 1 + k]) || s[p + 1 + k] == '>' ||
         s[p + 1 + k] == '/'))
      return i;
  }
  return -1;
}

/* Where the comment or raw element starting at s[p] ends; p when there is
 * none to cut. Scripts and styles run to the end of the input when not
 * closed (as in a browser); the other elements are only cut when closed. */
static size_t skip_raw(const char *s, size_t n, size_t p, kb_hmeta *m) {
  if (p + 4 <= n && !memcmp(s + p, "<!--", 4)) {
    const char *end = memmem(s + p + 4, n - p - 4, "-->", 3);
    return end ? (size_t)(end - s) + 3 : n;
  }
  int which = raw_element_at(s, n, p);
  if (which < 0) return p;
  const char *name = raw_elements[which];
  size_t te = tag_end(s, n, p);
  if (te == n) return which < 2 ? n : p;
  if (s[te - 1] == '/' && which == 2) return te + 1; /* <svg ... /> */
  size_t close = find_close(s, n, te + 1, name, strlen(name));
  if (which == 0 && has_ci(s + p, te - p, "ld+json"))
    keep_jsonld(m, s + te + 1, close - te - 1);
  if (close == n) return which < 2 ? n : p;
  size_t after = tag_end(s, n, close);
  return after < n ? after + 1 : n;
}

/* Copies html to out without comments and raw-text elements. */
static kb_status prefilter(const char *html, size_t len, kb_buf *out,
                           kb_hmeta *m) {
  size_t from = 0, i = 0;
  kb_status st = kb_buf_reserve(out, len + 1);
  while (st == KB_OK && i < len) {
    const char *lt = memchr(html + i, '<', len - i);
    if (!lt) break;
    size_t p = (size_t)(lt - html);
    size_t end = skip_raw(html, len, p, m);
    if (end == p) {
      i = p + 1;
      continue;
    }
    st = kb_buf_add(out, html + from, p - from);
    from = i = end;
  }
  if (st == KB_OK) st = kb_buf_add(out, html + from, len - from);
  return st;
}

/* ---- class and id hints ------------------------------------------------- */

enum hint_bits {
  H_NEG = 1,      /* lowers the score */
  H_POS = 2,      /* raises it */
  H_UNLIKELY = 4, /* dropped, unless a MAYBE word is also there */
  H_MAYBE = 8,    /* may hold the article: protects from UNLIKELY */
  H_STRONG = 16,  /* dropped even with a MAYBE word */
  H_EMBED = 32,   /* embedded content (a quoted post): never dropped */
  H_CAPTION = 64, /* a caption or a photo credit: always dropped */
};
enum { W_EXACT, W_PREFIX, W_ANY };

#define UNL (H_NEG | H_UNLIKELY)
#define STR (H_NEG | H_UNLIKELY | H_STRONG)

/* Words of class and id values (split at non-alphanumerics and at
 * lower-to-upper case changes, then lower-cased). */
static const struct hint_word {
  const char *w;
  unsigned char how, bits;
} hint_words[] = {
    {"comment", W_ANY, STR},
    {"disqus", W_ANY, STR},
    {"social", W_ANY, STR},
    {"related", W_ANY, STR},
    {"recirc", W_ANY, STR},
    {"promo", W_ANY, STR},
    {"cookie", W_ANY, STR},
    {"consent", W_ANY, STR},
    {"gdpr", W_ANY, STR},
    {"newsletter", W_ANY, STR},
    {"subscri", W_ANY, STR},
    {"breadcrumb", W_ANY, STR},
    {"share", W_ANY, STR},
    {"sharing", W_ANY, STR},
    {"sponsor", W_ANY, STR},
    {"advert", W_ANY, STR},
    {"outbrain", W_ANY, STR},
    {"taboola", W_ANY, STR},
    {"popup", W_ANY, STR},
    {"modal", W_ANY, STR},
    {"signup", W_ANY, STR},
    {"trending", W_ANY, STR},
    {"nocontent", W_ANY, STR},
    {"ad", W_EXACT, STR},
    {"ads", W_PREFIX, STR},
    {"adslot", W_PREFIX, STR},
    {"adunit", W_PREFIX, STR},
    {"dfp", W_EXACT, STR},
    {"sr", W_EXACT, STR},
    {"visually", W_PREFIX, STR},
    {"screenreader", W_PREFIX, STR},
    {"screen", W_EXACT, STR},
    {"tooltip", W_ANY, STR},
    {"popover", W_ANY, STR},
    {"rollover", W_ANY, STR},
    {"hovercard", W_ANY, STR},
    {"embed", W_ANY, H_EMBED},
    {"footer", W_ANY, UNL},
    {"sidebar", W_ANY, UNL},
    {"banner", W_ANY, UNL},
    {"masthead", W_ANY, UNL},
    {"pagination", W_ANY, UNL},
    {"pager", W_ANY, UNL},
    {"paywall", W_ANY, UNL},
    {"shoutbox", W_ANY, UNL},
    {"skyscraper", W_ANY, UNL},
    {"menu", W_ANY, UNL},
    {"navbar", W_ANY, UNL},
    {"navigation", W_ANY, UNL},
    {"byline", W_ANY, UNL},
    {"caption", W_ANY, UNL | H_CAPTION},
    {"credit", W_PREFIX, UNL | H_CAPTION},
    {"dateline", W_ANY, UNL},
    {"toolbar", W_ANY, UNL},
    {"nav", W_PREFIX, UNL},
    {"foot", W_PREFIX, UNL},
    {"tags", W_EXACT, UNL},
    {"rss", W_PREFIX, UNL},
    {"skip", W_PREFIX, UNL},
    {"extra", W_PREFIX, UNL},
    {"remark", W_PREFIX, UNL},
    {"repl", W_PREFIX, UNL},
    {"legend", W_PREFIX, UNL},
    {"supplement", W_PREFIX, UNL},
    {"agegate", W_PREFIX, UNL},
    {"author", W_PREFIX, UNL},
    {"bio", W_EXACT, UNL},
    {"header", W_EXACT, UNL},
    {"rail", W_EXACT, UNL},
    {"login", W_PREFIX, UNL},
    {"meta", W_PREFIX, H_NEG},
    {"tool", W_PREFIX, H_NEG},
    {"print", W_PREFIX, H_NEG},
    {"hidden", W_PREFIX, H_NEG},
    {"article", W_ANY, H_POS | H_MAYBE},
    {"content", W_ANY, H_POS | H_MAYBE},
    {"story", W_ANY, H_POS | H_MAYBE},
    {"hentry", W_ANY, H_POS | H_MAYBE},
    {"prose", W_ANY, H_POS},
    {"entry", W_PREFIX, H_POS},
    {"post", W_PREFIX, H_POS},
    {"body", W_PREFIX, H_POS | H_MAYBE},
    {"text", W_PREFIX, H_POS},
    {"main", W_PREFIX, H_POS | H_MAYBE},
    {"blog", W_PREFIX, H_POS},
    {"column", W_PREFIX, H_MAYBE},
};

static int word_matches(const struct hint_word *h, const char *t, size_t n) {
  size_t k = strlen(h->w);
  switch (h->how) {
  case W_EXACT: return n == k && !memcmp(t, h->w, k);
  case W_PREFIX: return n >= k && !memcmp(t, h->w, k);
  default:
    for (size_t i = 0; i + k <= n; i++)
      if (!memcmp(t + i, h->w, k)) return 1;
    return 0;
  }
}

static int token_bits(const char *t, size_t n) {
  int bits = 0;
  for (size_t i = 0; i < sizeof hint_words / sizeof *hint_words; i++)
    if (word_matches(&hint_words[i], t, n)) bits |= hint_words[i].bits;
  return bits;
}

static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alnum(char c) {
  return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9');
}

/* WordPress names a post's taxonomy terms in its classes ("tag-promotion",
 * "category-comment"): words of the content, not of the layout. */
static size_t taxonomy_len(const char *p) {
  if (strncmp(p, "category-", 9) && strncmp(p, "tag-", 4)) return 0;
  return strcspn(p, " ");
}

static int hint_bits_of(const char *v) {
  int bits = 0;
  char tok[48];
  size_t n = 0;
  for (const char *p = v;; p++) {
    if (p == v || p[-1] == ' ') p += taxonomy_len(p);
    int split = !is_alnum(*p) || (n && is_upper(*p) && is_lower(p[-1]));
    if (split && n) {
      bits |= token_bits(tok, n);
      n = 0;
    }
    if (!*p) break;
    if (is_alnum(*p) && n < sizeof tok)
      tok[n++] = is_upper(*p) ? (char)(*p - 'A' + 'a') : *p;
  }
  return bits;
}

/* Pages repeat the same class values hundreds of times: remember them. */
enum { HINT_CACHE = 1024 };
typedef struct hint_cache {
  uint64_t key[HINT_CACHE];
  unsigned char bits[HINT_CACHE];
} hint_cache;

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h | 1; /* 0 marks an empty slot */
}

static int hints(hint_cache *c, const char *v) {
  if (!v || !*v) return 0;
  uint64_t h = fnv1a(v);
  size_t slot = (size_t)(h % HINT_CACHE);
  if (c->key[slot] == h) return c->bits[slot];
  int bits = hint_bits_of(v);
  c->key[slot] = h;
  c->bits[slot] = (unsigned char)bits;
  return bits;
}

/* ---- the counting walk -------------------------------------------------- */

enum node_flags {
  F_SKIP = 1,     /* furniture: neither counted nor emitted */
  F_CAND = 2,     /* received a content score */
  F_HASBLOCK = 4, /* has a block descendant (not a paragraph itself) */
  F_DEFER = 8,    /* unlikely by its class: judged by its size on leaving */
};

enum attempt_opts {
  O_STRIP_UNLIKELY = 1,
  O_WEIGHT_CLASSES = 2,
  O_CLEAN = 4,
};

/* Per element of the tree, hung on xmlNode._private for one attempt. */
typedef struct hnode {
  float score; /* content score: from paragraphs, then the final one */
  uint32_t text, link, commas;   /* visible characters, in links, commas */
  uint32_t btext, bcommas;       /* the part inside block descendants */
  uint32_t list_text, head_text; /* inside ul/ol, inside h1-h6 */
  uint32_t n_p, n_img, n_li, n_input, n_embed, n_th, n_kids;
  uint32_t n_tr, n_cell, n_table; /* rows, cells, nested tables */
  int16_t weight;
  unsigned char tag, flags, hint; /* hint: class and id bits */
  uint32_t mark;                  /* F_DEFER: pending paragraphs on entry */
} hnode;

typedef struct walk {
  kb_arena *scratch;
  kb_hmeta *meta; /* NULL after the first attempt: metadata read once */
  hint_cache *hc;
  int opts;
  xmlNode **cands;
  size_t n_cands, cap_cands;
  const char *page_url; /* for telling links to the site from links out */
  /* paragraphs inside deferred elements, scored once those are kept */
  struct pending {
    xmlNode *first;
    uint32_t len, commas;
  } * pending;
  size_t n_pending, cap_pending;
  int open_defer;     /* deferred elements around the current node */
  xmlNode *body_prop; /* the first itemprop=articleBody element */
  int nomem;
} walk;

static hnode *H(const xmlNode *n) { return (hnode *)n->_private; }

static float link_density(const hnode *h) {
  return h->text ? (float)h->link / (float)h->text : 0.0f;
}

static int is_block(int tag) {
  switch (tag) {
  case T_ADDRESS:
  case T_ARTICLE:
  case T_ASIDE:
  case T_BLOCKQUOTE:
  case T_BODY:
  case T_CAPTION:
  case T_CENTER:
  case T_DD:
  case T_DETAILS:
  case T_DIALOG:
  case T_DIV:
  case T_DL:
  case T_DT:
  case T_FIELDSET:
  case T_FIGCAPTION:
  case T_FIGURE:
  case T_FOOTER:
  case T_FORM:
  case T_H1:
  case T_H2:
  case T_HEADER:
  case T_HR:
  case T_LI:
  case T_MAIN:
  case T_MENU:
  case T_NAV:
  case T_OL:
  case T_P:
  case T_PRE:
  case T_SECTION:
  case T_TABLE:
  case T_TBODY:
  case T_TD:
  case T_TH:
  case T_TR:
  case T_UL:
  case T_HTML: return 1;
  }
  return 0;
}

/* Readability's test for "a div that is really a paragraph": none of these
 * below it. */
static int breaks_paragraph(int tag) {
  switch (tag) {
  case T_BLOCKQUOTE:
  case T_DL:
  case T_DIV:
  case T_IMG:
  case T_OL:
  case T_P:
  case T_PRE:
  case T_TABLE:
  case T_UL:
  case T_SECTION:
  case T_ARTICLE: return 1;
  }
  return 0;
}

/* Elements that never carry article text, whatever their class. */
static int furniture_tag(int tag) {
  switch (tag) {
  case T_SKIPPED:
  case T_SCRIPT:
  case T_NAV:
  case T_ASIDE:
  case T_FOOTER:
  case T_MENU:
  case T_DIALOG:
  case T_BUTTON:
  case T_SELECT:
  case T_INPUT:
  case T_EMBED:
  case T_FIGCAPTION:
  case T_FIGURE:
  case T_TITLE:
  case T_HEADER:
  case T_IMG:
  case T_META:
  case T_LINK: return 1;
  }
  return 0;
}

static int visible_furniture(int tag) {
  return tag == T_NAV || tag == T_ASIDE || tag == T_FOOTER || tag == T_HEADER ||
         tag == T_MENU || tag == T_FORM;
}

static const char *const furniture_roles[] = {
    "navigation",  "menu",   "menubar",     "complementary", "dialog", "alert",
    "alertdialog", "banner", "contentinfo", "search",        "button"};

/* Class names that mean display:none in the common CSS frameworks. */
static const char *const hidden_classes[] = {
    "hidden",           "hide",
    "d-none",           "invisible",
    "sr-only",          "visually-hidden",
    "visuallyhidden",   "screen-reader-text",
    "element-invisible"};

static int has_hidden_class(const char *c) {
  while (c && *c) {
    c += strspn(c, " \t\n");
    size_t k = strcspn(c, " \t\n");
    for (size_t i = 0; i < sizeof hidden_classes / sizeof *hidden_classes; i++)
      if (k && strlen(hidden_classes[i]) == k &&
          !strncasecmp(c, hidden_classes[i], k))
        return 1;
    c += k;
  }
  return 0;
}

/* The attributes the walk reads, gathered in one pass over the list. */
typedef struct attrs {
  const char *cls, *id, *style, *role, *itemprop, *rel, *hidden, *aria_hidden;
} attrs;

static const char *attr_value(const xmlAttr *a) {
  return a->children && a->children->content
             ? (const char *)a->children->content
             : "";
}

static void read_attrs(const xmlNode *n, attrs *at) {
  memset(at, 0, sizeof *at);
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    const char **slot = NULL;
    if (!name) continue;
    switch (name[0]) {
    case 'c': slot = !strcmp(name, "class") ? &at->cls : NULL; break;
    case 'i':
      slot = !strcmp(name, "id")         ? &at->id
             : !strcmp(name, "itemprop") ? &at->itemprop
                                         : NULL;
      break;
    case 's': slot = !strcmp(name, "style") ? &at->style : NULL; break;
    case 'r':
      slot = !strcmp(name, "role")  ? &at->role
             : !strcmp(name, "rel") ? &at->rel
                                    : NULL;
      break;
    case 'h': slot = !strcmp(name, "hidden") ? &at->hidden : NULL; break;
    case 'a':
      slot = !strcmp(name, "aria-hidden") ? &at->aria_hidden : NULL;
      break;
    }
    if (slot && !*slot) *slot = attr_value(a);
  }
}

static int hidden(const attrs *at) {
  if (at->hidden || has_hidden_class(at->cls)) return 1;
  if (at->aria_hidden && !strcasecmp(at->aria_hidden, "true")) return 1;
  const char *style = at->style;
  if (!style) return 0;
  return strstr(style, "display:none") || strstr(style, "display: none") ||
         strstr(style, "visibility:hidden") ||
         strstr(style, "visibility: hidden");
}

static int furniture_role(const attrs *at) {
  const char *role = at->role;
  if (!role) return 0;
  for (size_t i = 0; i < sizeof furniture_roles / sizeof *furniture_roles; i++)
    if (!strcasecmp(role, furniture_roles[i])) return 1;
  return 0;
}

static int unlikely(int bits) {
  if (bits & H_CAPTION) return 1;
  if (bits & H_EMBED) return 0;
  return (bits & H_STRONG) || ((bits & H_UNLIKELY) && !(bits & H_MAYBE));
}

static int class_weight(int bits) {
  if (bits & H_EMBED) bits &= ~H_NEG; /* "social-embed" quotes a post */
  return ((bits & H_NEG) ? -25 : 0) + ((bits & H_POS) ? 25 : 0);
}

/* Class/id verdict: the weight, and whether the element is dropped. */
static int judge_classes(walk *w, const attrs *at, hnode *h) {
  int bc = hints(w->hc, at->cls);
  int bi = hints(w->hc, at->id);
  h->hint = (unsigned char)(bc | bi);
  if (w->opts & O_WEIGHT_CLASSES)
    h->weight = (int16_t)(class_weight(bc) + class_weight(bi));
  if (!(w->opts & O_STRIP_UNLIKELY)) return 0;
  if (h->tag == T_BODY || h->tag == T_HTML || h->tag == T_MAIN) return 0;
  /* links are judged by strong words only: "more-link" is not a menu */
  if (h->tag == T_A) return unlikely(bc | bi) && ((bc | bi) & H_STRONG);
  /* "sidebar" or "header" may name a layout wrapper holding the article:
   * those are judged by their size once walked (2) */
  if (unlikely(bc | bi)) return (bc | bi) & (H_STRONG | H_CAPTION) ? 1 : 2;
  return (at->itemprop && strstr(at->itemprop, "author")) ||
         (at->rel && !strcmp(at->rel, "author"));
}

/* 0 kept, 1 dropped, 2 decided on leaving (F_DEFER). */
static int dropped(walk *w, const attrs *at, hnode *h) {
  if (h->tag == T_HTML || h->tag == T_BODY) return 0;
  if (furniture_tag(h->tag) || hidden(at) || furniture_role(at)) return 1;
  return judge_classes(w, at, h);
}

static void count_kind(hnode *parent, int tag) {
  if (!parent) return;
  parent->n_img += tag == T_IMG;
  parent->n_input += tag == T_INPUT;
  parent->n_embed += tag == T_EMBED;
  if (breaks_paragraph(tag)) parent->flags |= F_HASBLOCK;
}

/* Enters an element: 1 when its content is to be counted. */
static int enter(walk *w, xmlNode *n) {
  int tag = kb_html_tag(n->name);
  attrs at;
  read_attrs(n, &at);
  if (w->meta) kb_hmeta_element(w->meta, n, tag, at.itemprop);
  hnode *h = kb_arena_alloc(w->scratch, sizeof *h);
  if (!h) {
    w->nomem = 1;
    return 0;
  }
  n->_private = h;
  h->tag = (unsigned char)tag;
  hnode *parent =
      n->parent && n->parent->type == XML_ELEMENT_NODE ? H(n->parent) : NULL;
  count_kind(parent, tag);
  int verdict = dropped(w, &at, h);
  if (verdict == 1) {
    h->flags |= F_SKIP;
    /* a page header or footer beside the article is still a sibling: the
     * article is not an only child that stands for its parent */
    if (parent && visible_furniture(tag)) parent->n_kids++;
    return 0;
  }
  if (!w->body_prop && at.itemprop && strstr(at.itemprop, "articleBody"))
    w->body_prop = n;
  if (verdict == 2) {
    h->flags |= F_DEFER;
    h->mark = (uint32_t)w->n_pending;
    w->open_defer++;
  } else if (parent) {
    parent->n_kids++;
  }
  return 1;
}

static void count_text(const xmlNode *t, hnode *h) {
  const unsigned char *p = t->content;
  if (!p || !h) return;
  uint32_t chars = 0, commas = 0;
  int space = 0;
  for (; *p; p++) {
    if (is_space(*p)) {
      space = chars > 0;
      continue;
    }
    if ((*p & 0xC0) == 0x80) continue; /* count characters, not bytes */
    chars += 1 + space;
    space = 0;
    commas += *p == ',' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) ||
              (p[0] == 0xD8 && p[1] == 0x8C);
  }
  h->text += chars;
  h->commas += commas;
}

static void add_candidate(walk *w, xmlNode *n, hnode *h) {
  if (h->flags & F_CAND) return;
  if (w->n_cands == w->cap_cands) {
    size_t cap = w->cap_cands ? w->cap_cands * 2 : 256;
    xmlNode **c = kb_arena_alloc(w->scratch, cap * sizeof *c);
    if (!c) {
      w->nomem = 1;
      return;
    }
    if (w->n_cands) memcpy(c, w->cands, w->n_cands * sizeof *c);
    w->cands = c;
    w->cap_cands = cap;
  }
  h->flags |= F_CAND;
  w->cands[w->n_cands++] = n;
}

/* A paragraph of len characters and commas commas scores its ancestors
 * from first up: fully, half, then a third of level and so on, 5 levels. */
static void defer_paragraph(walk *w, xmlNode *first, uint32_t len,
                            uint32_t commas) {
  if (w->n_pending == w->cap_pending) {
    size_t cap = w->cap_pending ? w->cap_pending * 2 : 64;
    struct pending *p = kb_arena_alloc(w->scratch, cap * sizeof *p);
    if (!p) {
      w->nomem = 1;
      return;
    }
    if (w->n_pending) memcpy(p, w->pending, w->n_pending * sizeof *p);
    w->pending = p;
    w->cap_pending = cap;
  }
  w->pending[w->n_pending++] = (struct pending){first, len, commas};
}

static void score_paragraph(walk *w, xmlNode *first, uint32_t len,
                            uint32_t commas) {
  if (len < 25) return;
  if (w->open_defer) {
    defer_paragraph(w, first, len, commas);
    return;
  }
  float s = 1.0f + (float)commas + (float)(len / 100 > 3 ? 3 : len / 100);
  xmlNode *a = first;
  for (int level = 0; level < 5 && a && a->type == XML_ELEMENT_NODE;
       level++, a = a->parent) {
    hnode *h = H(a);
    /* the body holds everything: as the article it would be the page */
    if (h->tag == T_BODY || h->tag == T_HTML) break;
    add_candidate(w, a, h);
    h->score += s / (level == 0 ? 1.0f : level == 1 ? 2.0f : level * 3.0f);
  }
}

static int scored_tag(int tag) {
  return tag == T_P || tag == T_PRE || tag == T_TD || tag == T_H2 ||
         tag == T_SECTION;
}

static void score_element(walk *w, xmlNode *n, hnode *h) {
  if (scored_tag(h->tag) || (h->tag == T_DIV && !(h->flags & F_HASBLOCK)))
    score_paragraph(w, n->parent, h->text, h->commas);
  else if (h->tag == T_DIV && h->text > h->btext)
    /* loose text beside blocks: a paragraph whose parent is this div */
    score_paragraph(w, n, h->text - h->btext, h->commas - h->bcommas);
}

static void link_text(const xmlNode *n, hnode *h) {
  const char *href = kb_html_attr(n, "href");
  /* in-page anchors (footnotes, tables of contents) weigh less */
  h->link = href && href[0] == '#' ? (uint32_t)(h->text * 0.3f) : h->text;
}

static void add_up(hnode *p, const hnode *h) {
  p->text += h->text;
  p->link += h->link;
  p->commas += h->commas;
  int block = is_block(h->tag);
  p->btext += block ? h->text : h->btext;
  p->bcommas += block ? h->commas : h->bcommas;
  p->list_text += h->tag == T_UL || h->tag == T_OL ? h->text : h->list_text;
  p->head_text += h->tag == T_H1 || h->tag == T_H2 ? h->text : h->head_text;
  p->n_p += h->n_p + (h->tag == T_P);
  p->n_img += h->n_img;
  p->n_li += h->n_li + (h->tag == T_LI);
  p->n_input += h->n_input;
  p->n_embed += h->n_embed;
  p->n_th += h->n_th + (h->tag == T_TH || h->tag == T_CAPTION);
  p->n_tr += h->n_tr + (h->tag == T_TR);
  p->n_cell += h->n_cell + (h->tag == T_TD || h->tag == T_TH);
  p->n_table += h->n_table + (h->tag == T_TABLE);
  p->flags |= h->flags & F_HASBLOCK;
}

/* A deferred element holding a good share of prose is a layout wrapper
 * after all ("has-sidebar"); a real sidebar or header is mostly links. */
static int big_enough(const hnode *h) {
  return h->text >= 1000 && h->n_p >= 3 && link_density(h) < 0.3f;
}

/* Settles a deferred element: 1 when it stays. */
static int settle(walk *w, xmlNode *n, hnode *h) {
  w->open_defer--;
  if (!big_enough(h)) {
    h->flags |= F_SKIP;
    w->n_pending = h->mark;
    return 0;
  }
  if (n->parent && n->parent->type == XML_ELEMENT_NODE) H(n->parent)->n_kids++;
  if (w->open_defer) return 1; /* an outer one decides */
  size_t end = w->n_pending;
  w->n_pending = h->mark;
  for (size_t i = h->mark; i < end; i++)
    score_paragraph(w, w->pending[i].first, w->pending[i].len,
                    w->pending[i].commas);
  return 1;
}

static void leave(walk *w, xmlNode *n) {
  hnode *h = H(n);
  if (h->tag == T_A) link_text(n, h);
  score_element(w, n, h);
  if ((h->flags & F_DEFER) && !settle(w, n, h)) return;
  if (n->parent && n->parent->type == XML_ELEMENT_NODE) add_up(H(n->parent), h);
}

/* Inside a dropped element only metadata is read (an <h1> or a <time> in
 * an article header); nothing is counted. */
static void meta_only(walk *w, xmlNode *root) {
  if (!w->meta) return;
  for (const xmlNode *n = root->children ? root->children : NULL; n;
       n = next_node(n, root, 0))
    if (n->type == XML_ELEMENT_NODE)
      kb_hmeta_element(w->meta, n, kb_html_tag(n->name),
                       kb_html_attr(n, "itemprop"));
}

static void count_walk(walk *w, xmlNode *root) {
  xmlNode *n = root;
  while (n && !w->nomem) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      down = enter(w, n);
      if (!down && !w->nomem && (H(n)->flags & F_SKIP)) meta_only(w, n);
      if (down && !n->children) leave(w, n);
    } else if (n->type == XML_TEXT_NODE && n->parent &&
               n->parent->type == XML_ELEMENT_NODE) {
      count_text(n, H(n->parent));
    }
    if (down && n->children) {
      n = n->children;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
      leave(w, n);
    }
    n = n == root ? NULL : n->next;
  }
}

/* ---- choosing the article ----------------------------------------------- */

static int base_score(int tag) {
  switch (tag) {
  case T_DIV: return 5;
  case T_PRE:
  case T_TD:
  case T_BLOCKQUOTE: return 3;
  case T_ADDRESS:
  case T_OL:
  case T_UL:
  case T_DL:
  case T_DD:
  case T_DT:
  case T_LI:
  case T_FORM: return -3;
  case T_H1:
  case T_H2:
  case T_TH: return -5;
  }
  return 0;
}

static float final_score(const hnode *h) {
  return ((float)base_score(h->tag) + h->weight + h->score) *
         (1.0f - link_density(h));
}

enum { N_TOP = 5 };

static void keep_top(xmlNode **top, xmlNode *n) {
  for (int i = 0; i < N_TOP; i++) {
    if (!top[i] || H(n)->score > H(top[i])->score) {
      memmove(top + i + 1, top + i, (size_t)(N_TOP - 1 - i) * sizeof *top);
      top[i] = n;
      return;
    }
  }
}

static int is_ancestor(const xmlNode *a, const xmlNode *n) {
  for (n = n ? n->parent : NULL; n; n = n->parent)
    if (n == a) return 1;
  return 0;
}

static int is_body(const xmlNode *n) {
  return !n || n->type != XML_ELEMENT_NODE || H(n)->tag == T_BODY ||
         H(n)->tag == T_HTML;
}

/* Several near-equal candidates under one parent: the article is split in
 * blocks (one per paragraph group); take the parent holding three. */
static xmlNode *common_parent(xmlNode **top) {
  xmlNode *alt[N_TOP];
  int n_alt = 0;
  /* the top's own ancestors and descendants score alike by construction */
  for (int i = 1; i < N_TOP && top[i]; i++)
    if (H(top[i])->score >= 0.75f * H(top[0])->score &&
        !is_ancestor(top[i], top[0]) && !is_ancestor(top[0], top[i]))
      alt[n_alt++] = top[i];
  if (n_alt < 3) return top[0];
  for (xmlNode *p = top[0]->parent; !is_body(p); p = p->parent) {
    int holds = 0;
    for (int i = 0; i < n_alt; i++)
      holds += is_ancestor(p, alt[i]);
    if (holds >= 3) return p;
  }
  return top[0];
}

/* A parent scoring higher than the candidate (while scores stay above a
 * third of it) means more of the article lies beside it. */
static xmlNode *rising_parent(xmlNode *top) {
  float last = H(top)->score, threshold = last / 3;
  for (xmlNode *p = top->parent; !is_body(p); p = p->parent) {
    if (!(H(p)->flags & F_CAND)) continue;
    if (H(p)->score < threshold) break;
    if (H(p)->score > last) return p;
    last = H(p)->score;
  }
  return top;
}

/* Not inside a dropped element. */
static int alive(const xmlNode *n) {
  for (; n && !is_body(n); n = n->parent)
    if (H(n)->flags & F_SKIP) return 0;
  return 1;
}

/* The page's own itemprop=articleBody, when the scores went somewhere else
 * entirely and it holds prose of its own. */
static xmlNode *marked_body(walk *w, xmlNode *top) {
  xmlNode *m = w->body_prop;
  if (!m || m == top || is_ancestor(m, top) || is_ancestor(top, m) || !alive(m))
    return top;
  const hnode *h = H(m);
  return h->text >= 500 && link_density(h) < 0.3f ? m : top;
}

static xmlNode *choose(walk *w, xmlNode *body) {
  xmlNode *top[N_TOP] = {0};
  for (size_t i = 0; i < w->n_cands; i++) {
    hnode *h = H(w->cands[i]);
    h->score = final_score(h);
    keep_top(top, w->cands[i]);
  }
  if (!top[0]) return body;
  xmlNode *best = marked_body(w, rising_parent(common_parent(top)));
  while (!is_body(best->parent) && H(best->parent)->n_kids == 1)
    best = best->parent;
  if (!(H(best)->flags & F_CAND))
    H(best)->score = (float)(base_score(H(best)->tag) + H(best)->weight);
  return best;
}

/* Short sibling paragraphs join when they end a sentence. */
static int reads_like_sentence(walk *w, const xmlNode *n) {
  char *t = kb_html_text(w->scratch, n, 160);
  if (!t) {
    w->nomem = 1;
    return 0;
  }
  size_t k = strlen(t);
  return (k && t[k - 1] == '.') || strstr(t, ". ") != NULL;
}

static int same_class(const xmlNode *a, const xmlNode *b) {
  const char *ca = kb_html_attr(a, "class"), *cb = kb_html_attr(b, "class");
  return ca && cb && *ca && !strcmp(ca, cb);
}

static int joins(walk *w, const xmlNode *s, const xmlNode *top) {
  if (s == top) return 1;
  const hnode *h = H(s), *t = H(top);
  if (!h || (h->flags & F_SKIP)) return 0;
  float threshold = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
  float bonus = same_class(s, top) ? t->score * 0.2f : 0;
  if ((h->flags & F_CAND) && h->score + bonus >= threshold) return 1;
  /* a div without blocks inside is a paragraph (a standfirst, say) */
  if (h->tag != T_P && (h->tag != T_DIV || (h->flags & F_HASBLOCK))) return 0;
  float ld = link_density(h);
  if (h->text > 80) return ld < 0.25f;
  return h->text > 0 && ld == 0 && reads_like_sentence(w, s);
}

/* ---- emitting the text -------------------------------------------------- */

typedef struct emit {
  kb_buf para; /* the paragraph being built, whitespace collapsed */
  kb_buf *out; /* paragraphs, each ending in '\n' */
  const walk *w;
  size_t n_paras;
  size_t chars, link_chars; /* of the paragraph: visible, in site links */
  int in_link;              /* depth of links to this site */
  const char *host;         /* of the page, without "www.", or NULL */
  size_t host_len;
  int stop; /* an end-of-article cue (comments, related) was met */
  kb_status st;
} emit;

/* Tables of figures are content; tables laying out a page are not. */
static int data_table(const hnode *h) {
  if (h->n_th) return 1;
  if (h->n_table || h->n_tr <= 1) return 0;
  uint32_t cols = h->n_cell / h->n_tr;
  if (cols <= 1) return 0;
  return h->n_tr >= 10 || cols > 4 || h->n_tr * cols > 10;
}

static int cleanable(int tag) {
  switch (tag) {
  case T_FORM:
  case T_FIELDSET:
  case T_TABLE:
  case T_UL:
  case T_OL:
  case T_DIV:
  case T_SECTION: return 1;
  }
  return 0;
}

/* Readability's conditional cleaning: a block whose make-up says list of
 * links, form, gallery or embed rather than prose. */
static int fishy(const hnode *h) {
  if (!cleanable(h->tag) || (h->hint & H_EMBED) ||
      (h->tag == T_TABLE && data_table(h)))
    return 0;
  float score = (h->flags & F_CAND) ? h->score : 0;
  if (h->weight + score < 0) return 1;
  if (h->commas >= 10) return 0;
  int list = h->tag == T_UL || h->tag == T_OL ||
             (h->text && h->list_text > 0.9f * (float)h->text);
  float p = (float)h->n_p, img = (float)h->n_img;
  float li = (float)h->n_li - 100, input = (float)h->n_input;
  float heading = h->text ? (float)h->head_text / (float)h->text : 0;
  float ld = link_density(h);
  return (img > 1 && p / img < 0.5f) || (!list && li > p) ||
         input > floorf(p / 3) ||
         (!list && heading < 0.9f && h->text < 25 &&
          (h->n_img == 0 || h->n_img > 2)) ||
         (!list && h->weight < 25 && ld > 0.2f) ||
         (h->weight >= 25 && ld > 0.5f) || (h->n_embed == 1 && h->text < 75) ||
         h->n_embed > 1;
}

static int starts_ci(const char *s, size_t n, const char *prefix) {
  size_t k = strlen(prefix);
  return n >= k && !strncasecmp(s, prefix, k);
}

static int has_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9') return 1;
  return 0;
}

static int count_spaces(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    k += s[i] == ' ';
  return k;
}

/* "By Jane Doe", "Par Jean Dupont - 12/03/2024", "Updated 10:04 am, May 3":
 * a short line naming the writer or the time, which does not end like a
 * sentence ("By 2020, the fleet will have grown." stays). */
static int byline_or_dateline(const char *s, size_t n) {
  if (count_spaces(s, n) > 12 || strchr(".!?\"", s[n - 1])) return 0;
  static const char *const by[] = {"by ", "par "};
  for (size_t i = 0; i < sizeof by / sizeof *by; i++)
    if (starts_ci(s, n, by[i]) && n > strlen(by[i]) &&
        is_upper(s[strlen(by[i])]))
      return 1;
  static const char *const when[] = {
      "updated",      "published",         "posted",
      "last updated", "mis \xC3\xA0 jour", "publi\xC3\xA9"};
  for (size_t i = 0; i < sizeof when / sizeof *when; i++)
    if (starts_ci(s, n, when[i])) return has_digit(s, n);
  return 0;
}

static void flush(emit *e) {
  kb_buf *p = &e->para;
  while (p->len && p->data[p->len - 1] == ' ')
    p->len--;
  if (!p->len || e->stop || e->st != KB_OK) {
    kb_buf_reset(p);
    return;
  }
  int f = p->len < 512 ? kb_furniture_line(p->data, p->len, 0) : 0;
  if (f == 2 && e->n_paras) e->stop = 1;
  /* a paragraph that is only a link to this site points to another of its
   * articles ("Read: headline"); links out are often the article's own */
  if (!f && e->link_chars * 10 >= e->chars * 9) f = 1;
  if (!f && byline_or_dateline(p->data, p->len)) f = 1;
  if (!f) {
    e->st = kb_buf_add(e->out, p->data, p->len);
    if (e->st == KB_OK) e->st = kb_buf_addc(e->out, '\n');
    e->n_paras++;
  }
  kb_buf_reset(p);
  e->chars = e->link_chars = 0;
}

static void add_text(emit *e, const unsigned char *s) {
  kb_buf *p = &e->para;
  for (; *s && e->st == KB_OK; s++) {
    if (is_space(*s)) {
      if (p->len && p->data[p->len - 1] != ' ') e->st = kb_buf_addc(p, ' ');
    } else {
      e->st = kb_buf_addc(p, (char)*s);
      e->chars++;
      e->link_chars += e->in_link > 0;
    }
  }
}

/* Host part of an absolute URL ("https://www.x.com/a" -> "x.com"). */
static const char *url_host(const char *url, size_t *len) {
  const char *p = url ? strstr(url, "//") : NULL;
  if (!p) return NULL;
  p += 2;
  if (!strncasecmp(p, "www.", 4)) p += 4;
  *len = strcspn(p, "/:?#");
  return *len ? p : NULL;
}

/* A link to the page's own site: relative, or to the same host. */
static int site_link(const emit *e, const xmlNode *a) {
  const char *href = kb_html_attr(a, "href");
  if (!href) return 0;
  size_t n = 0;
  const char *h = url_host(href, &n);
  if (!h)
    return strncasecmp(href, "mailto:", 7) &&
           strncasecmp(href, "javascript:", 11);
  if (!e->host) return 0;
  /* the same host, or one under the other (video.site.com, site.com) */
  size_t k = e->host_len;
  if (n == k) return !strncasecmp(h, e->host, n);
  if (n > k) return h[n - k - 1] == '.' && !strncasecmp(h + n - k, e->host, k);
  return e->host[k - n - 1] == '.' && !strncasecmp(e->host + k - n, h, n);
}

/* 1 when the element's content is emitted. */
static int emit_enter(emit *e, const xmlNode *n) {
  const hnode *h = H(n);
  if (!h || (h->flags & F_SKIP) || h->tag == T_H1) return 0;
  if (h->tag == T_BR || h->tag == T_HR) {
    flush(e);
    return 0;
  }
  if ((e->w->opts & O_CLEAN) && fishy(h)) return 0;
  if (h->tag == T_H2 && h->weight < 0) return 0;
  if (h->tag == T_TD || h->tag == T_TH) {
    add_text(e, (const unsigned char *)" ");
  } else if (is_block(h->tag)) {
    flush(e);
  }
  e->in_link += h->tag == T_A && site_link(e, n);
  return 1;
}

static void emit_leave(emit *e, const xmlNode *n) {
  int tag = H(n)->tag;
  e->in_link -= tag == T_A && site_link(e, n);
  /* a table row is one line: a cell alone ("12") would read as furniture */
  if (is_block(tag) && tag != T_TD && tag != T_TH) flush(e);
}

static void emit_tree(emit *e, const xmlNode *root) {
  const xmlNode *n = root;
  while (n && e->st == KB_OK && !e->stop) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      down = emit_enter(e, n);
      if (down && !n->children) emit_leave(e, n);
    } else if (n->type == XML_TEXT_NODE && n->content) {
      add_text(e, n->content);
    }
    if (down && n->children) {
      n = n->children;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
      emit_leave(e, n);
    }
    n = n == root ? NULL : n->next;
  }
  flush(e);
}

/* The article: the chosen element and the siblings that join it. */
static kb_status emit_article(walk *w, xmlNode *top, kb_buf *out) {
  emit e = {.out = out, .w = w};
  e.host = url_host(w->page_url, &e.host_len);
  kb_buf_init(&e.para, KB_MAX_TEXT_BYTES);
  if (is_body(top) || !top->parent) {
    emit_tree(&e, top);
  } else {
    for (xmlNode *s = top->parent->children; s && e.st == KB_OK; s = s->next)
      if (s->type == XML_ELEMENT_NODE && joins(w, s, top)) emit_tree(&e, s);
  }
  kb_buf_free(&e.para);
  if (w->nomem && e.st == KB_OK) e.st = KB_ERR_NOMEM;
  return e.st;
}

/* ---- attempts ----------------------------------------------------------- */

static xmlNode *find_body(xmlNode *root) {
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && kb_html_tag(n->name) == T_BODY) return n;
  return root;
}

/* Where the article's own <h1> and <time> are: its <article> element, else
 * the parent of the chosen block (which holds the header beside it). */
static const xmlNode *article_scope(const xmlNode *top) {
  for (const xmlNode *n = top; !is_body(n); n = n->parent)
    if (H(n)->tag == T_ARTICLE) return n;
  return is_body(top) || is_body(top->parent) ? top : top->parent;
}

/* Characters (not bytes) of text: the 500 threshold is Readability's. */
static size_t char_count(const kb_buf *b) {
  size_t n = 0;
  for (size_t i = 0; i < b->len; i++)
    n += (b->data[i] & 0xC0) != 0x80;
  return n;
}

enum { ENOUGH_CHARS = 500 };

static const int attempts[] = {O_STRIP_UNLIKELY | O_WEIGHT_CLASSES | O_CLEAN,
                               O_WEIGHT_CLASSES | O_CLEAN, O_CLEAN, 0};

/* Runs the attempts until one gives enough text; best holds the longest
 * text and *container its article. */
static kb_status extract(xmlDoc *doc, walk *w, kb_buf *best,
                         const xmlNode **container) {
  xmlNode *root = xmlDocGetRootElement(doc);
  kb_buf cur;
  kb_buf_init(&cur, KB_MAX_TEXT_BYTES);
  kb_status st = KB_OK;
  size_t best_chars = 0;
  for (size_t i = 0; i < sizeof attempts / sizeof *attempts && root; i++) {
    w->opts = attempts[i];
    w->n_cands = w->cap_cands = 0;
    w->n_pending = w->cap_pending = 0;
    w->open_defer = 0;
    w->body_prop = NULL;
    count_walk(w, root);
    if (w->meta) w->page_url = w->meta->url ? w->meta->url : w->meta->page_url;
    w->meta = NULL; /* metadata once */
    if (w->nomem) {
      st = KB_ERR_NOMEM;
      break;
    }
    xmlNode *top = choose(w, find_body(root));
    kb_buf_reset(&cur);
    st = emit_article(w, top, &cur);
    if (st != KB_OK && st != KB_ERR_TOO_LARGE) break;
    size_t chars = char_count(&cur);
    if (chars > best_chars || !*container) {
      kb_buf tmp = *best;
      *best = cur;
      cur = tmp;
      best_chars = chars;
      *container = article_scope(top);
    }
    if (best_chars >= ENOUGH_CHARS) break;
  }
  kb_buf_free(&cur);
  return st == KB_ERR_TOO_LARGE ? KB_OK : st;
}

/* Hands the paragraphs ('\n'-separated) to the document. */
static kb_status commit(const kb_buf *text, kb_paras *out) {
  kb_status st = KB_OK;
  for (size_t i = 0; i < text->len && st == KB_OK;) {
    const char *nl = memchr(text->data + i, '\n', text->len - i);
    size_t end = nl ? (size_t)(nl - text->data) : text->len;
    st = kb_paras_add(out, text->data + i, end - i);
    i = end + 1;
  }
  return st;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

enum {
  PARSE_OPTS = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_COMPACT |
               HTML_PARSE_IGNORE_ENC /* the input is UTF-8 already */
};

static kb_status parse_and_extract(const kb_buf *html, walk *w, kb_paras *out,
                                   kb_meta *meta) {
  htmlDocPtr doc = htmlReadMemory(html->data ? html->data : "", (int)html->len,
                                  w->meta->url, "UTF-8", PARSE_OPTS);
  if (!doc) return KB_OK; /* nothing parsable: no text */
  kb_buf text;
  kb_buf_init(&text, KB_MAX_TEXT_BYTES);
  const xmlNode *container = NULL;
  kb_hmeta *m = w->meta;
  kb_status st = extract(doc, w, &text, &container);
  if (st == KB_OK) st = kb_hmeta_finish(m, container, meta);
  if (st == KB_OK) st = commit(&text, out);
  kb_buf_free(&text);
  xmlFreeDoc(doc);
  return st;
}

kb_status kb_clean_html(const char *html, size_t len, const char *url,
                        kb_paras *out, kb_meta *meta, kb_error *err) {
  (void)err; /* kb_clean names the input on failure */
  if (len > 0x7fffffffu) return KB_ERR_TOO_LARGE; /* libxml2 takes an int */
  pthread_once(&xml_once, xml_init);
  kb_arena scratch;
  kb_arena_init(&scratch);
  kb_hmeta m = {.out = out->arena, .scratch = &scratch, .url = url};
  hint_cache *hc = kb_arena_alloc(&scratch, sizeof *hc);
  walk w = {.scratch = &scratch, .meta = &m, .hc = hc};
  kb_buf body;
  kb_buf_init(&body, len + 1); /* never longer than its input */
  kb_status st = hc ? prefilter(html, len, &body, &m) : KB_ERR_NOMEM;
  if (st == KB_OK) st = parse_and_extract(&body, &w, out, meta);
  kb_buf_free(&body);
  kb_arena_reset(&scratch);
  return st;
}
