/* HTML cleaner: the article's paragraphs come out in order, the furniture
 * does not, the metadata is found, and hostile pages neither crash nor leak.
 * Every page here is written for these tests (tests/fixtures/html/ and
 * inline strings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "clean.h"
#include "kibaru.h"
#include "test.h"

static char *read_fixture(const char *name, size_t *len) {
  const char *dir = getenv("KB_TEST_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/fixtures/html/%s", dir ? dir : "tests", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  *len = s ? fread(s, 1, (size_t)n, f) : 0;
  if (s) s[*len] = 0;
  fclose(f);
  return s;
}

static kb_text *clean(const char *id, const char *html, size_t len,
                      const char *url, kb_error *err) {
  kb_doc d = {.id = id, .url = url, .raw = html, .raw_len = len, .is_html = 1};
  memset(err, 0, sizeof *err);
  return kb_clean(&d, err);
}

static kb_text *clean_str(const char *html, const char *url) {
  kb_error err;
  return clean("inline", html, strlen(html), url, &err);
}

static const char *body(const kb_text *t) { return t->text + t->body_start; }

/* Each part appears, after the previous one. */
static void check_in_order(const char *text, const char *const *parts) {
  const char *at = text;
  for (; *parts; parts++) {
    const char *hit = strstr(at, *parts);
    CHECK(hit != NULL);
    if (!hit) {
      fprintf(stderr, "  missing or out of order: \"%s\"\n", *parts);
      continue;
    }
    at = hit + strlen(*parts);
  }
}

static void check_absent(const char *text, const char *const *parts) {
  for (; *parts; parts++) {
    CHECK(strstr(text, *parts) == NULL);
    if (strstr(text, *parts))
      fprintf(stderr, "  furniture left: \"%s\"\n", *parts);
  }
}

static void test_french_page(void) {
  size_t len;
  char *html = read_fixture("fr_article.html", &len);
  CHECK(html != NULL);
  if (!html) return;
  kb_error err;
  kb_text *t = clean("fr_article.html", html, len, NULL, &err);
  CHECK(t != NULL);
  if (t) {
    CHECK_STR(t->title, "Livraison de drones \xC3\xA0 Gao : l'arm\xC3\xA9"
                        "e re\xC3\xA7oit "
                        "six appareils");
    CHECK_STR(t->publisher, "Le Courrier du Sahel");
    CHECK_STR(t->published, "2024-03-14");
    CHECK_STR(t->lang, "fr");
    static const char *const kept[] = {
        "Six drones de surveillance ont \xC3\xA9t\xC3\xA9 remis mardi",
        "les appareils \xC3\xA9quiperont une unit\xC3\xA9", /* &eacute; */
        "trois semaines\xC2\xA0; les premiers vols",        /* &nbsp; */
        "sign\xC3\xA9 l\xE2\x80\x99"
        "an dernier & financ\xC3\xA9", /* &amp; */
        NULL};
    check_in_order(body(t), kept);
    static const char *const gone[] = {"cookies",
                                       "Accueil",
                                       "Publicit",
                                       "Par Awa",
                                       "Facebook",
                                       "Lire aussi",
                                       "centre de formation",
                                       "Photo",
                                       "Articles similaires",
                                       "Un autre sujet",
                                       "commentaire",
                                       "adresse e-mail",
                                       "Les plus lus",
                                       "Tous droits",
                                       "pas du texte",
                                       "color",
                                       NULL};
    check_absent(t->text, gone);
    CHECK(t->n_paragraphs == 5); /* title + 4 */
  }
  kb_text_free(t);
  free(html);
}

static void test_english_blog(void) {
  size_t len;
  char *html = read_fixture("en_blog.html", &len);
  CHECK(html != NULL);
  if (!html) return;
  kb_error err;
  kb_text *t = clean("en_blog.html", html, len,
                     "https://coastal.example/2021/10/05/patrol-boats/", &err);
  CHECK(t != NULL);
  if (t) {
    CHECK_STR(t->title, "Harbour patrol boats handed over");
    CHECK_STR(t->published, "2021-10-05"); /* from the URL only */
    CHECK(t->publisher == NULL);
    CHECK_STR(t->lang, "en");
    static const char *const kept[] = {
        "Two patrol boats join the harbour fleet",
        "The coast guard took delivery of two patrol boats",
        "Each boat carries a crew of eight",
        "Training",
        "Crews will train with the builder's instructors",
        "Length: 24 metres", /* list items are not counters in HTML */
        "Top speed: 30 knots",
        "By 2023, the authority hopes", /* a sentence, not a byline */
        "A third boat, ordered at the same time",
        NULL};
    check_in_order(body(t), kept);
    static const char *const gone[] = {"Log in",   "Subscribe",  "Share this",
                                       "Twitter",  "Sam Rivers", "newsletter",
                                       "comments", "Great news", "Copyright",
                                       "Privacy",  "10:42 am",   NULL};
    check_absent(t->text, gone);
  }
  kb_text_free(t);
  free(html);
}

/* Explicit article metadata wins over JSON-LD, which wins over the URL. */
static void test_metadata_order(void) {
  kb_text *t = clean_str(
      "<html lang='en-GB'><head>"
      "<title>Page title - Some Site</title>"
      "<meta property='og:title' content='The og title of the story'>"
      "<meta name='twitter:title' content='The twitter title'>"
      "<meta name='application-name' content='App Name'>"
      "<meta property='article:published_time' content='2020-01-02T10:00Z'>"
      "<meta name='date' content='2019-05-06'>"
      "<script type='application/ld+json'>{\"datePublished\": \"2018-01-01\","
      "\"publisher\": {\"name\": \"LD Publisher\"}}</script>"
      "</head><body><article><p>A paragraph long enough to be the article, "
      "with commas, clauses, and a full stop at its end.</p></article>"
      "</body></html>",
      "https://x.example/2017/03/04/story");
  CHECK(t != NULL);
  if (t) {
    CHECK_STR(t->title, "The og title of the story");
    CHECK_STR(t->published, "2020-01-02");
    CHECK_STR(t->publisher, "LD Publisher"); /* JSON-LD before app name */
  }
  kb_text_free(t);
  /* no og: twitter title; named meta date; application-name */
  t = clean_str("<html><head><title>Ignored - Site</title>"
                "<meta name='twitter:title' content='Twitter headline'>"
                "<meta name='application-name' content='App Name'>"
                "<meta name='DC.date.issued' content='2015/07/08'>"
                "</head><body><div><p>Enough words in this one paragraph to "
                "count as an article body, with a comma.</p></div></body>"
                "</html>",
                NULL);
  CHECK(t != NULL);
  if (t) {
    CHECK_STR(t->title, "Twitter headline");
    CHECK_STR(t->published, "2015-07-08");
    CHECK_STR(t->publisher, "App Name");
  }
  kb_text_free(t);
}

/* Microdata, then a <time> inside the article, then JSON-LD in @graph. */
static void test_dates_in_body(void) {
  kb_text *t = clean_str(
      "<html><body><article><h1>Headline in the article</h1>"
      "<span itemprop='datePublished' content='2022-11-30'>30 Nov</span>"
      "<p>The first paragraph of this small article runs for a while, "
      "enough to be scored as one.</p></article></body></html>",
      NULL);
  CHECK(t != NULL);
  if (t) {
    CHECK_STR(t->published, "2022-11-30");
    CHECK_STR(t->title, "Headline in the article"); /* the article's h1 */
    CHECK(strstr(body(t), "Headline") == NULL);
  }
  kb_text_free(t);
  t = clean_str("<html><body><aside><time datetime='2001-01-01'>x</time>"
                "</aside><article><time datetime='2023-06-15T08:00'>15 June"
                "</time><p>A paragraph that makes this article worth "
                "reading, with a comma or two, and an end.</p></article>"
                "</body></html>",
                NULL);
  CHECK(t != NULL);
  if (t) CHECK_STR(t->published, "2023-06-15");
  kb_text_free(t);
  t = clean_str(
      "<html><head><script type=\"application/ld+json\">{ broken json"
      "</script><script type=\"application/ld+json\">{\"@graph\": ["
      "{\"@type\": \"WebPage\"}, {\"@type\": \"Article\", \"datePublished\":"
      " \"2016-02-29T00:00:00\"}]}</script></head><body><div><p>Some text "
      "for the body of this page, long enough to be kept.</p></div></body>"
      "</html>",
      NULL);
  CHECK(t != NULL);
  if (t) CHECK_STR(t->published, "2016-02-29");
  kb_text_free(t);
}

/* A table of figures stays, one row a paragraph, numbers included. */
static void test_data_table(void) {
  const char *rows = "<tr><td>1</td><td>North</td><td>12</td></tr>"
                     "<tr><td>2</td><td>South</td><td>7</td></tr>";
  char html[4096];
  snprintf(html, sizeof html,
           "<html><body><article><p>The regional results, as published by "
           "the commission, are in the table below, with totals.</p>"
           "<table><tr><th>Rank</th><th>Region</th><th>Seats</th></tr>%s"
           "</table><p>Turnout was higher than at the last election, the "
           "commission said, without giving a figure.</p></article>"
           "</body></html>",
           rows);
  kb_text *t = clean_str(html, NULL);
  CHECK(t != NULL);
  if (t) {
    static const char *const kept[] = {
        "regional results", "Rank Region Seats",  "1 North 12",
        "2 South 7",        "Turnout was higher", NULL};
    check_in_order(body(t), kept);
  }
  kb_text_free(t);
}

/* A page that marks its article body is taken at its word when the scores
 * point to a block elsewhere. */
static void test_marked_article_body(void) {
  char html[8192];
  size_t k = (size_t)snprintf(html, sizeof html,
                              "<html><body><div id='a'><div><div><div>");
  for (int i = 0; i < 6; i++)
    k += (size_t)snprintf(html + k, sizeof html - k,
                          "<p>Unrelated block %d, a paragraph of filler, with "
                          "commas, clauses, and enough words to score well on "
                          "its own in the page.</p>",
                          i);
  k += (size_t)snprintf(html + k, sizeof html - k,
                        "</div></div></div></div><div id='b'>"
                        "<div itemprop='articleBody'>");
  for (int i = 0; i < 3; i++)
    k += (size_t)snprintf(
        html + k, sizeof html - k,
        "<p>Marked paragraph %d of the article itself, which the page says "
        "is its body, long enough to be read as prose by anybody, and then "
        "some more words to pass the threshold of five hundred.</p>",
        i);
  snprintf(html + k, sizeof html - k, "</div></div></body></html>");
  kb_text *t = clean_str(html, NULL);
  CHECK(t != NULL);
  if (t) {
    static const char *const kept[] = {"Marked paragraph 0",
                                       "Marked paragraph 2", NULL};
    check_in_order(body(t), kept);
    static const char *const gone[] = {"Unrelated block", NULL};
    check_absent(t->text, gone);
  }
  kb_text_free(t);
}

/* HTML nested 10,000 deep: no crash; libxml2 stops at 256 levels, so the
 * text before the deep part comes out. */
static char *deep_page(const char *open, const char *close, int depth) {
  size_t lo = strlen(open), lc = strlen(close);
  const char *head = "<html><body><article><p>The text before the deep "
                     "part of this page, long enough to be an article "
                     "paragraph, with a comma.</p>";
  const char *tail = "</article></body></html>";
  size_t n = strlen(head) + (lo + lc) * (size_t)depth + 64 + strlen(tail);
  char *s = malloc(n);
  if (!s) return NULL;
  char *p = s + sprintf(s, "%s", head);
  for (int i = 0; i < depth; i++)
    p += sprintf(p, "%s", open);
  p += sprintf(p, "deep text");
  for (int i = 0; i < depth; i++)
    p += sprintf(p, "%s", close);
  sprintf(p, "%s", tail);
  return s;
}

static void test_deep_nesting(void) {
  static const char *const tags[][2] = {
      {"<div>", "</div>"},
      {"<span>", "</span>"},
      {"<b>", "</i>"},
      {"<table><tr><td>", "</td></tr></table>"},
      {"<ul><li>", ""}};
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
    char *html = deep_page(tags[i][0], tags[i][1], 10000);
    CHECK(html != NULL);
    if (!html) continue;
    kb_text *t = clean_str(html, NULL);
    CHECK(t != NULL);
    if (t) CHECK(strstr(t->text, "The text before the deep part") != NULL);
    kb_text_free(t);
    free(html);
  }
}

/* Nothing to read: a clear "no text" error, no crash. */
static void test_empty_and_junk(void) {
  static const char *const pages[] = {"",
                                      "<html></html>",
                                      "<<<>>><!--",
                                      "<script>never closed",
                                      "<svg><p>inside svg",
                                      "\x01\x02\x03 binary \xff\xfe",
                                      "<!-- -->",
                                      "<p></p><div></div>"};
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    kb_error err;
    kb_text *t = clean("junk", pages[i], strlen(pages[i]), NULL, &err);
    CHECK(t == NULL || t->text_len < 64);
    if (!t) CHECK(err.code == KB_ERR_FORMAT);
    kb_text_free(t);
  }
}

/* The cleaner on its own: paragraphs and the raw metadata fields. */
static void test_clean_html_direct(void) {
  const char *html = "<html lang='fr'><head><meta property='og:site_name' "
                     "content='Site'></head><body><div class='content'>"
                     "<p>Premier paragraphe de l'article, assez long pour "
                     "compter, avec une virgule.</p><p>Second paragraphe, "
                     "lui aussi assez long pour compter dans l'article.</p>"
                     "<p>Partager sur Facebook</p></div></body></html>";
  kb_arena a;
  kb_arena_init(&a);
  kb_paras p = {.arena = &a};
  kb_meta m = {0};
  kb_error err;
  memset(&err, 0, sizeof err);
  CHECK(kb_clean_html(html, strlen(html), NULL, &p, &m, &err) == KB_OK);
  CHECK(p.n == 2);
  if (p.n == 2) {
    CHECK(!strncmp(p.items[0], "Premier paragraphe", 18));
    CHECK(!strncmp(p.items[1], "Second paragraphe", 17));
  }
  CHECK_STR(m.lang, "fr");
  CHECK_STR(m.publisher, "Site");
  CHECK(m.published == NULL);
  kb_arena_reset(&a);
}

/* Every allocation failing in turn: NULL with KB_ERR_NOMEM, or a result;
 * never a crash, and (under ASan) never a leak. */
static void test_allocation_failures(void) {
  size_t len;
  char *html = read_fixture("fr_article.html", &len);
  if (!html) return;
  int done = 0;
  for (long n = 1; n < 100000 && !done; n++) {
    kb_error err;
    kb_alloc_fail_at(n);
    kb_text *t = clean("fr_article.html", html, len, NULL, &err);
    kb_alloc_fail_at(0);
    if (t)
      done = 1;
    else
      CHECK(err.code == KB_ERR_NOMEM);
    kb_text_free(t);
  }
  CHECK(done);
  free(html);
}

/* Plain text: a short closing sentence of the article stays; the share
 * buttons, comment form and comments after it go. */
static void test_plain_closing_sentence(void) {
  const char *txt =
      "Accueil\nPolitique\nS\xC3\xA9"
      "curit\xC3\xA9\n"
      "Niamey re\xC3\xA7oit deux avions de transport\n\n"
      "Niamey, 12 mai 2025 - Deux avions de transport C-295 sont "
      "arriv\xC3\xA9s "
      "mardi sur la base a\xC3\xA9rienne 101, a indiqu\xC3\xA9 "
      "l'\xC3\xA9tat-major "
      "dans un communiqu\xC3\xA9 lu \xC3\xA0 la t\xC3\xA9l\xC3\xA9vision.\n\n"
      "Les appareils doivent servir au transport de troupes vers les "
      "r\xC3\xA9gions de Tillab\xC3\xA9ri et de Diffa, selon la m\xC3\xAAme "
      "source.\n\n"
      "Un troisi\xC3\xA8me appareil est attendu en juillet.\n\n"
      "Partager sur Facebook\nPartager sur X\n"
      "Laisser un commentaire\n"
      "Moussa: tr\xC3\xA8s bonne nouvelle pour notre arm\xC3\xA9"
      "e, bravo aux "
      "autorit\xC3\xA9s.\n";
  kb_doc d = {.id = "plain", .raw = txt, .raw_len = strlen(txt)};
  kb_error err = {0};
  kb_text *t = kb_clean(&d, &err);
  CHECK(t != NULL);
  if (!t) return;
  CHECK(strstr(t->text, "attendu en juillet.") != NULL);
  CHECK(strstr(t->text, "Tillab\xC3\xA9ri") != NULL);
  CHECK(strstr(t->text, "Partager") == NULL);
  CHECK(strstr(t->text, "commentaire") == NULL);
  CHECK(strstr(t->text, "bravo") == NULL);
  CHECK(strstr(t->text, "Politique") == NULL);
  kb_text_free(t);
}

/* A text without a publication date takes its dateline's; a date that
 * merely opens the first sentence is not a dateline. */
static void test_dateline(void) {
  static const struct {
    const char *text, *published;
  } cases[] = {
      {"Titre de la d\xC3\xA9p\xC3\xAA"
       "che\n\nNIAMEY, 3 mars 2025 (AFP) - Le "
       "Niger a re\xC3\xA7u vendredi vingt blind\xC3\xA9s, a annonc\xC3\xA9 le "
       "minist\xC3\xA8re de la D\xC3\xA9"
       "fense.\n",
       "2025-03-03"},
      {"A headline for the story\n\nABUJA, March 14, 2024: Nigeria took "
       "delivery of two more attack helicopters this week, the air force "
       "said.\n",
       "2024-03-14"},
      {"Titre de la d\xC3\xA9p\xC3\xAA"
       "che\n\nLe 3 mars 2025, le Niger a "
       "re\xC3\xA7u vingt blind\xC3\xA9s, a annonc\xC3\xA9 le minist\xC3\xA8re "
       "de la D\xC3\xA9"
       "fense \xC3\xA0 Niamey.\n",
       NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    kb_doc d = {
        .id = "dl", .raw = cases[i].text, .raw_len = strlen(cases[i].text)};
    kb_error err = {0};
    kb_text *t = kb_clean(&d, &err);
    CHECK(t != NULL);
    if (!t) continue;
    if (cases[i].published)
      CHECK_STR(t->published, cases[i].published);
    else
      CHECK(t->published == NULL);
    kb_text_free(t);
  }
}

/* A record with its own title: a short lead is body text, not a second
 * headline; a first line repeating the title is the headline. */
static void test_record_title(void) {
  const char *lead =
      "Le Niger a re\xC3\xA7u jeudi deux drones Akinci livr\xC3\xA9s "
      "par la Turquie, a indiqu\xC3\xA9 l'arm\xC3\xA9"
      "e.";
  char txt[1024];
  snprintf(
      txt, sizeof txt,
      "%s\n\nLes appareils ont \xC3\xA9t\xC3\xA9 pr\xC3\xA9sent\xC3\xA9s "
      "\xC3\xA0 "
      "la presse sur la base a\xC3\xA9rienne de Niamey, en pr\xC3\xA9sence "
      "du ministre de la D\xC3\xA9"
      "fense et de l'ambassadeur turc.\n",
      lead);
  kb_doc d = {.id = "t",
              .title = "Niamey re\xC3\xA7oit ses drones turcs",
              .raw = txt,
              .raw_len = strlen(txt)};
  kb_error err = {0};
  kb_text *t = kb_clean(&d, &err);
  CHECK(t && strstr(t->text, "deux drones Akinci") != NULL);
  kb_text_free(t);
  snprintf(txt, sizeof txt,
           "Niamey re\xC3\xA7oit ses drones turcs !\n\n%s\n\nLes appareils ont "
           "\xC3\xA9t\xC3\xA9 pr\xC3\xA9sent\xC3\xA9s \xC3\xA0 la presse sur "
           "la base "
           "a\xC3\xA9rienne de Niamey, en pr\xC3\xA9sence du ministre.\n",
           lead);
  d.raw_len = strlen(txt);
  t = kb_clean(&d, &err);
  CHECK(t && strstr(t->text, "deux drones Akinci") != NULL);
  /* the repeated headline is not in the body */
  CHECK(t && strstr(t->text + t->body_start, "ses drones turcs") == NULL);
  kb_text_free(t);
}

int main(void) {
  test_record_title();
  test_dateline();
  test_plain_closing_sentence();
  test_french_page();
  test_english_blog();
  test_metadata_order();
  test_dates_in_body();
  test_data_table();
  test_marked_article_body();
  test_deep_nesting();
  test_empty_and_junk();
  test_clean_html_direct();
  test_allocation_failures(); /* last: the rules are loaded by now */
  TEST_DONE();
}
