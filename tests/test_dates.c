/* kb_dates_find on sentences written for this test, French and English,
 * folded first as the mentions stage does. */
#include <string.h>

#include "alloc.h"
#include "dates.h"
#include "fold.h"
#include "test.h"

#define MAXH 16

typedef struct found {
  char *folded;
  kb_date_hit h[MAXH];
  size_t n;
} found;

static found run(const char *text, const char *anchor) {
  found f;
  f.folded = kb_fold_dup(text, strlen(text));
  f.n = f.folded ? kb_dates_find(f.folded, strlen(f.folded), anchor, f.h, MAXH)
                 : 0;
  return f;
}

/* The values found, space-separated, "~" for an unresolved hit. */
static void values(const found *f, char *out, size_t size) {
  out[0] = 0;
  for (size_t i = 0; i < f->n; i++) {
    size_t len = strlen(out);
    snprintf(out + len, size - len, "%s%s", i ? " " : "",
             f->h[i].value[0] ? f->h[i].value : "~");
  }
}

#define DATES(text, anchor, expected)                                          \
  do {                                                                         \
    found f_ = run(text, anchor);                                              \
    char got_[256];                                                            \
    values(&f_, got_, sizeof got_);                                            \
    CHECK_STR(got_, expected);                                                 \
    kb_free(f_.folded);                                                        \
  } while (0)

/* One hit: its text, value, precision and relative flag. */
#define HIT(text, anchor, want_span, want_value, want_prec, want_rel)          \
  do {                                                                         \
    found f_ = run(text, anchor);                                              \
    CHECK(f_.n == 1);                                                          \
    if (f_.n == 1) {                                                           \
      char span_[128];                                                         \
      snprintf(span_, sizeof span_, "%.*s",                                    \
               (int)(f_.h[0].end - f_.h[0].start), f_.folded + f_.h[0].start); \
      CHECK_STR(span_, want_span);                                             \
      CHECK_STR(f_.h[0].value, want_value);                                    \
      CHECK(f_.h[0].precision == (want_prec));                                 \
      CHECK(f_.h[0].relative == (want_rel));                                   \
    }                                                                          \
    kb_free(f_.folded);                                                        \
  } while (0)

static void absolute_dates(void) {
  HIT("Le 18 septembre 2024, quatre hélicoptères sont arrivés.", NULL,
      "le 18 septembre 2024", "2024-09-18", 3, 0);
  HIT("La cérémonie a eu lieu le 1er octobre 2023 à Niamey.", NULL,
      "le 1er octobre 2023", "2023-10-01", 3, 0);
  DATES("Les appareils, livrés le 30/09/2021, sont opérationnels.", NULL,
        "2021-09-30");
  DATES("Rapport daté du 30.09.2021 et publié le 2021-10-04.", NULL,
        "2021-09-30 2021-10-04");
  HIT("The aircraft landed on September 30, 2021 in Bamako.", NULL,
      "on september 30, 2021", "2021-09-30", 3, 0);
  DATES("The deal was signed Sept. 30, 2021, officials said.", NULL,
        "2021-09-30");
  DATES("The base was handed over on 30 September 2021.", NULL, "2021-09-30");
  /* After an English "Month Day," a plural noun does not make the year a
   * count; in French word order it still can. */
  DATES("Since the March 4, 2012 attacks, troops have stayed.", NULL,
        "2012-03-04");
  DATES("Le 4 mars, 2012 soldats sont partis.", "2024-05-01", "2024-03-04");
  DATES("It was reported on the 3rd of March 2022.", NULL, "2022-03-03");
  HIT("Le ministre est arrivé le lundi 23 juin 2025 à Moscou.", NULL,
      "le lundi 23 juin 2025", "2025-06-23", 3, 0);
  DATES("On Monday, June 23, 2025, the minister flew to Moscow.", NULL,
        "2025-06-23");
  DATES("Le 29 février 2024 puis le 28 février 2023.", NULL,
        "2024-02-29 2023-02-28");
  /* No 31 February, no 29 February 2023, no 13th month, no 32nd day. */
  DATES("Le 31 février 2024, rien.", NULL, "");
  DATES("Le 29 février 2023, rien.", NULL, "");
  DATES("Daté du 32/13/2021 ou du 32.01.2021.", NULL, "");
  DATES("US order: 12/13/2021.", NULL, "2021-12-13");
  DATES("Month-first: 09/30/2021.", NULL, "2021-09-30");
  DATES("Du 18 au 20 septembre 2024, des exercices ont eu lieu.", NULL,
        "2024-09-18 2024-09-20");
  DATES("Les 18 et 19 septembre 2024 à Bamako.", NULL, "2024-09-18 2024-09-19");
  DATES("Entre le 30 septembre et le 2 octobre 2024, trois vols.", NULL,
        "2024-09-30 2024-10-02");
}

static void partial_dates(void) {
  HIT("Le contrat a été signé en août 2022.", NULL, "en aout 2022", "2022-08",
      2, 0);
  DATES("Août 2022 restera une date clé.", NULL, "2022-08");
  DATES("Deliveries resumed in June 2024.", NULL, "2024-06");
  HIT("Fin juin 2024, les troupes sont parties.", NULL, "fin juin 2024",
      "2024-06", 2, 0);
  HIT("Les livraisons sont prévues fin 2023.", NULL, "fin 2023", "2023", 1, 0);
  DATES("Début 2024, le pays a reçu des drones.", NULL, "2024");
  DATES("Des exercices ont eu lieu en 2022 et 2023.", NULL, "2022 2023");
  DATES("Des exercices ont eu lieu en 2022, 2023 et 2024.", NULL,
        "2022 2023 2024");
  DATES("Le programme court de 2020 à 2023.", NULL, "2020 2023");
  DATES("Courant 2024, la coopération s'est renforcée.", NULL, "2024");
  HIT("The order was placed in early 2023.", NULL, "in early 2023", "2023", 1,
      0);
  DATES("The first units arrived late 2022.", NULL, "2022");
  DATES("The base has been used since 2021.", NULL, "2021");
  DATES("Mi-2023, la mission a pris fin.", NULL, "2023");
  DATES("À la fin de 2023, le contingent est rentré.", NULL, "2023");
  DATES("Depuis 2019 sous embargo, le pays se tourne vers Moscou.", NULL,
        "2019");
  DATES("En l'an 2000, le traité fut signé.", NULL, "2000");
  DATES("La saison 2024-2025 sera décisive.", NULL, "2024 2025");
  DATES("2025 marque le retour des instructeurs.", NULL, "2025");
  DATES("Au premier semestre 2024, les importations ont baissé.", NULL, "2024");
  HIT("Le contrat a été signé ce lundi 23 juin 2025 à Moscou.", NULL,
      "ce lundi 23 juin 2025", "2025-06-23", 3, 0);
  /* A deictic word keeps its article, not the words before it. */
  HIT("La visite a pris fin hier jeudi.", "2025-06-27", "hier jeudi",
      "2025-06-26", 3, 1);
  HIT("Ils attendent depuis le mois dernier.", "2025-06-27", "le mois dernier",
      "2025-05", 2, 1);
}

static void context_years(void) {
  /* Day and month alone: a year written earlier in the same sentence
   * wins; one from an earlier sentence (often background) yields to the
   * anchor, and is used only when there is no anchor. */
  DATES("Le 18 septembre 2023, un accord a été signé. Plus tard, le 1er "
        "octobre, les premiers avions sont arrivés.",
        "2025-01-10", "2023-09-18 2024-10-01");
  DATES("Le 18 septembre 2023, un accord a été signé. Plus tard, le 1er "
        "octobre, les premiers avions sont arrivés.",
        NULL, "2023-09-18 2023-10-01");
  DATES("Signé le 18 septembre 2023, l'accord prévoyait une livraison le 1er "
        "octobre.",
        "2025-01-10", "2023-09-18 2023-10-01");
  /* The anchor's year, or the year before when the date would be more
   * than two months after publication. */
  DATES("Le 1er octobre, les premiers avions sont arrivés.", "2024-10-20",
        "2024-10-01");
  DATES("Le 20 décembre, les premiers avions sont arrivés.", "2025-01-05",
        "2024-12-20");
  DATES("Le 20 février, une visite est prévue.", "2025-01-05", "2025-02-20");
  /* Nothing to resolve against: reported, unresolved, precision 3. */
  HIT("Le 1er octobre, les premiers avions sont arrivés.", NULL,
      "le 1er octobre", "", 3, 0);
  HIT("Lundi 23 juin, le ministre est arrivé.", NULL, "lundi 23 juin", "", 3,
      0);
  /* A month alone needs a context word, then takes the context year. */
  DATES("Les livraisons ont commencé en 2022. Début juin, deux avions sont "
        "arrivés, puis mi-juin deux autres.",
        NULL, "2022 2022-06 2022-06");
  HIT("Début juin, deux avions sont arrivés.", "2024-07-02", "debut juin",
      "2024-06", 2, 0);
  HIT("En juin, deux avions sont arrivés.", NULL, "en juin", "", 2, 0);
  DATES("En juin et juillet 2024, six vols.", NULL, "2024-06 2024-07");
  DATES("Le 5 septembre dernier, une délégation est venue.", "2024-08-10",
        "2023-09-05");
  DATES("En septembre dernier, une délégation est venue.", "2024-11-10",
        "2024-09");
  DATES("Le 5 octobre prochain, une délégation viendra.", "2024-08-10",
        "2024-10-05");
}

static void relative_dates(void) {
  /* 2024-10-03 is a Thursday. */
  HIT("Jeudi, le ministre a reçu l'ambassadeur.", "2024-10-03", "jeudi",
      "2024-10-03", 3, 1);
  HIT("Ce jeudi, le ministre a reçu l'ambassadeur.", "2024-10-05", "ce jeudi",
      "2024-10-03", 3, 1);
  HIT("Jeudi dernier, le ministre a reçu l'ambassadeur.", "2024-10-03",
      "jeudi dernier", "2024-09-26", 3, 1);
  HIT("Lundi dernier, deux avions sont arrivés.", "2024-10-03", "lundi dernier",
      "2024-09-30", 3, 1);
  HIT("Jeudi prochain, le ministre recevra l'ambassadeur.", "2024-10-03",
      "jeudi prochain", "2024-10-10", 3, 1);
  HIT("Hier, deux avions ont atterri.", "2024-10-03", "hier", "2024-10-02", 3,
      1);
  HIT("Hier jeudi, deux avions ont atterri.", "2024-10-04", "hier jeudi",
      "2024-10-03", 3, 1);
  HIT("Avant-hier, deux avions ont atterri.", "2024-10-01", "avant-hier",
      "2024-09-29", 3, 1);
  HIT("Aujourd'hui, deux avions ont atterri.", "2024-10-03", "aujourd'hui",
      "2024-10-03", 3, 1);
  HIT("La semaine dernière, deux avions ont atterri.", "2024-10-03",
      "la semaine derniere", "2024-09", 2, 1);
  HIT("Le mois dernier, deux avions ont atterri.", "2024-01-15",
      "le mois dernier", "2023-12", 2, 1);
  HIT("L'année dernière, deux avions ont atterri.", "2024-10-03",
      "l'annee derniere", "2023", 1, 1);
  HIT("Cette année, deux avions ont atterri.", "2024-10-03", "cette annee",
      "2024", 1, 1);
  HIT("Les drones seront livrés d'ici la fin de l'année.", "2024-10-03",
      "la fin de l'annee", "2024", 1, 1);
  HIT("Le contrat sera signé avant la fin de l'année prochaine.", "2024-10-03",
      "la fin de l'annee prochaine", "2025", 1, 1);
  HIT("The jets are due by year-end.", "2024-10-03", "year-end", "2024", 1, 1);
  HIT("The jets are due by the end of next year.", "2024-10-03",
      "end of next year", "2025", 1, 1);
  HIT("Il y a deux jours, deux avions ont atterri.", "2024-10-03",
      "il y a deux jours", "2024-10-01", 3, 1);
  HIT("Il y a un an, le contrat était signé.", "2024-10-03", "il y a un an",
      "2023", 1, 1);
  HIT("The minister arrived on Thursday.", "2024-10-04", "on thursday",
      "2024-10-03", 3, 1);
  HIT("Last Thursday the minister arrived.", "2024-10-03", "last thursday",
      "2024-09-26", 3, 1);
  HIT("Next Thursday the minister arrives.", "2024-10-03", "next thursday",
      "2024-10-10", 3, 1);
  HIT("Yesterday the minister arrived.", "2024-03-01", "yesterday",
      "2024-02-29", 3, 1);
  HIT("Last week the minister arrived.", "2024-10-03", "last week", "2024-09",
      2, 1);
  HIT("This week the minister arrived.", "2024-10-03", "this week", "2024-10",
      2, 1);
  HIT("Last month the minister arrived.", "2024-10-03", "last month", "2024-09",
      2, 1);
  HIT("Last year the minister arrived.", "2024-10-03", "last year", "2023", 1,
      1);
  HIT("Three weeks ago the minister arrived.", "2024-10-03", "three weeks ago",
      "2024-09", 2, 1);
  /* A weekday needs an anchor with a day: otherwise left unresolved. */
  HIT("Jeudi, le ministre a reçu l'ambassadeur.", NULL, "jeudi", "", 3, 1);
  HIT("Jeudi, le ministre a reçu l'ambassadeur.", "2024-10", "jeudi", "", 3, 1);
  HIT("Hier, deux avions ont atterri.", "2024", "hier", "", 3, 1);
  /* ... but a month anchor is enough for "le mois dernier". */
  HIT("Le mois dernier, deux avions ont atterri.", "2024-10", "le mois dernier",
      "2024-09", 2, 1);
}

static void traps(void) {
  DATES("2000 soldats ont été déployés.", NULL, "");
  DATES("Le pays a reçu 04 hélicoptères et 2000 fusils.", NULL, "");
  DATES("En 2000 soldats, la force est modeste.", NULL, "");
  DATES("Depuis 2000 ans, la ville existe.", NULL, "");
  DATES("Plus de 1500 hommes et 2024 km de frontière.", NULL, "");
  DATES("Le 1er bataillon est arrivé à 10h30.", NULL, "");
  DATES("Le vol part à 10h30 le 12 mai 2024.", NULL, "2024-05-12");
  DATES("Les premières et deuxièmes livraisons.", NULL, "");
  DATES("Un budget de 2 000 000 FCFA, soit 3 050 euros.", NULL, "");
  DATES("Sept soldats et 2 Mi-24 ont été vus.", NULL, "");
  DATES("The troops may leave; they march on.", NULL, "");
  DATES("En hausse de 2,5 % sur 2023-2024 contre 1.2024.", NULL, "2023 2024");
  DATES("Le numéro 2021-09-31 est invalide.", NULL, "");
  DATES("", "2024-10-03", "");
  DATES("   ", NULL, "");
  /* A bad anchor counts as none. */
  DATES("Hier, rien.", "hier", "~");
  DATES("Hier, rien.", "2024-13-40", "~");
}

static void offsets_and_limits(void) {
  const char *text = "Arrivés le 18 septembre 2024 et repartis hier.";
  found f = run(text, "2024-10-03");
  CHECK(f.n == 2);
  if (f.n == 2) {
    CHECK(f.h[0].start == 8 && f.h[0].end == 28);
    CHECK(f.h[1].start < f.h[1].end && f.h[0].end <= f.h[1].start);
    CHECK(!strncmp(f.folded + f.h[1].start, "hier", 4));
  }
  kb_date_hit one[1];
  CHECK(kb_dates_find(f.folded, strlen(f.folded), NULL, one, 1) == 1);
  CHECK(!strcmp(one[0].value, "2024-09-18"));
  CHECK(kb_dates_find(f.folded, strlen(f.folded), NULL, NULL, 0) == 0);
  CHECK(kb_dates_find(NULL, 10, NULL, one, 1) == 0);
  /* A prefix stops where it is told: no read past n. */
  CHECK(kb_dates_find(f.folded, 16, NULL, one, 1) == 0);
  kb_free(f.folded);

  /* A long text: hits far apart are all found, in order. */
  size_t reps = 2000, len = 0;
  const char *piece = "Le 18 septembre 2024, rien. Texte sans date ici. ";
  char *big = kb_malloc(reps * strlen(piece) + 1);
  for (size_t i = 0; i < reps; i++) {
    memcpy(big + len, piece, strlen(piece));
    len += strlen(piece);
  }
  big[len] = 0;
  static kb_date_hit many[4096];
  size_t n = kb_dates_find(big, len, NULL, many, 4096);
  CHECK(n == reps);
  int ordered = 1;
  for (size_t i = 1; i < n; i++)
    ordered &= many[i - 1].end <= many[i].start &&
               !strcmp(many[i].value, "2024-09-18");
  CHECK(ordered);
  kb_free(big);
}

/* What the token window lets a pattern see, pinned: the scanner's speed-ups
 * must not move these. */
static void window(void) {
  /* A pattern sees 24 tokens from where it starts: "juin" is the 25th from
   * the first "en", so the match starts one token later. */
  HIT("en l'an l'an en l'an en l'an jusqu'a l'an jusqu'en juin", "2024-10-03",
      "l'an l'an en l'an en l'an jusqu'a l'an jusqu'en juin", "2024-06", 2, 0);
  /* "ago" counts only within six tokens of the number. */
  DATES("They left two weeks later, one day after the vote, ten years ago.",
        "2024-10-03", "2014");
  DATES("Three weeks ago, the minister said three years after the war it was "
        "two days ago.",
        "2024-10-03", "2024-09 2024-10-01");
  /* Far into a long text (the window has moved many times). */
  size_t len = 0;
  char big[4096];
  for (int i = 0; i < 300; i++) {
    memcpy(big + len, "mot ", 4);
    len += 4;
  }
  snprintf(big + len, sizeof big - len,
           "Three weeks ago, il y a deux jours, le 18 septembre et en 2022.");
  DATES(big, "2024-10-03", "2024-09 2024-10-01 2024-09-18 2022");
}

int main(void) {
  absolute_dates();
  partial_dates();
  context_years();
  relative_dates();
  traps();
  offsets_and_limits();
  window();
  TEST_DONE();
}
