/* Mentions: actors, equipment, places, dates and quantities, from the
 * lexicon matches of the analysis plus a few rules:
 *  - a capital is a place after a locative preposition ("à Moscou") and an
 *    actor otherwise ("Moscou a livré"); a country name is always an actor
 *    and also a place after a locative preposition;
 *  - compounds split on hyphens ("russo-malienne" -> RUS, MLI);
 *  - an office title takes its state from an adjective inside or after it
 *    ("le ministre malien de la Défense", "le chef de la diplomatie
 *    malienne"), from "de la Russie", or from the name in apposition;
 *  - a demonym right next to equipment names its maker, not an actor
 *    ("des hélicoptères russes");
 *  - a number right before equipment is its quantity ("04 drones"). */
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "dates.h"
#include "numbers.h"

static const char *unit_at(const kb_analysis *a, uint32_t t);
static uint32_t tok_at_folded(const kb_analysis *a, size_t fpos);

static kb_mention *add_mention(kb_analysis *a, kb_mention_kind kind,
                               uint32_t t0, uint32_t t1) {
  if (a->nment == a->capment) {
    size_t nc = a->capment ? a->capment * 2 : 128;
    /* each new mention is cleared by add_mention itself */
    kb_mention *m = kb_arena_alloc_raw(&a->arena, nc * sizeof *m);
    kb_mention_x *x = kb_arena_alloc_raw(&a->arena, nc * sizeof *x);
    if (!m || !x) return NULL;
    if (a->nment) {
      memcpy(m, a->ment, a->nment * sizeof *m);
      memcpy(x, a->mx, a->nment * sizeof *x);
    }
    a->ment = m;
    a->mx = x;
    a->capment = nc;
  }
  kb_mention *m = &a->ment[a->nment];
  kb_mention_x *x = &a->mx[a->nment];
  memset(m, 0, sizeof *m);
  memset(x, 0, sizeof *x);
  a->nment++;
  m->kind = kind;
  m->start = a->tok[t0].s;
  m->end = a->tok[t1 - 1].e;
  m->text =
      kb_arena_strndup(&a->arena, a->t->text + m->start, m->end - m->start);
  x->t0 = t0;
  x->t1 = t1;
  x->maker_of = -1;
  return m->text ? m : NULL;
}

static int is_article(const kb_analysis *a, uint32_t i) {
  /* French "à" folds to "a": the English articles only in English */
  static const char *const fr[] = {"le",  "la",  "les", "l'",   "un",    "une",
                                   "ses", "son", "sa",  "leur", "leurs", NULL};
  static const char *const en[] = {"the", "a", "an", "its", "their", NULL};
  for (const char *const *p = a->is_en ? en : fr; *p; p++)
    if (kb_tok_is(a, i, *p)) return 1;
  return 0;
}

/* A count or an approximation: "200", "une cinquantaine", "hundreds". */
static int counts_before(const kb_analysis *a, uint32_t t) {
  if (a->tok[t].kind == TOK_NUM) return 1;
  size_t n = tok_flen(a, t);
  const char *w = tok_f(a, t);
  if ((n > 5 && !memcmp(w + n - 4, "aine", 4)) ||
      (n > 6 && !memcmp(w + n - 5, "aines", 5)))
    return 1; /* dizaine, centaine, cinquantaine */
  static const char *const words[] = {"millier",   "milliers", "hundreds",
                                      "thousands", "dozens",   "scores",
                                      "plusieurs", NULL};
  for (const char *const *x = words; *x; x++)
    if (kb_tok_is(a, t, *x)) return 1;
  return 0;
}

/* The preposition cue that ends right before token t0 (skipping articles). */
static const char *prep_before(const kb_analysis *a, uint32_t t0) {
  uint32_t j = t0;
  while (j > 0 && is_article(a, j - 1) && t0 - j < 2)
    j--;
  for (uint32_t k = j >= 4 ? j - 4 : 0; k < j; k++) {
    uint32_t end;
    const char *kind = kb_cue_at(a, k, &end);
    if (!kind || end != j || strncmp(kind, "prep_", 5)) continue;
    /* "une cinquantaine de militaires nigériens", "hundreds of Malian
     * soldiers": the noun after a quantity is no complement */
    if (k + 1 == end && k > 0 &&
        (kb_tok_is(a, k, "de") || kb_tok_is(a, k, "d'") ||
         kb_tok_is(a, k, "of")) &&
        counts_before(a, k - 1))
      return NULL;
    /* "des", "du", "de" opening a clause are articles: "Des instructeurs
     * russes sont arrivés", "..., des sources indiquent" */
    if (k + 1 == end &&
        (kb_tok_is(a, k, "des") || kb_tok_is(a, k, "du") ||
         kb_tok_is(a, k, "de")) &&
        (k == 0 || a->tok[k - 1].sent != a->tok[k].sent ||
         a->tok[k - 1].kind == TOK_PUNCT || kb_tok_is(a, k - 1, "et") ||
         kb_tok_is(a, k - 1, "que") || kb_tok_is(a, k - 1, "qu'")))
      return NULL;
    return kind;
  }
  return NULL;
}

/* "à la base aérienne de Ouagadougou", "l'aéroport de Bamako", "in the
 * outskirts of Niamey": a city after a place noun is a place. */
static int after_place_noun(const kb_analysis *a, uint32_t t0) {
  static const char *const nouns[] = {
      "base",      "aeroport", "airport",  "camp",     "port",
      "caserne",   "region",   "ville",    "capitale", "province",
      "cercle",    "commune",  "quartier", "banlieue", "environs",
      "outskirts", "city",     "capital",  "suburbs",  "sud",
      "nord",      "centre",   "south",    "north",    NULL};
  if (t0 < 2 || !(kb_tok_is(a, t0 - 1, "de") || kb_tok_is(a, t0 - 1, "d'") ||
                  kb_tok_is(a, t0 - 1, "of")))
    return 0;
  for (uint32_t k = t0 - 2; k + 3 >= t0 && k < t0; k--) {
    for (const char *const *n = nouns; *n; n++)
      if (kb_tok_is(a, k, *n)) return 1;
    if (k == 0) break;
  }
  return 0;
}

static int locative(const kb_analysis *a, uint32_t t0) {
  if (after_place_noun(a, t0)) return 1;
  const char *p = prep_before(a, t0);
  if (!p) return 0;
  if (streq(p, "prep_loc")) return 1;
  if (strcmp(p, "prep_goal")) return 0;
  /* "à Moscou", "to Moscow", "vers Bamako": but not "pour" / "for" */
  uint32_t j = t0;
  while (j > 0 && is_article(a, j - 1))
    j--;
  if (j == 0 || kb_tok_is(a, j - 1, "pour") || kb_tok_is(a, j - 1, "for"))
    return 0;
  /* "son soutien militaire à Bamako", "aid to Niamey": the capital is the
   * government receiving, not a place */
  static const char *const gifts[] = {
      "soutien", "aide",      "appui",      "assistance", "support",
      "aid",     "livraison", "livraisons", "fourniture", "fournitures",
      "ventes",  "vente",     "sales",      "deliveries", "delivery",
      "help",    NULL};
  for (uint32_t k = j >= 4 ? j - 4 : 0; k + 1 < j; k++)
    for (const char *const *g = gifts; *g; g++)
      if (kb_tok_is(a, k, *g)) return 0;
  return 1;
}

static void set_actor(kb_mention *m, const lex_actor *ac) {
  m->code = ac->code;
  m->sector = ac->sector;
  m->actor_kind = ac->kind;
}

static void set_place(kb_mention *m, const lex_place *p) {
  m->place = p->name;
  m->country = p->country;
  m->place_kind = p->kind;
  m->lat = p->lat;
  m->lon = p->lon;
}

static kb_status entity_mentions(kb_analysis *a, const kb_match *mt) {
  const lex_actor *actor = NULL;
  const lex_place *place = NULL;
  const lex_equip *equip = NULL;
  const lex_title *title = NULL;
  for (const lex_form *f = mt->form; f; f = f->next) {
    if (f->ntok != mt->form->ntok) continue;
    if (f->case_rule == CASE_CAP && a->tok[mt->t0].tcase == TCASE_LOWER)
      continue;
    if (f->type == LEX_ACTOR && !actor)
      actor = f->item;
    else if (f->type == LEX_PLACE && !place)
      place = f->item;
    else if ((f->type == LEX_EQUIP || f->type == LEX_EQNOUN) && !equip)
      equip = f->item;
    else if (f->type == LEX_TITLE && !title)
      title = f->item;
  }
  int loc = locative(a, mt->t0);
  /* "au Kremlin", "at the White House": a seat used as a place is its
   * capital city */
  if (actor && !place && loc && streq(actor->kind, "capital"))
    place = kb_lex_capital(a->lex, actor->code);
  int capital = actor && streq(actor->kind, "capital");
  int as_actor = actor && !(capital && place && loc);
  int as_place =
      place && (!actor || loc || !capital || strcmp(place->kind, "country"));
  if (actor && streq(actor->kind, "name") && place && !loc) as_place = 0;
  /* "Télé Sahel", "Radio Niger", "Air Burkina": a place inside the name of
   * a broadcaster or an airline is no place */
  if (place && mt->t0 > 0 && a->tok[mt->t0 - 1].tcase != TCASE_LOWER &&
      (kb_tok_is(a, mt->t0 - 1, "tele") || kb_tok_is(a, mt->t0 - 1, "radio") ||
       kb_tok_is(a, mt->t0 - 1, "tv") || kb_tok_is(a, mt->t0 - 1, "air")))
    as_place = 0;
  if (capital && place && !loc) as_place = 0;
  kb_mention *m;
  if (as_actor) {
    if (!(m = add_mention(a, KB_MENTION_ACTOR, mt->t0, mt->t1)))
      return KB_ERR_NOMEM;
    set_actor(m, actor);
    a->mx[a->nment - 1].prep = prep_before(a, mt->t0);
  }
  if (as_place) {
    if (!(m = add_mention(a, KB_MENTION_PLACE, mt->t0, mt->t1)))
      return KB_ERR_NOMEM;
    set_place(m, place);
    a->mx[a->nment - 1].prep = prep_before(a, mt->t0);
  }
  if (equip) {
    if (!(m = add_mention(a, KB_MENTION_EQUIPMENT, mt->t0, mt->t1)))
      return KB_ERR_NOMEM;
    m->category = equip->category;
    m->designation = equip->designation;
    m->maker = equip->maker;
    m->carrier = equip->carrier;
  }
  if (title && !actor) {
    if (!(m = add_mention(a, KB_MENTION_ACTOR, mt->t0, mt->t1)))
      return KB_ERR_NOMEM;
    m->sector = title->sector;
    m->actor_kind = "title";
    a->mx[a->nment - 1].prep = prep_before(a, mt->t0);
  }
  return KB_OK;
}

/* "russo-malienne", "Mali-Russie": each hyphen part that names a state. */
static kb_status compound_mentions(kb_analysis *a, uint32_t i) {
  const char *f = tok_f(a, i);
  size_t n = tok_flen(a, i);
  if (!memchr(f, '-', n)) return KB_OK;
  size_t p = 0;
  while (p < n) {
    const char *dash = memchr(f + p, '-', n - p);
    size_t q = dash ? (size_t)(dash - f) : n;
    const lex_form *lf = kb_lex_lookup(a->lex, f + p, q - p);
    /* the part keeps its case rule: "non-US" yes, "celui-un" no */
    uint32_t ps = a->map[a->tok[i].fs + p], pe = a->map[a->tok[i].fs + q];
    int pcase = kb_text_case(a->t->text + ps, pe - ps);
    for (; lf; lf = lf->next) {
      if (lf->type != LEX_ACTOR || lf->ntok != 1) continue;
      if ((lf->case_rule == CASE_ALLCAPS && pcase != TCASE_ALLCAPS) ||
          (lf->case_rule == CASE_CAP && pcase == TCASE_LOWER))
        continue;
      const lex_actor *ac = lf->item;
      if (strcmp(ac->kind, "prefix") && strcmp(ac->kind, "adj") &&
          strcmp(ac->kind, "name"))
        continue;
      kb_mention *m = add_mention(a, KB_MENTION_ACTOR, i, i + 1);
      if (!m) return KB_ERR_NOMEM;
      /* narrow the span to the part */
      uint32_t fs = a->tok[i].fs + (uint32_t)p, fe = a->tok[i].fs + (uint32_t)q;
      m->start = a->map[fs];
      m->end = a->map[fe];
      m->text =
          kb_arena_strndup(&a->arena, a->t->text + m->start, m->end - m->start);
      set_actor(m, ac);
      m->actor_kind = "adj";
      break;
    }
    p = q + 1;
  }
  return KB_OK;
}

/* "Su-25s", "TB2s", "L-39s": an English plural of a designation that ends
 * in a digit is not listed in the lexicon; the singular names the type. */
static kb_status plural_designation(kb_analysis *a, uint32_t i) {
  const char *f = tok_f(a, i);
  size_t n = tok_flen(a, i);
  if (n < 3 || f[n - 1] != 's' || f[n - 2] < '0' || f[n - 2] > '9')
    return KB_OK;
  for (const lex_form *lf = kb_lex_lookup(a->lex, f, n - 1); lf;
       lf = lf->next) {
    if (lf->type != LEX_EQUIP || lf->ntok != 1) continue;
    const lex_equip *eq = lf->item;
    kb_mention *m = add_mention(a, KB_MENTION_EQUIPMENT, i, i + 1);
    if (!m) return KB_ERR_NOMEM;
    m->category = eq->category;
    m->designation = eq->designation;
    m->maker = eq->maker;
    m->carrier = eq->carrier;
    break;
  }
  return KB_OK;
}

/* Index of the entity mention starting at token t (kind k), or -1. */
static int mention_at(const kb_analysis *a, uint32_t t, int kind) {
  for (size_t i = 0; i < a->nment; i++)
    if (a->mx[i].t0 == t && (kind < 0 || (int)a->ment[i].kind == kind))
      return (int)i;
  return -1;
}

static int is_state_word(const kb_mention *m) {
  return m->kind == KB_MENTION_ACTOR && m->code && m->actor_kind &&
         (streq(m->actor_kind, "adj") || streq(m->actor_kind, "name") ||
          streq(m->actor_kind, "capital"));
}

/* Resolves each title to a state: adjective right after (skipping one
 * complement like "de la Défense"), "de la Russie", or apposed name. */
/* The state named just before a title: "Burkina Faso's foreign minister",
 * "the Malian president". */
static const char *state_before_title(kb_analysis *a, size_t i) {
  uint32_t t0 = a->mx[i].t0;
  if (t0 > 1 && kb_tok_is(a, t0 - 1, "'s")) {
    for (size_t k = 0; k < a->nment; k++)
      if (a->ment[k].kind == KB_MENTION_ACTOR && a->mx[k].t1 == t0 - 1 &&
          a->ment[k].code)
        return a->ment[k].code;
  }
  if (t0 > 0) {
    int j = mention_at(a, t0 - 1, KB_MENTION_ACTOR);
    /* English noun adjuncts too: "the US defense secretary" */
    if (j >= 0 && is_state_word(&a->ment[j]) &&
        (streq(a->ment[j].actor_kind, "adj") ||
         (a->is_en && streq(a->ment[j].actor_kind, "name")))) {
      a->mx[j].maker_of = -2; /* consumed by the title */
      return a->ment[j].code;
    }
    /* "Niger's military leader", "the Malian army chief": the holder acts
     * for the force named right before (which stays an actor) */
    if (j < 0 && a->is_en)
      for (size_t k = 0; k < a->nment; k++)
        if (a->ment[k].kind == KB_MENTION_ACTOR && a->mx[k].t1 == t0 &&
            a->ment[k].code && a->ment[k].actor_kind &&
            streq(a->ment[k].actor_kind, "org"))
          return a->ment[k].code;
  }
  return NULL;
}

/* After the title: an adjective ("le ministre malien de la Défense"), a
 * state after "de/du/of" ("le président du Mali"), or the name in
 * apposition ("le ministre, Sadio Camara"). */
static const char *state_after_title(kb_analysis *a, size_t i) {
  uint32_t t1 = a->mx[i].t1, sent = a->tok[a->mx[i].t0].sent;
  for (uint32_t t = t1; t < a->ntok && t < t1 + 8; t++) {
    if (a->tok[t].sent != sent) break;
    int j = mention_at(a, t, KB_MENTION_ACTOR);
    if (j < 0) continue;
    kb_mention *o = &a->ment[j];
    int near = t <= t1 + 4;
    int adj = o->actor_kind && streq(o->actor_kind, "adj");
    int of = a->mx[j].prep && streq(a->mx[j].prep, "prep_source");
    if (o->code && is_state_word(o) && near && (adj || of)) {
      a->mx[j].maker_of = -2; /* consumed by the title */
      return o->code;
    }
    if (o->code && streq(o->actor_kind, "person") && t <= t1 + 2)
      return o->code;
    if (streq(o->actor_kind, "title")) {
      /* a chain of titles in apposition ends with the name: "le ministre
       * de la Défense, le général de corps d'armée Salifou Mody" */
      uint32_t e = a->mx[j].t1;
      int k = e < a->ntok ? mention_at(a, e, KB_MENTION_ACTOR) : -1;
      int comma = 0;
      for (uint32_t c = t1; c < t; c++)
        comma |= kb_tok_is(a, c, ",");
      if (k >= 0 && a->ment[k].code && streq(a->ment[k].actor_kind, "person") &&
          (t == t1 || (t <= t1 + 4 && comma)))
        return a->ment[k].code;
      break;
    }
  }
  return NULL;
}

/* Resolves each title to the state its holder acts for. */
static void resolve_titles(kb_analysis *a) {
  for (size_t i = 0; i < a->nment; i++) {
    kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_ACTOR || !m->actor_kind) continue;
    if (streq(m->actor_kind, "anaphora") && !m->code) {
      /* "le président de la transition malienne", "le chef de l'État
       * nigérien", "le gouvernement du Mali": the state named right after
       * the phrase, not the article's */
      uint32_t t1 = a->mx[i].t1;
      int j = t1 < a->ntok ? mention_at(a, t1, KB_MENTION_ACTOR) : -1;
      if (j < 0 && t1 + 1 < a->ntok &&
          (kb_tok_is(a, t1, "du") || kb_tok_is(a, t1, "de") ||
           kb_tok_is(a, t1, "of")))
        j = mention_at(a, t1 + 1, KB_MENTION_ACTOR);
      if (j >= 0 && a->ment[j].code && is_state_word(&a->ment[j]) &&
          a->tok[a->mx[j].t0].sent == a->tok[t1 - 1].sent) {
        m->code = a->ment[j].code;
        a->mx[j].maker_of = -2; /* consumed by the phrase */
      }
      continue;
    }
    if (strcmp(m->actor_kind, "title")) continue;
    m->code = state_before_title(a, i);
    if (!m->code) m->code = state_after_title(a, i);
  }
}

/* A number right before token t0 (skipping up to two adjectives). */
static void attach_quantity(kb_analysis *a, kb_mention *m, uint32_t t0) {
  uint32_t sent = a->tok[t0].sent;
  for (uint32_t back = 1; back <= 3 && back <= t0; back++) {
    uint32_t j = t0 - back;
    if (a->tok[j].sent != sent || a->tok[j].kind == TOK_PUNCT) return;
    double v;
    int approx = 0;
    size_t used =
        kb_number_parse(tok_f(a, j), a->nfolded - a->tok[j].fs, 0, &v, &approx);
    if (used && a->tok[j].fs + used <= a->tok[t0].fs + 0u && v > 0 &&
        v < 100000 && !approx) {
      /* a year is not a count ("en 2022 des drones") */
      if (a->tok[j].kind == TOK_NUM && tok_flen(a, j) == 4 && v >= 1900) return;
      /* "11 tonnes de matériel" is a weight, not a count */
      uint32_t after_num = tok_at_folded(a, a->tok[j].fs + used - 1) + 1;
      if (unit_at(a, after_num)) return;
      m->quantity = v;
      m->has_quantity = 1;
      m->start = a->tok[j].s;
      m->text =
          kb_arena_strndup(&a->arena, a->t->text + m->start, m->end - m->start);
      return;
    }
    if (back == 1 && (kb_tok_is(a, j, "de") || kb_tok_is(a, j, "d'") ||
                      kb_tok_is(a, j, "of")))
      continue; /* "quatre lots de", "dozens of" */
    /* "Chinese-built", "Russian-made": a hyphenated qualifier may be long */
    if (a->tok[j].kind != TOK_WORD ||
        tok_flen(a, j) > (memchr(tok_f(a, j), '-', tok_flen(a, j)) ? 24 : 12))
      return;
  }
}

/* m takes over neighbour d (a designation after a noun, or with
 * noun_after a generic noun after a designation). */
static void absorb(kb_analysis *a, kb_mention *m, kb_mention_x *x,
                   kb_mention *d, kb_mention_x *dx, int noun_after) {
  if (!noun_after) {
    m->designation = d->designation;
    if (d->maker) m->maker = d->maker;
    m->carrier = d->carrier;
    if (strcmp(d->category, "other")) m->category = d->category;
  } else if (streq(m->category, "other")) {
    m->category = d->category;
  }
  m->end = d->end;
  x->t1 = dx->t1;
  m->text =
      kb_arena_strndup(&a->arena, a->t->text + m->start, m->end - m->start);
  d->category = NULL; /* absorbed */
}

/* "Nigerien drone operators", "les pilotes d'hélicoptères": the equipment
 * word qualifies people or a place, so a demonym next to it is theirs. */
static int modifier_noun(const kb_analysis *a, uint32_t t) {
  static const char *const nouns[] = {
      "operators", "operator",    "pilots",    "pilot",   "crews",
      "crew",      "technicians", "mechanics", "units",   "unit",
      "squadron",  "school",      "programme", "program", "factory",
      "plant",     "industry",    "base",      NULL};
  for (const char *const *n = nouns; *n; n++)
    if (kb_tok_is(a, t, *n)) return 1;
  return 0;
}

/* "les opérateurs de drones burkinabè", "pilotes d'hélicoptères maliens":
 * the equipment completes a noun of people or places before "de", so a
 * demonym after it qualifies that noun. */
static int modified_by_de(const kb_analysis *a, uint32_t t0) {
  static const char *const nouns[] = {
      "operateurs",  "operateur",   "pilotes",      "pilote",    "equipages",
      "techniciens", "mecaniciens", "unite",        "unites",    "escadrille",
      "escadron",    "ecole",       "usine",        "programme", "industrie",
      "maintenance", "servants",    "specialistes", NULL};
  if (t0 < 2 || !(kb_tok_is(a, t0 - 1, "de") || kb_tok_is(a, t0 - 1, "d'")))
    return 0;
  for (const char *const *n = nouns; *n; n++)
    if (kb_tok_is(a, t0 - 2, *n)) return 1;
  return 0;
}

/* Merges "hélicoptères de combat" + "Mi-24" style neighbours, attaches
 * quantities and makers. */
static void shape_equipment(kb_analysis *a) {
  for (size_t i = 0; i < a->nment; i++) {
    kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_EQUIPMENT || !m->category) continue;
    kb_mention_x *x = &a->mx[i];
    /* "hélicoptères de combat Mi-24", "drones de type TB2", "Mi-24
     * helicopters": a generic noun and a designation side by side are one
     * item; "et", "and" or a comma between them keep two. */
    for (uint32_t t = x->t1; t < x->t1 + 3 && t < a->ntok; t++) {
      int j = mention_at(a, t, KB_MENTION_EQUIPMENT);
      if (j < 0) {
        if (kb_tok_is(a, t, "de") || kb_tok_is(a, t, "type") ||
            kb_tok_is(a, t, "du") || kb_tok_is(a, t, "d'") ||
            kb_tok_is(a, t, "("))
          continue;
        break;
      }
      kb_mention *d = &a->ment[j];
      if (d->category && d->designation && !m->designation) {
        absorb(a, m, x, d, &a->mx[j], 0);
      } else if (d->category && m->designation && !d->designation &&
                 t == x->t1) {
        absorb(a, m, x, d, &a->mx[j], 1); /* designation then noun */
      }
      break;
    }
    attach_quantity(a, m, x->t0);
    /* maker: a demonym right after or right before */
    int after = mention_at(a, x->t1, KB_MENTION_ACTOR);
    int before = x->t0 > 0 ? mention_at(a, x->t0 - 1, KB_MENTION_ACTOR) : -1;
    int j = after >= 0 && streq(a->ment[after].actor_kind, "adj")     ? after
            : before >= 0 && streq(a->ment[before].actor_kind, "adj") ? before
                                                                      : -1;
    if (j >= 0 && !modifier_noun(a, x->t1) &&
        !(j == after && modified_by_de(a, x->t0))) {
      if (!m->maker) m->maker = a->ment[j].code;
      a->mx[j].maker_of = (int)i;
    }
  }
  /* drop absorbed designations */
  size_t k = 0;
  for (size_t i = 0; i < a->nment; i++) {
    if (a->ment[i].kind == KB_MENTION_EQUIPMENT && !a->ment[i].category)
      continue;
    a->ment[k] = a->ment[i];
    a->mx[k] = a->mx[i];
    k++;
  }
  /* fix maker_of indexes shifted by the compaction: recompute by token */
  a->nment = k;
}

static uint32_t tok_at_folded(const kb_analysis *a, size_t fpos) {
  size_t lo = 0, hi = a->ntok;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->tok[mid].fe <= fpos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (uint32_t)lo;
}

static kb_status date_mentions(kb_analysis *a) {
  enum { MAX_DATES = 512 };
  kb_date_hit *hits = kb_arena_alloc_raw(&a->arena, MAX_DATES * sizeof *hits);
  if (!hits) return KB_ERR_NOMEM;
  size_t n = kb_dates_find(a->folded, a->nfolded, a->anchor, hits, MAX_DATES);
  for (size_t i = 0; i < n && i < MAX_DATES; i++) {
    uint32_t t0 = tok_at_folded(a, hits[i].start);
    uint32_t t1 = tok_at_folded(a, hits[i].end > 0 ? hits[i].end - 1 : 0) + 1;
    if (t0 >= a->ntok || t1 > a->ntok || t1 <= t0) continue;
    kb_mention *m = add_mention(a, KB_MENTION_DATE, t0, t1);
    if (!m) return KB_ERR_NOMEM;
    m->start = a->map[hits[i].start];
    m->end = a->map[hits[i].end];
    m->text =
        kb_arena_strndup(&a->arena, a->t->text + m->start, m->end - m->start);
    m->value =
        hits[i].value[0] ? kb_arena_strdup(&a->arena, hits[i].value) : NULL;
    m->quantity = hits[i].precision;
  }
  return KB_OK;
}

static int inside_mention(const kb_analysis *a, uint32_t t, int kind) {
  for (size_t i = 0; i < a->nment; i++)
    if ((int)a->ment[i].kind == kind && a->mx[i].t0 <= t && t < a->mx[i].t1)
      return 1;
  return 0;
}

/* A unit right after a number: "11 tonnes de matériel", "2,000 tons". */
static const char *unit_at(const kb_analysis *a, uint32_t t) {
  static const char *const units[] = {"tonnes", "tonne",  "tons",        "ton",
                                      "kg",     "kilos",  "kilogrammes", "t",
                                      "litres", "liters", "km",          NULL};
  for (const char *const *u = units; *u; u++)
    if (kb_tok_is(a, t, *u)) return *u;
  return NULL;
}

/* Most tokens are rejected before the number parser runs: the first
 * letters of number words come from data/numbers.tsv. */
static int may_start_number(const kb_analysis *a, uint32_t i) {
  if (a->tok[i].kind == TOK_NUM) return 1;
  if (a->tok[i].kind != TOK_WORD || tok_flen(a, i) > 24) return 0;
  return kb_number_may_start(tok_f(a, i), tok_flen(a, i));
}

static kb_status quantity_mentions(kb_analysis *a) {
  for (uint32_t i = 0; i < a->ntok; i++) {
    if (!may_start_number(a, i)) continue;
    double v;
    int approx = 0;
    size_t used =
        kb_number_parse(tok_f(a, i), a->nfolded - a->tok[i].fs, 0, &v, &approx);
    if (!used) continue;
    uint32_t t1 = tok_at_folded(a, a->tok[i].fs + used - 1) + 1;
    if (inside_mention(a, i, KB_MENTION_DATE)) {
      i = t1 - 1;
      continue;
    }
    kb_mention *m = add_mention(a, KB_MENTION_QUANTITY, i, t1);
    if (!m) return KB_ERR_NOMEM;
    m->quantity = v;
    m->has_quantity = !approx || v > 0;
    m->unit = unit_at(a, t1);
    i = t1 - 1;
  }
  return KB_OK;
}

static int covered(const kb_analysis *a, uint32_t t) {
  for (size_t i = 0; i < a->nment; i++)
    if (a->mx[i].t0 <= t && t < a->mx[i].t1) return 1;
  return 0;
}

/* "Ibrahim Traoré ... Traoré arrived in Moscow": a person named in full
 * is later named by the surname alone, which the lexicon cannot list (too
 * many people share it); the story's own full name decides. */
static kb_status surname_mentions(kb_analysis *a) {
  size_t n0 = a->nment;
  for (size_t p = 0; p < n0; p++) {
    const kb_mention *pm = &a->ment[p];
    if (pm->kind != KB_MENTION_ACTOR || !pm->code || !pm->actor_kind ||
        strcmp(pm->actor_kind, "person") || a->mx[p].t1 - a->mx[p].t0 < 2)
      continue;
    uint32_t last = a->mx[p].t1 - 1;
    for (uint32_t t = a->mx[p].t1; t < a->ntok; t++) {
      if (a->tok[t].tcase == TCASE_LOWER ||
          tok_flen(a, t) != tok_flen(a, last) ||
          memcmp(tok_f(a, t), tok_f(a, last), tok_flen(a, t)) || covered(a, t))
        continue;
      kb_mention *m = add_mention(a, KB_MENTION_ACTOR, t, t + 1);
      if (!m) return KB_ERR_NOMEM;
      m->code = a->ment[p].code; /* add_mention may move the array */
      m->sector = a->ment[p].sector;
      m->actor_kind = "person";
      a->mx[a->nment - 1].prep = prep_before(a, t);
    }
  }
  return KB_OK;
}

static int cmp_mentions(const void *x, const void *y) {
  const kb_mention *p = x, *q = y;
  if (p->start != q->start) return p->start < q->start ? -1 : 1;
  return (int)p->kind - (int)q->kind;
}

kb_status kb_find_mentions(kb_analysis *a) {
  kb_status st = KB_OK;
  size_t mi = 0;
  for (uint32_t i = 0; i < a->ntok && st == KB_OK; i++) {
    while (mi < a->nmatch && a->match[mi].t0 < i)
      mi++;
    if (mi < a->nmatch && a->match[mi].t0 == i) {
      st = entity_mentions(a, &a->match[mi]);
      i = a->match[mi].t1 - 1;
      continue;
    }
    if (a->tok[i].kind == TOK_WORD) st = compound_mentions(a, i);
    if (st == KB_OK && a->tok[i].kind == TOK_WORD)
      st = plural_designation(a, i);
  }
  if (st != KB_OK) return st;
  if ((st = surname_mentions(a)) != KB_OK) return st;
  resolve_titles(a);
  shape_equipment(a);
  if ((st = date_mentions(a)) != KB_OK) return st;
  if ((st = quantity_mentions(a)) != KB_OK) return st;
  /* sort mentions and their extras together */
  size_t n = a->nment;
  struct pair {
    kb_mention m;
    kb_mention_x x;
  } *tmp = kb_arena_alloc(&a->arena, (n + 1) * sizeof *tmp);
  if (!tmp) return KB_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    tmp[i].m = a->ment[i];
    tmp[i].x = a->mx[i];
  }
  qsort(tmp, n, sizeof *tmp, cmp_mentions);
  for (size_t i = 0; i < n; i++) {
    a->ment[i] = tmp[i].m;
    a->mx[i] = tmp[i].x;
  }
  return KB_OK;
}
