/* Analysis and mentions on sentences written for these tests: folding,
 * tokens, sentence splitting, and the traps of the mentions stage. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "analyse.h"
#include "fold.h"
#include "kibaru.h"
#include "test.h"
#include "tokens.h"

static kb_lexicon *lex;

typedef struct doc {
  kb_doc d;
  kb_text *t;
  kb_analysis *a;
} doc;

static doc analyse(const char *text, const char *published) {
  doc x;
  memset(&x, 0, sizeof x);
  x.d.id = "t";
  x.d.raw = text;
  x.d.raw_len = strlen(text);
  x.d.published = published;
  kb_error err = {0};
  x.t = kb_clean(&x.d, &err);
  x.a = x.t ? kb_analyse(lex, x.t, &err) : NULL;
  if (!x.a) fprintf(stderr, "analysis failed: %s\n", err.message);
  return x;
}

static void done(doc *x) {
  kb_analysis_free(x->a);
  kb_text_free(x->t);
}

/* The first mention of `kind` whose text is `text`, or NULL. */
static const kb_mention *find(const doc *x, kb_mention_kind kind,
                              const char *text) {
  const kb_mention *m;
  size_t n = kb_analysis_mentions(x->a, &m);
  for (size_t i = 0; i < n; i++)
    if (m[i].kind == kind && !strcmp(m[i].text, text)) return &m[i];
  return NULL;
}

static void test_fold(void) {
  const char *s = "L’Armée\xC2\xA0MALIENNE «\xE2\x80\xAF"
                  "Forces\xE2\x80\xAF»";
  char *f = kb_fold_dup(s, strlen(s));
  CHECK_STR(f, "l'armee malienne \" forces \"");
  kb_free(f);
  /* text that folds to nothing (a zero-width space) gives "", not what a
   * reused buffer held; offsets map every folded byte back */
  kb_buf b;
  kb_buf_init(&b, 1024);
  kb_buf_adds(&b, "old content");
  kb_buf_reset(&b);
  b.data[0] = 'x';
  CHECK(kb_fold("\xE2\x80\x8B", 3, &b, NULL, 0) == KB_OK);
  CHECK(b.len == 0 && b.data && b.data[0] == 0);
  kb_buf_free(&b);
  uint32_t map[64];
  kb_buf_init(&b, 1024);
  CHECK(kb_fold("\xC3\x89t\xC3\xA9 `\t", 8, &b, map, 100) == KB_OK);
  CHECK_STR(b.data, "ete ' ");
  CHECK(map[0] == 100 && map[1] == 102 && map[2] == 103 && map[3] == 105 &&
        map[4] == 106 && map[5] == 107 && map[6] == 108);
  kb_buf_free(&b);
}

static void test_tokens(void) {
  const char *s = "l'arrivee des mi-171 russo-maliennes, 1.5 t";
  kb_token t[16];
  size_t n = kb_tokenize(s, strlen(s), t, 16);
  CHECK(n == 8);
  CHECK(t[0].fe - t[0].fs == 2); /* "l'" */
  CHECK(!strncmp(s + t[3].fs, "mi-171", 6));
  CHECK(!strncmp(s + t[4].fs, "russo-maliennes", 15));
  CHECK(t[6].kind == TOK_NUM && t[6].fe - t[6].fs == 3); /* "1.5" */
}

static void test_sentences(void) {
  doc x =
      analyse("Le Gal. Camara et M. Diop ont reçu 1.5 tonne de matériel. "
              "Les U.S. forces left. Le col. Maïga a parlé.\n\nFin de la "
              "dépêche, avec une dernière phrase assez longue pour compter.",
              NULL);
  const kb_span *s;
  size_t n = x.a ? kb_analysis_sentences(x.a, &s) : 0;
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "sentence %zu: %.*s\n", i, (int)(s[i].end - s[i].start),
            x.t->text + s[i].start);
  CHECK(n == 4);
  if (n == 4) {
    CHECK(!strncmp(x.t->text + s[1].start, "Les U.S.", 8));
    CHECK(!strncmp(x.t->text + s[3].start, "Fin de la", 9));
  }
  done(&x);
}

static void test_actor_vs_place(void) {
  doc x = analyse("Moscou a livré des drones au Mali. Le président s'est "
                  "rendu à Moscou la semaine dernière.",
                  "2024-05-10");
  const kb_mention *m;
  size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
  int actors = 0, places = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(m[i].text, "Moscou")) {
      if (m[i].kind == KB_MENTION_ACTOR) {
        actors++;
        CHECK(m[i].start == 0);
        CHECK_STR(m[i].code, "RUS");
      }
      if (m[i].kind == KB_MENTION_PLACE) {
        places++;
        CHECK(m[i].start > 0);
        CHECK_STR(m[i].country, "RUS");
      }
    }
  CHECK(actors == 1 && places == 1);
  done(&x);
}

static void test_maker_adjective(void) {
  doc x = analyse("La Turquie a livré au Niger des hélicoptères russes.", NULL);
  const kb_mention *e =
      x.a ? find(&x, KB_MENTION_EQUIPMENT, "hélicoptères") : NULL;
  CHECK(e != NULL);
  if (e) {
    CHECK_STR(e->category, "helicopter");
    CHECK_STR(e->maker, "RUS");
  }
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  CHECK(n == 1);
  if (n == 1) {
    CHECK_STR(ev[0].source.code, "TUR");
    CHECK_STR(ev[0].target.code, "NER");
  }
  done(&x);
}

static void test_carrier_and_quantity(void) {
  doc x = analyse("Quatre hélicoptères Mi-171Sh et 04 drones sont arrivés "
                  "au Burkina Faso à bord d'un Il-76.",
                  NULL);
  const kb_mention *m;
  size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
  int heli = 0, drones = 0, carrier = 0;
  for (size_t i = 0; i < n; i++) {
    if (m[i].kind != KB_MENTION_EQUIPMENT) continue;
    if (!strcmp(m[i].category, "helicopter")) {
      heli = 1;
      CHECK(m[i].has_quantity && m[i].quantity == 4);
      CHECK_STR(m[i].designation, "Mi-171Sh");
    }
    if (!strcmp(m[i].category, "drone")) {
      drones = 1;
      CHECK(m[i].has_quantity && m[i].quantity == 4);
    }
    if (m[i].carrier) carrier = 1;
  }
  CHECK(heli && drones && carrier);
  done(&x);
}

/* "six Chinese-built armoured personnel carriers": a long hyphenated
 * qualifier between the number and the noun keeps the count. */
static void test_quantity_across_compound(void) {
  doc x = analyse("Cameroon's army took delivery of six Chinese-built "
                  "armoured personnel carriers last week.",
                  NULL);
  const kb_mention *m;
  size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (m[i].kind == KB_MENTION_EQUIPMENT &&
        !strcmp(m[i].category, "armored_vehicle")) {
      found = 1;
      CHECK(m[i].has_quantity && m[i].quantity == 6);
    }
  CHECK(found);
  done(&x);
}

/* "près de Bamako", "near Ouagadougou": a capital after a locative is a
 * place, not the government acting. */
static void test_capital_near(void) {
  const char *texts[] = {
      "La Russie aidera le Mali à construire une usine de munitions près "
      "de Bamako.",
      "China will help Burkina Faso set up an ammunition factory near "
      "Ouagadougou.",
      NULL};
  for (const char **t = texts; *t; t++) {
    doc x = analyse(*t, NULL);
    const kb_mention *m;
    size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
    int place = 0;
    for (size_t i = 0; i < n; i++)
      if (m[i].kind == KB_MENTION_PLACE && m[i].country &&
          (!strcmp(m[i].country, "MLI") || !strcmp(m[i].country, "BFA")))
        place = 1;
    CHECK(place);
    done(&x);
  }
}

/* "ten BRDM-2 armoured reconnaissance vehicles": one item of ten, not a
 * designation and a generic noun counted twice. */
static void test_designation_then_noun(void) {
  doc x = analyse("Russia supplied the Central African Republic with ten "
                  "BRDM-2 armoured reconnaissance vehicles.",
                  NULL);
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  CHECK(n == 1);
  if (n == 1) {
    CHECK(ev[0].n_equipment == 1);
    CHECK(ev[0].equipment[0].quantity == 10);
    CHECK_STR(ev[0].equipment[0].designation, "BRDM-2");
  }
  done(&x);
}

/* "his first trip to Turkey since he took power in 2023": the year dates
 * the seizure of power, the visit is told once. */
static void test_since_clause_date(void) {
  doc x = analyse("Niger's military leader arrived in Ankara on Tuesday for an "
                  "official visit, his first trip to Turkey since he took "
                  "power in 2023.",
                  "2025-03-14");
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  int visits = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(ev[i].type, "VISIT")) {
      visits++;
      CHECK(!ev[i].date_value || strcmp(ev[i].date_value, "2023"));
    }
  CHECK(visits == 1);
  done(&x);
}

/* "Paris avait annoncé en décembre le retrait": December dates the
 * announcement of the withdrawal told before, not a second withdrawal. */
static void test_announced_noun(void) {
  doc x = analyse("Les derniers soldats français ont quitté le Tchad "
                  "vendredi. Paris avait annoncé en décembre le retrait de "
                  "ses soldats du Tchad.",
                  "2025-01-31");
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  int w = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(ev[i].type, "WITHDRAWAL")) {
      w++;
      CHECK_STR(ev[i].date_value, "2025-01-31");
    }
  CHECK(w == 1);
  done(&x);
}

static void test_titles(void) {
  doc x = analyse("Le ministre malien de la Défense a reçu le chef de la "
                  "diplomatie russe.",
                  NULL);
  const kb_mention *m;
  size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
  const char *codes[2] = {0};
  int k = 0;
  for (size_t i = 0; i < n && k < 2; i++)
    if (m[i].kind == KB_MENTION_ACTOR && m[i].actor_kind &&
        !strcmp(m[i].actor_kind, "title"))
      codes[k++] = m[i].code;
  CHECK(k == 2);
  CHECK_STR(codes[0], "MLI");
  CHECK_STR(codes[1], "RUS");
  done(&x);
}

static void test_compound(void) {
  doc x = analyse("La coopération russo-malienne se renforce.", NULL);
  const kb_mention *m;
  size_t n = x.a ? kb_analysis_mentions(x.a, &m) : 0;
  int rus = 0, mli = 0;
  for (size_t i = 0; i < n; i++)
    if (m[i].kind == KB_MENTION_ACTOR && m[i].code) {
      rus += !strcmp(m[i].code, "RUS");
      mli += !strcmp(m[i].code, "MLI");
    }
  CHECK(rus == 1 && mli == 1);
  done(&x);
}

static void test_english_passive(void) {
  doc x = analyse("Two Su-24 aircraft were handed over to Niger by Russia on "
                  "Thursday, the defence ministry said.",
                  "2024-10-12");
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  CHECK(n == 1);
  if (n == 1) {
    CHECK_STR(ev[0].type, "DELIVERY");
    CHECK_STR(ev[0].source.code, "RUS");
    CHECK_STR(ev[0].target.code, "NER");
    CHECK_STR(ev[0].date_value, "2024-10-10");
    CHECK_STR(ev[0].modality, "reported");
    CHECK(ev[0].n_equipment == 1 && ev[0].equipment[0].quantity == 2);
  }
  done(&x);
}

static void test_denied(void) {
  doc x = analyse("Le gouvernement burkinabè dément toute livraison d'armes "
                  "par la Russie au Burkina Faso.",
                  NULL);
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  CHECK(n == 1);
  if (n == 1) CHECK_STR(ev[0].modality, "denied");
  done(&x);
}

/* A bad lexicon line is reported with its file and line number. */
static void test_lexicon_error(void) {
  char dir[] = "/tmp/kb_lexXXXXXX";
  if (!mkdtemp(dir)) return;
  char path[256];
  snprintf(path, sizeof path, "%s/actors.tsv", dir);
  FILE *f = fopen(path, "w");
  fputs("# comment\nMLI\t-\tname\tMali\nRUS\t-\tnickname\tRussie\n", f);
  fclose(f);
  kb_error err = {0};
  kb_lexicon *bad = kb_lexicon_load(dir, &err);
  CHECK(bad == NULL);
  CHECK(err.code == KB_ERR_LEXICON && err.line == 3);
  CHECK(strstr(err.input, "actors.tsv") != NULL);
  CHECK(strstr(err.message, "nickname") != NULL);
  kb_lexicon_free(bad);
  remove(path);
  rmdir(dir);
}

/* The record's JSON: escaping, nulls, extra members and overrides. */
static void test_event_json(void) {
  kb_equipment q = {"helicopter", "Mi-24P", 4, 1, "quatre \"Mi-24P\""};
  kb_event e;
  memset(&e, 0, sizeof e);
  e.doc = "d\\1";
  e.type = "DELIVERY";
  e.source.code = "RUS";
  e.equipment = &q;
  e.n_equipment = 1;
  e.modality = "asserted";
  e.evidence_text = "line\nbreak\ttab\x01";
  e.evidence_start = 3;
  e.evidence_end = 9;
  e.confidence = 0.5;
  char *s = kb_event_to_json(&e, NULL);
  CHECK(s && strstr(s, "\"doc\":\"d\\\\1\""));
  CHECK(s && strstr(s, "\"target\":null"));
  CHECK(s && strstr(s, "\"text\":\"quatre \\\"Mi-24P\\\"\""));
  CHECK(s && strstr(s, "line\\nbreak\\ttab\\u0001"));
  CHECK(s && strstr(s, "\"quantity\":4,"));
  CHECK(s && strstr(s, "\"confidence\":0.5,"));
  free(s);
  s = kb_event_to_json(&e, "{\"id\":\"ev-1\",\"cluster\":null}");
  CHECK(s && strstr(s, "\"cameo\":null,\"id\":\"ev-1\",\"cluster\":null}"));
  free(s);
  s = kb_event_to_json(&e, "{\"modality\":\"hedged\"}");
  CHECK(s && strstr(s, "\"modality\":\"hedged\"") && !strstr(s, "asserted"));
  free(s);
}

/* A page with no security word (a football match) gives no event, even
 * with "rencontre" and "accord" in it. */
static void test_no_security_context(void) {
  doc x = analyse("Football : le Mali bat la Russie en match amical\n\n"
                  "La rencontre entre le Mali et la Russie s'est jouée samedi "
                  "à Moscou devant vingt mille spectateurs. Les Aigles ont "
                  "ouvert le score avant la pause. Les deux fédérations ont "
                  "signé un accord pour un match retour à Bamako. "
                  "L'entraîneur malien a salué l'état d'esprit du groupe. "
                  "Le prochain match aura lieu en juin.",
                  "2024-03-10");
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 1;
  CHECK(n == 0);
  done(&x);
}

/* Every allocation of cleaning, analysis and extraction may fail: the
 * calls then return NULL or fewer events, never crash, never leak (the
 * ASan build checks leaks). */
static void test_allocation_failures(void) {
  const char *text =
      "Le Mali reçoit des drones turcs\n\nLe 3 mai 2024, la Turquie a livré "
      "quatre drones Bayraktar TB2 à l'armée malienne à Bamako, selon le "
      "ministère de la Défense. Des instructeurs turcs formeront les pilotes "
      "maliens.";
  int completed = 0;
  for (long n = 1; n < 400 && !completed; n++) {
    kb_alloc_fail_at(n);
    kb_doc d;
    memset(&d, 0, sizeof d);
    d.id = "alloc";
    d.raw = text;
    d.raw_len = strlen(text);
    kb_error err = {0};
    kb_text *t = kb_clean(&d, &err);
    kb_analysis *a = t ? kb_analyse(lex, t, &err) : NULL;
    const kb_event *ev = NULL;
    size_t ne = a ? kb_extract(a, &ev) : 0;
    char *js = ne ? kb_event_to_json(&ev[0], NULL) : NULL;
    /* the run that no failure reached gives the full answer */
    kb_alloc_fail_at(0);
    if (a && js) completed = 1;
    free(js);
    kb_analysis_free(a);
    kb_text_free(t);
  }
  kb_alloc_fail_at(0);
  CHECK(completed);
}

/* "au lendemain de l'attaque": the attack is the day before the date. */
static void test_day_after(void) {
  doc x = analyse("Le 1er mars 2024, des munitions ont été livrées par la "
                  "Russie aux FAMa au lendemain d'une attaque terroriste "
                  "contre le camp de Kati.",
                  "2024-03-02");
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  int seen = 0;
  for (size_t i = 0; i < n; i++) {
    if (!strcmp(ev[i].type, "ATTACK")) {
      seen++;
      CHECK_STR(ev[i].date_value, "2024-02-29");
    }
    if (!strcmp(ev[i].type, "DELIVERY"))
      CHECK_STR(ev[i].date_value, "2024-03-01");
  }
  CHECK(seen == 1);
  done(&x);
}

/* A hedge opening the next sentence and pointing back weakens the event. */
static void test_hedge_next_sentence(void) {
  doc x = analyse("Moscou a déployé des instructeurs militaires au Burkina "
                  "Faso. Selon des sources locales, ces hommes seraient "
                  "plutôt des combattants. Le gouvernement n'a pas commenté.",
                  NULL);
  const kb_event *ev;
  size_t n = x.a ? kb_extract(x.a, &ev) : 0;
  CHECK(n >= 1);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(ev[i].type, "DEPLOYMENT")) CHECK_STR(ev[i].modality, "hedged");
  done(&x);
}

int main(void) {
  kb_error err = {0};
  lex = kb_lexicon_load(NULL, &err);
  if (!lex) {
    fprintf(stderr, "lexicon: %s:%lld: %s\n", err.input, err.line, err.message);
    return 1;
  }
  test_lexicon_error();
  test_event_json();
  test_fold();
  test_tokens();
  test_sentences();
  test_actor_vs_place();
  test_maker_adjective();
  test_carrier_and_quantity();
  test_quantity_across_compound();
  test_capital_near();
  test_designation_then_noun();
  test_since_clause_date();
  test_announced_noun();
  test_titles();
  test_compound();
  test_english_passive();
  test_denied();
  test_no_security_context();
  test_allocation_failures();
  test_day_after();
  test_hedge_next_sentence();
  kb_lexicon_free(lex);
  TEST_DONE();
}
