/* Metadata of an HTML page: title, publisher, publication date, language.
 *
 * Every source is a vote with a rank: publishers fill several of them and
 * they disagree (the <title> carries the site name, a <time> may date a
 * comment). Explicit article metadata comes first, then microdata, JSON-LD,
 * a <time> inside the article, and the URL last. A date is only taken when
 * kb_normalise_date understands it, so a later source can still win over an
 * unreadable earlier one. */
#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "clean_html.h"

enum {
  RANK_ARTICLE_META = 1, /* article:published_time */
  RANK_NAMED_META,       /* meta name=date, pubdate, DC.date.issued... */
  RANK_MICRODATA,        /* itemprop=datePublished */
  RANK_JSONLD,
  RANK_TIME, /* <time datetime> inside the article */
  RANK_URL
};

/* meta name/property values that carry the publication date */
static const char *const date_names[] = {
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
    "article.published",
    "datepublished",
    "cxenseparse:recs:publishtime",
};

static int in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcasecmp(s, list[i])) return 1;
  return 0;
}

static const char *dup_out(kb_hmeta *m, const char *s) {
  const char *d = kb_arena_strdup(m->out, s);
  if (s && !d) m->nomem = 1;
  return d;
}

static void offer_date(kb_hmeta *m, const char *value, int rank) {
  if (!value || !*value || (m->date_rank && m->date_rank <= rank)) return;
  if (!kb_normalise_date(m->scratch, value)) return;
  m->date = dup_out(m, value);
  m->date_rank = rank;
}

/* Keeps the first non-blank value, trimmed. */
static void set_once(kb_hmeta *m, const char **field, const char *value) {
  if (*field || !value) return;
  while (isspace((unsigned char)*value))
    value++;
  size_t n = strlen(value);
  while (n && isspace((unsigned char)value[n - 1]))
    n--;
  if (!n) return;
  *field = kb_arena_strndup(m->out, value, n);
  if (!*field) m->nomem = 1;
}

static void meta_tag(kb_hmeta *m, const xmlNode *n) {
  const char *content = kb_html_attr(n, "content");
  if (!content) return;
  const char *key = kb_html_attr(n, "property");
  if (!key) key = kb_html_attr(n, "name");
  if (!key) key = kb_html_attr(n, "itemprop");
  if (!key) return;
  if (!strcasecmp(key, "og:title"))
    set_once(m, &m->og_title, content);
  else if (!strcasecmp(key, "twitter:title"))
    set_once(m, &m->tw_title, content);
  else if (!strcasecmp(key, "og:site_name"))
    set_once(m, &m->og_site, content);
  else if (!strcasecmp(key, "application-name"))
    set_once(m, &m->app_name, content);
  else if (!strcasecmp(key, "og:url"))
    set_once(m, &m->page_url, content);
  else if (!strcasecmp(key, "article:published_time"))
    offer_date(m, content, RANK_ARTICLE_META);
  else if (in_list(key, date_names, sizeof date_names / sizeof *date_names))
    offer_date(m, content, RANK_NAMED_META);
}

static void microdata_date(kb_hmeta *m, const xmlNode *n) {
  const char *v = kb_html_attr(n, "content");
  if (!v) v = kb_html_attr(n, "datetime");
  if (v) {
    offer_date(m, v, RANK_MICRODATA);
    return;
  }
  char *t = kb_html_text(m->scratch, n, 256);
  if (!t) m->nomem = 1;
  offer_date(m, t, RANK_MICRODATA);
}

static void remember(const xmlNode **list, size_t *n, const xmlNode *node) {
  if (*n < KB_HTML_MAX_MARKS) list[(*n)++] = node;
}

void kb_hmeta_element(kb_hmeta *m, const xmlNode *n, int tag,
                      const char *itemprop) {
  switch (tag) {
  case T_HTML: set_once(m, &m->lang, kb_html_attr(n, "lang")); break;
  case T_META: meta_tag(m, n); return; /* its itemprop was read with its name */
  case T_TITLE:
    if (!m->doc_title) {
      m->doc_title = kb_html_text(m->out, n, 1024);
      if (!m->doc_title) m->nomem = 1;
    }
    break;
  case T_LINK: {
    const char *rel = kb_html_attr(n, "rel");
    if (rel && !strcasecmp(rel, "canonical"))
      set_once(m, &m->page_url, kb_html_attr(n, "href"));
    return;
  }
  case T_TIME:
    if (kb_html_attr(n, "datetime")) remember(m->times, &m->n_times, n);
    break;
  case T_H1: remember(m->h1s, &m->n_h1, n); break;
  }
  if (itemprop && !strcasecmp(itemprop, "datePublished")) microdata_date(m, n);
}

/* ---- JSON-LD ------------------------------------------------------------ */

static const char *json_str(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *publisher_name(json_t *o) {
  json_t *p = json_object_get(o, "publisher");
  if (json_is_array(p)) p = json_array_get(p, 0);
  if (json_is_string(p)) return json_string_value(p);
  return json_is_object(p) ? json_str(p, "name") : NULL;
}

/* One object of a JSON-LD block: an article, a WebPage, a @graph member. */
static void jsonld_object(kb_hmeta *m, json_t *o, const char **publisher) {
  if (!json_is_object(o)) return;
  offer_date(m, json_str(o, "datePublished"), RANK_JSONLD);
  if (!*publisher) *publisher = publisher_name(o);
}

/* Blocks are an object, an array of objects, or an object with a @graph
 * array; nothing deeper is searched, so no recursion over the input. */
static void jsonld_block(kb_hmeta *m, json_t *root, const char **publisher) {
  json_t *list = json_is_array(root) ? root : json_object_get(root, "@graph");
  jsonld_object(m, root, publisher);
  if (!json_is_array(list)) return;
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) jsonld_object(m, v, publisher);
}

/* Parses the JSON-LD blocks only when they can still change a field. */
static void jsonld(kb_hmeta *m) {
  if (m->date_rank && m->date_rank <= RANK_JSONLD && m->og_site) return;
  for (size_t i = 0; i < m->n_ld; i++) {
    json_error_t e;
    json_t *root = json_loadb(m->ld[i].s, m->ld[i].n, 0, &e);
    if (!root) continue; /* broken JSON-LD is common; ignore it */
    const char *pub = NULL;
    jsonld_block(m, root, &pub);
    if (pub && !m->og_site) set_once(m, &m->og_site, pub);
    json_decref(root);
  }
}

/* ---- title -------------------------------------------------------------- */

static const char *const separators[] = {
    " | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
    " :: ", " \xC2\xBB ", " \xC2\xB7 ",     " / "};

/* Position of the last separator in s, its length in *len; NULL if none. */
static const char *last_separator(const char *s, size_t *len) {
  const char *best = NULL;
  for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
    size_t k = strlen(separators[i]);
    for (const char *p = strstr(s, separators[i]); p;
         p = strstr(p + 1, separators[i]))
      if (!best || p > best) {
        best = p;
        *len = k;
      }
  }
  return best;
}

static int word_count(const char *s, size_t n) {
  int w = 0, in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = isspace((unsigned char)s[i]);
    w += !sp && !in;
    in = !sp;
  }
  return w;
}

/* "Headline - Site" -> "Headline". A suffix naming the site always goes;
 * any other last segment goes when the title is a <title> (general) and
 * what remains still reads like a headline (three words or more). */
static const char *strip_site(kb_hmeta *m, const char *t, int general) {
  size_t sep_len = 0;
  const char *sep = last_separator(t, &sep_len);
  if (!sep || sep == t) return t;
  const char *tail = sep + sep_len;
  int names_site = m->og_site && !strcasecmp(tail, m->og_site);
  if (!names_site && (!general || word_count(t, (size_t)(sep - t)) < 3))
    return t;
  const char *d = kb_arena_strndup(m->out, t, (size_t)(sep - t));
  if (!d) m->nomem = 1;
  return d ? d : t;
}

static int inside(const xmlNode *n, const xmlNode *container) {
  for (; n; n = n->parent)
    if (n == container) return 1;
  return 0;
}

static const char *article_h1(kb_hmeta *m, const xmlNode *container) {
  for (size_t i = 0; i < m->n_h1 && container; i++)
    if (inside(m->h1s[i], container)) {
      const char *t = kb_html_text(m->out, m->h1s[i], 1024);
      if (!t) m->nomem = 1;
      if (t && *t) return t;
    }
  return NULL;
}

static const char *pick_title(kb_hmeta *m, const xmlNode *container) {
  if (m->og_title) return strip_site(m, m->og_title, 0);
  if (m->tw_title) return strip_site(m, m->tw_title, 0);
  const char *h1 = article_h1(m, container);
  if (h1) return h1;
  return m->doc_title && *m->doc_title ? strip_site(m, m->doc_title, 1) : NULL;
}

/* ---- settling ----------------------------------------------------------- */

static void article_time(kb_hmeta *m, const xmlNode *container) {
  for (size_t i = 0; i < m->n_times && container; i++)
    if (inside(m->times[i], container))
      offer_date(m, kb_html_attr(m->times[i], "datetime"), RANK_TIME);
}

/* "en-US" -> "en"; anything else than a 2-3 letter primary tag is ignored. */
static const char *lang_code(kb_hmeta *m) {
  if (!m->lang) return NULL;
  size_t n = 0;
  char code[4] = {0};
  while (n < 4 && isalpha((unsigned char)m->lang[n])) {
    if (n < 3) code[n] = (char)tolower((unsigned char)m->lang[n]);
    n++;
  }
  return n >= 2 && n <= 3 ? dup_out(m, code) : NULL;
}

kb_status kb_hmeta_finish(kb_hmeta *m, const xmlNode *container,
                          kb_meta *meta) {
  jsonld(m);
  article_time(m, container);
  offer_date(m, m->url, RANK_URL);
  offer_date(m, m->page_url, RANK_URL);
  if (!meta->title) meta->title = pick_title(m, container);
  if (!meta->publisher) meta->publisher = m->og_site ? m->og_site : m->app_name;
  if (!meta->published) meta->published = m->date;
  if (!meta->lang) meta->lang = lang_code(m);
  return m->nomem ? KB_ERR_NOMEM : KB_OK;
}
