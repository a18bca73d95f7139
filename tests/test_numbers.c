/* kb_number_parse on phrases written for this test, folded first. */
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "numbers.h"
#include "test.h"

typedef struct parsed {
  size_t used; /* bytes consumed */
  double value;
  int approx;
  char text[64]; /* the folded bytes consumed */
} parsed;

static parsed parse(const char *text, int allow_un) {
  parsed p = {0};
  char *f = kb_fold_dup(text, strlen(text));
  if (!f) return p;
  p.used = kb_number_parse(f, strlen(f), allow_un, &p.value, &p.approx);
  snprintf(p.text, sizeof p.text, "%.*s", (int)p.used, f);
  kb_free(f);
  return p;
}

/* text starts with a number taking `taken` (folded) and worth v. */
#define NUM(input, taken, v, ap)                                               \
  do {                                                                         \
    parsed p_ = parse(input, 0);                                               \
    CHECK_STR(p_.text, taken);                                                 \
    CHECK(p_.value == (v));                                                    \
    CHECK(p_.approx == (ap));                                                  \
  } while (0)

#define NONE(input)                                                            \
  do {                                                                         \
    parsed p_ = parse(input, 1);                                               \
    CHECK(p_.used == 0);                                                       \
    CHECK(p_.value == 0 && p_.approx == 0);                                    \
  } while (0)

static void digits(void) {
  NUM("04 hélicoptères", "04", 4, 0);
  NUM("11 blindés", "11", 11, 0);
  NUM("1.5 tonne", "1.5", 1.5, 0);
  NUM("11,5 millions d'euros", "11,5 millions", 11500000, 0);
  NUM("45 000 hommes", "45 000", 45000, 0);
  NUM("45\xc2\xa0"
      "000 hommes",
      "45 000", 45000, 0); /* NBSP folded */
  NUM("2 000 soldats", "2 000", 2000, 0);
  NUM("1 500 000 cartouches", "1 500 000", 1500000, 0);
  NUM("2000 soldats", "2000", 2000, 0);
  NUM("1,5 million de dollars", "1,5 million", 1500000, 0);
  NUM("1,500 soldiers", "1,500", 1500, 0);
  NUM("2,5 milliards de FCFA", "2,5 milliards", 2500000000.0, 0);
  NUM("3 millions", "3 millions", 3000000, 0);
  NUM("45 thousand troops", "45 thousand", 45000, 0);
  NUM("15km de la base", "15", 15, 0);
  NUM("12.", "12", 12, 0);
  NUM("2024, 300 soldats", "2024", 2024, 0);
  NONE("1er bataillon");
  NONE("2e régiment");
  NONE("3ème division");
  NONE("21st century");
  NONE("10h30 du matin");
  NONE("10h");
  NONE("12345678901234567890");
}

static void french_words(void) {
  NUM("deux hélicoptères", "deux", 2, 0);
  NUM("onze blindés", "onze", 11, 0);
  NUM("vingt-cinq instructeurs", "vingt-cinq", 25, 0);
  NUM("vingt et un soldats", "vingt et un", 21, 0);
  NUM("trente-et-une pièces", "trente-et-une", 31, 0);
  NUM("soixante-dix véhicules", "soixante-dix", 70, 0);
  NUM("soixante et onze", "soixante et onze", 71, 0);
  NUM("soixante-dix-sept", "soixante-dix-sept", 77, 0);
  NUM("quatre-vingts drones", "quatre-vingts", 80, 0);
  NUM("quatre-vingt-dix obus", "quatre-vingt-dix", 90, 0);
  NUM("quatre-vingt-onze", "quatre-vingt-onze", 91, 0);
  NUM("dix-sept", "dix-sept", 17, 0);
  NUM("cent hommes", "cent", 100, 0);
  NUM("deux cents hommes", "deux cents", 200, 0);
  NUM("deux cent cinquante hommes", "deux cent cinquante", 250, 0);
  NUM("cent quatre-vingts", "cent quatre-vingts", 180, 0);
  NUM("mille soldats", "mille", 1000, 0);
  NUM("deux mille soldats", "deux mille", 2000, 0);
  NUM("mille deux cents", "mille deux cents", 1200, 0);
  NUM("trois cent mille", "trois cent mille", 300000, 0);
  NUM("deux millions cinq cent mille", "deux millions cinq cent mille", 2500000,
      0);
  NUM("un million de dollars", "un million", 1000000, 0);
  NUM("Deux Hélicoptères", "deux", 2, 0); /* folded to lower case */
  NUM("septante-cinq", "septante-cinq", 75, 0);
  /* Stops at what cannot follow, at a word boundary. */
  NUM("deux trois", "deux", 2, 0);
  NUM("vingt et quelques", "vingt", 20, 0);
  NUM("douze, treize", "douze", 12, 0);
}

static void english_words(void) {
  NUM("one helicopter", "one", 1, 0);
  NUM("two aircraft", "two", 2, 0);
  NUM("eleven trucks", "eleven", 11, 0);
  NUM("twenty-five instructors", "twenty-five", 25, 0);
  NUM("twenty five instructors", "twenty five", 25, 0);
  NUM("a hundred troops", "a hundred", 100, 0);
  NUM("one hundred and twenty troops", "one hundred and twenty", 120, 0);
  NUM("two thousand rounds", "two thousand", 2000, 0);
  NUM("a dozen drones", "a dozen", 12, 0);
  NUM("a million rounds", "a million", 1000000, 0);
  NUM("nineteen hundred", "nineteen hundred", 1900, 0);
}

static void groups_and_approximations(void) {
  NUM("une douzaine de blindés", "une douzaine", 12, 0);
  NUM("une paire de jumelles", "une paire", 2, 0);
  NUM("une dizaine de soldats", "une dizaine", 10, 1);
  NUM("une vingtaine de drones", "une vingtaine", 20, 1);
  NUM("une centaine d'instructeurs", "une centaine", 100, 1);
  NUM("un millier d'hommes", "un millier", 1000, 1);
  NUM("deux centaines de soldats", "deux centaines", 200, 1);
  NUM("trois milliers", "trois milliers", 3000, 1);
  NONE("des dizaines de soldats");
  NONE("dizaines de soldats");
  NONE("dizaine de soldats");
  NONE("plusieurs hélicoptères");
  NONE("quelques drones");
  NONE("several helicopters");
  NONE("some drones");
  NONE("dozens of drones");
  NONE("a few drones");
  NONE("des milliers de réfugiés");
  NONE("millions de dollars");
}

static void not_numbers(void) {
  NONE("premier contrat");
  NONE("première livraison");
  NONE("deuxième livraison");
  NONE("second batch");
  NONE("vingt-deuxième régiment");
  NONE("quatre-vingtième");
  NONE("deux-roues");
  NONE("unité spéciale");
  NONE("unite");
  NONE("onzième");
  NONE("dixième");
  NONE("troisièmement");
  NONE("");
  NONE("l'armée");
  NONE("a soldier");
  /* The article "un"/"une" is the caller's call. */
  parsed p = parse("un soldat", 0);
  CHECK(p.used == 0);
  p = parse("un soldat", 1);
  CHECK_STR(p.text, "un");
  CHECK(p.value == 1);
  p = parse("une frappe", 1);
  CHECK_STR(p.text, "une");
  p = parse("une frappe", 0);
  CHECK(p.used == 0);
}

static void contract(void) {
  double v = -1;
  int a = -1;
  CHECK(kb_number_parse(NULL, 5, 1, &v, &a) == 0 && v == 0 && a == 0);
  CHECK(kb_number_parse("deux", 0, 1, &v, &a) == 0);
  CHECK(kb_number_parse("deux", 4, 1, NULL, NULL) == 4);
  /* n bounds the read: "vingt-cinq" cut after "vingt". */
  CHECK(kb_number_parse("vingt-cinq", 5, 0, &v, &a) == 5 && v == 20);
  CHECK(kb_number_parse("45 000", 4, 0, &v, &a) == 2 && v == 45);
  kb_error err;
  CHECK(kb_numbers_load(&err) == KB_OK);
  CHECK(kb_numbers_load(NULL) == KB_OK);
}

int main(void) {
  digits();
  french_words();
  english_words();
  groups_and_approximations();
  not_numbers();
  contract();
  TEST_DONE();
}
