/* Events: typed frames built around trigger words.
 *
 * For each trigger in a sentence, the frame of its lexicon entry
 * (data/triggers.tsv) says which actor fills which role: the subject (the
 * actor before the trigger without a preposition), the agent ("par", "by"),
 * the origin ("de", "en provenance de", "from"), the goal ("à", "au profit
 * de", "to"), the partner ("avec", "entre ... et"), the place. Passive
 * clauses swap subject and agent. Missing roles fall back on the document's
 * context: a pronoun takes the last person named, "le pays sahélien" the
 * state the article is about. Each frame then has to pass its type's
 * requirements (a delivery needs equipment that is not the carrier, a visit
 * two different states...). Events repeated in title, lead and body are
 * merged into one with the best evidence. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyse.h"
#include "internal.h"

typedef struct role {
  int m; /* mention index or -1 */
  const char *code;
  int from_syntax;
} role;

typedef struct frame_ctx {
  kb_analysis *a;
  size_t sent;
  uint32_t s0, s1;   /* clause tokens: roles and equipment come from here */
  uint32_t ss0, ss1; /* sentence tokens: dates, places, modality */
  uint32_t t0, t1;   /* trigger tokens */
  const lex_trigger *tr;
  lex_trigger retyped; /* when a cue turns the trigger into another type */
  int passive;
  const char *home;     /* state the article is about */
  const char *partner;  /* the state it most deals with */
  const char *deployed; /* source of the last deployment told so far */
  const char *told[16]; /* types of the events kept so far */
  size_t ntold;
  /* type and source of each event kept so far */
  const char *kept_type[32], *kept_src[32], *kept_tgt[32];
  size_t kept_sent[32];
  size_t nkept;
} frame_ctx;

/* First token of the `n` words before token t, not before `floor` (the
 * clause or sentence start). */
static uint32_t window_start(uint32_t t, uint32_t floor, uint32_t n) {
  return t > floor + n ? t - n : floor;
}

static int cue_in(const struct frame_ctx *f, const char *kind, uint32_t lo,
                  uint32_t hi);
static int is_state(const char *code);
static int same_code(const char *x, const char *y);
static int personnel_complement(const struct frame_ctx *f);

/* ---- document context -------------------------------------------------- */

static int state_like(const kb_mention *m) {
  return m->kind == KB_MENTION_ACTOR && m->code;
}

/* How often state `c` is named as an actor or as the country of a place:
 * the places of a Sahel story are mostly in the state it is about. */
static int state_weight(const kb_analysis *a, const char *c) {
  int n = 0;
  for (size_t j = 0; j < a->nment; j++) {
    const kb_mention *m = &a->ment[j];
    if (state_like(m) && streq(m->code, c)) n++;
    if (m->kind == KB_MENTION_PLACE && m->country && streq(m->country, c) &&
        strcmp(m->place_kind, "country"))
      n += 2; /* where the story happens says more than who is named */
  }
  return n;
}

/* The state mention i stands for: a state-like actor (not a maker), or a
 * place's country; NULL otherwise. */
static const char *mention_state(const kb_analysis *a, size_t i) {
  const kb_mention *m = &a->ment[i];
  const char *c = NULL;
  if (state_like(m) && a->mx[i].maker_of == -1)
    c = m->code;
  else if (m->kind == KB_MENTION_PLACE)
    c = m->country;
  return c && strlen(c) == 3 ? c : NULL;
}

/* "Mali : la Chine livre des blindés", "Burkina: ...": a headline's rubric
 * (a state or one of its places before a colon opening the title) names
 * the state the story is about, however often a partner is named. */
static const char *rubric_state(const kb_analysis *a) {
  if (!a->t->title || a->nsent < 2) return NULL;
  uint32_t end = a->sent_tok[1], colon = UINT32_MAX;
  for (uint32_t t = 0; t < end && t < 7; t++)
    if (kb_tok_is(a, t, ":")) {
      colon = t;
      break;
    }
  if (colon == UINT32_MAX) return NULL;
  /* "Sergueï Lavrov à Ouagadougou :": the city where the story happens
   * wins over the visitor; else a single state ("Mali-Russie :" has two) */
  const char *code = NULL, *city = NULL;
  int states = 0, cities = 0;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (a->mx[i].t1 > colon) break;
    const char *c = mention_state(a, i);
    if (!c) continue;
    if (m->kind == KB_MENTION_PLACE && strcmp(m->place_kind, "country")) {
      if (!city || strcmp(city, c)) cities++;
      city = c;
    }
    if (!code || strcmp(code, c)) states++;
    code = c;
  }
  if (cities == 1) return city;
  return states == 1 ? code : NULL;
}

/* The state the article is about: the heaviest (ties: first named). */
static const char *home_state(const kb_analysis *a) {
  const char *rubric = rubric_state(a);
  if (rubric) return rubric;
  const char *best = NULL;
  int best_n = 0;
  for (size_t i = 0; i < a->nment; i++) {
    const char *c = mention_state(a, i);
    if (!c) continue;
    int n = state_weight(a, c);
    /* the local state wins ties against a supplier: first seen */
    if (n > best_n) {
      best = c;
      best_n = n;
    }
  }
  return best;
}

/* The most mentioned state other than home. */
static const char *partner_state(const kb_analysis *a, const char *home) {
  const char *best = NULL;
  int best_n = 0;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (!state_like(m) || strlen(m->code) != 3 || a->mx[i].maker_of != -1 ||
        (home && streq(m->code, home)))
      continue;
    int n = 0;
    for (size_t j = 0; j < a->nment; j++)
      if (state_like(&a->ment[j]) && streq(a->ment[j].code, m->code)) n++;
    if (n > best_n) {
      best = m->code;
      best_n = n;
    }
  }
  return best;
}

/* Code of a mention, resolving anaphora and unresolved titles to home. */
static const char *code_of(const frame_ctx *f, int m) {
  const kb_mention *x = &f->a->ment[m];
  if (x->code) return x->code;
  if (x->actor_kind &&
      (streq(x->actor_kind, "anaphora") || streq(x->actor_kind, "title")))
    return f->home;
  return NULL;
}

/* Last person or title named before token t (for "il", "elle", "he"). */
static const char *last_person(const frame_ctx *f, uint32_t t) {
  /* "il", "elle": the first person or office holder of the nearest earlier
   * sentence that names one; the subject of that sentence, more often
   * than its last name ("... à l'invitation de son homologue turc. Au
   * cours de son séjour, il s'est entretenu ...") */
  const kb_analysis *a = f->a;
  int found = -1;
  uint32_t sent = UINT32_MAX;
  for (size_t i = a->nment; i-- > 0;) {
    if (a->mx[i].t0 >= t) continue;
    const kb_mention *m = &a->ment[i];
    uint32_t s = a->tok[a->mx[i].t0].sent;
    if (sent != UINT32_MAX && s != sent) break;
    if (m->kind == KB_MENTION_ACTOR && m->actor_kind && code_of(f, (int)i) &&
        (streq(m->actor_kind, "person") || streq(m->actor_kind, "title"))) {
      found = (int)i;
      sent = s;
    }
  }
  return found >= 0 ? code_of(f, found) : NULL;
}

/* ---- sentence helpers ---------------------------------------------------- */

/* "according to a UN report", "selon un rapport de l'ONU", "citing French
 * officials": the actor is the outlet's source, no party to the event. */
static int attributed(const kb_analysis *a, uint32_t t0, uint32_t s0) {
  for (uint32_t t = t0; t > s0 && t0 - t < 6; t--) {
    const kb_token *k = &a->tok[t - 1];
    if (k->kind == TOK_PUNCT) return 0;
    if (kb_tok_is(a, t - 1, "selon") || kb_tok_is(a, t - 1, "citing") ||
        (kb_tok_is(a, t - 1, "according") && kb_tok_is(a, t, "to")) ||
        (kb_tok_is(a, t - 1, "d'") && kb_tok_is(a, t, "apres")))
      return 1;
  }
  return 0;
}

static int is_candidate(const frame_ctx *f, size_t i) {
  const kb_analysis *a = f->a;
  const kb_mention *m = &a->ment[i];
  return m->kind == KB_MENTION_ACTOR && a->mx[i].maker_of == -1 &&
         a->mx[i].t0 >= f->s0 && a->mx[i].t1 <= f->s1 && code_of(f, (int)i) &&
         !attributed(a, a->mx[i].t0, f->s0);
}

static int prep_is(const kb_analysis *a, size_t i, const char *kind) {
  return a->mx[i].prep && streq(a->mx[i].prep, kind);
}

/* "ont formé des soldats ivoiriens": a bare "des", "du", "de" right after
 * a verb trigger introduces its object, it is no preposition. */
static int object_article(const frame_ctx *f, size_t i) {
  const kb_analysis *a = f->a;
  uint32_t t0 = a->mx[i].t0;
  if (f->tr->nominal || t0 < 1 || t0 - 1 != f->t1) return 0;
  /* "de Moscou" after "a reçu" is an origin: only partitives here */
  return kb_tok_is(a, t0 - 1, "des") || kb_tok_is(a, t0 - 1, "du");
}

/* "made by state-owned Norinco", "fabriqués par la société d'État
 * Norinco": an actor a word or two after "by"/"par" is an agent, though
 * the preposition does not stand right before it. */
static int agent_phrase(const frame_ctx *f, size_t i) {
  const kb_analysis *a = f->a;
  uint32_t t0 = a->mx[i].t0;
  for (uint32_t t = t0; t > f->s0 && t0 - t < 3; t--) {
    if (a->tok[t - 1].kind == TOK_PUNCT) return 0;
    if (kb_tok_is(a, t - 1, "by") || kb_tok_is(a, t - 1, "par")) return 1;
  }
  return 0;
}

/* Subject: the nearest candidate before the trigger, within the clause,
 * that no preposition governs. */
static int subject(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  /* a pronoun right before the trigger is the subject of this clause */
  for (uint32_t t = window_start(f->t0, f->s0, 3); t < f->t0; t++) {
    if (kb_tok_is(a, t, "il") || kb_tok_is(a, t, "elle") ||
        kb_tok_is(a, t, "he") || kb_tok_is(a, t, "she"))
      return -2;
    if (kb_tok_is(a, t, "nous") || kb_tok_is(a, t, "we")) return -3;
  }
  /* "Le Niger, qui fait face à une insurrection jihadiste, a reçu": an
   * incise between two commas right before the verb is skipped */
  uint32_t limit = f->t0, open = UINT32_MAX;
  for (uint32_t t = f->t0; t > f->s0 && f->t0 - t <= 2; t--)
    if (kb_tok_is(a, t - 1, ",")) {
      for (uint32_t k = t - 1; k > f->s0; k--)
        if (kb_tok_is(a, k - 1, ",")) {
          open = k - 1;
          break;
        }
      break;
    }
  /* but an apposition naming the person ("Le président de la transition,
   * le général Assimi Goïta, a séjourné") is the subject itself */
  for (size_t i = 0; open != UINT32_MAX && i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 > open && a->mx[i].t1 <= f->t0) {
      if (a->ment[i].actor_kind && streq(a->ment[i].actor_kind, "person"))
        open = UINT32_MAX;
      break;
    }
  if (open != UINT32_MAX && !f->tr->nominal)
    for (size_t i = 0; i < a->nment; i++)
      if (is_candidate(f, i) && a->mx[i].t1 <= open &&
          (!a->mx[i].prep || prep_is(a, i, "prep_with")))
        limit = open;
  int best = -1, owner = -1;
  for (size_t i = 0; i < a->nment; i++) {
    if (!is_candidate(f, i) || a->mx[i].t1 > limit) continue;
    /* "Les soldats de la force Barkhane ont quitté": the force that owns
     * the people named as subject */
    if (prep_is(a, i, "prep_source") && owner < 0 &&
        cue_in(f, "personnel", window_start(a->mx[i].t0, f->s0, 4),
               a->mx[i].t0))
      owner = (int)i;
    if (a->mx[i].prep && !prep_is(a, i, "prep_with")) continue;
    if (!a->mx[i].prep && agent_phrase(f, i)) continue;
    best = (int)i;
  }
  return best >= 0 ? best : owner;
}

/* First candidate after the trigger governed by a preposition of `kind`
 * (NULL: no preposition). */
static int after(const frame_ctx *f, const char *kind, int exclude) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    if (!is_candidate(f, i) || a->mx[i].t0 < f->t1 || (int)i == exclude)
      continue;
    int bare = a->mx[i].prep == NULL || object_article(f, i);
    if (kind ? prep_is(a, i, kind) && !object_article(f, i) : bare)
      return (int)i;
  }
  return -1;
}

static int any_after(const frame_ctx *f, int exclude) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 >= f->t1 && (int)i != exclude &&
        (exclude < 0 || strcmp(code_of(f, (int)i), code_of(f, exclude))))
      return (int)i;
  return -1;
}

/* A demonym qualifying the trigger noun or the equipment ("instructeurs
 * russes", "matériel russe"): the maker adjectives of the sentence. */
static const char *maker_in_sentence(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind == KB_MENTION_ACTOR && a->mx[i].maker_of >= 0 &&
        a->mx[i].t0 >= f->s0 && a->mx[i].t1 <= f->s1 && m->code)
      return m->code;
  }
  /* when nobody else is named, the maker of the designation supplies it */
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind == KB_MENTION_EQUIPMENT && m->maker && !m->carrier &&
        a->mx[i].t0 >= f->s0 && a->mx[i].t1 <= f->s1)
      return m->maker;
  }
  return NULL;
}

/* The demonym right before a nominal trigger: "Russian instructors". */
static int adj_before_trigger(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind == KB_MENTION_ACTOR && m->code && a->mx[i].t1 == f->t0 &&
        a->mx[i].maker_of == -1 && m->actor_kind && streq(m->actor_kind, "adj"))
      return (int)i;
  }
  return -1;
}

/* The adjective right after a nominal trigger: "instructeurs russes". */
static int adj_after_trigger(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind == KB_MENTION_ACTOR && m->code && a->mx[i].t0 >= f->t1 &&
        a->mx[i].t0 <= f->t1 + 3 && a->mx[i].t1 <= f->s1 &&
        a->mx[i].maker_of == -1 && m->actor_kind &&
        (streq(m->actor_kind, "adj") || a->mx[i].t0 == f->t1))
      return (int)i;
    if (m->kind == KB_MENTION_ACTOR && a->mx[i].t0 >= f->t1 &&
        a->mx[i].t0 <= f->t1 + 3 && a->mx[i].prep)
      break; /* a preposition starts another phrase */
  }
  return -1;
}

static int place_in_sentence(const frame_ctx *f, int locative_only) {
  const kb_analysis *a = f->a;
  int best = -1;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_PLACE || a->mx[i].t0 < f->s0 ||
        a->mx[i].t1 > f->s1)
      continue;
    if (locative_only && !a->mx[i].prep) continue;
    if (best < 0 || (a->mx[best].t0 < f->t0 && a->mx[i].t0 >= f->t0))
      best = (int)i;
  }
  return best;
}

/* "un premier lot déjà livré", "Révisés dans des ateliers turcs, les
 * hélicoptères...": a French past participle with no "avoir" before it. */
static int bare_participle(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (a->is_en || f->tr->nominal || f->t1 != f->t0 + 1) return 0;
  const char *s = a->t->text + a->tok[f->t0].s;
  size_t n = a->tok[f->t0].e - a->tok[f->t0].s;
  /* é, és, ée, ées, and the irregular remis, offert(e)s, reçu(e)s,
   * fourni(e)s */
  static const char *const ends[] = {"\xC3\xA9",
                                     "\xC3\xA9s",
                                     "\xC3\xA9"
                                     "e",
                                     "\xC3\xA9"
                                     "es",
                                     "is",
                                     "ise",
                                     "ises",
                                     "ert",
                                     "erts",
                                     "erte",
                                     "ertes",
                                     "u",
                                     "us",
                                     "ue",
                                     "ues",
                                     "ie",
                                     "ies",
                                     NULL};
  int participle = 0;
  for (const char *const *e = ends; *e; e++) {
    size_t k = strlen(*e);
    if (n > k && !memcmp(s + n - k, *e, k)) participle = 1;
  }
  if (!participle) return 0;
  for (uint32_t t = window_start(f->t0, f->ss0, 3); t < f->t0; t++) {
    static const char *const aux[] = {"avoir",    "eu",      "a",    "ont",
                                      "avait",    "avaient", "aura", "auront",
                                      "ai",       "avons",   "avez", "aurait",
                                      "auraient", "ayant",   NULL};
    for (const char *const *x = aux; *x; x++)
      if (kb_tok_is(a, t, *x)) return 0;
  }
  return 1;
}

static int passive_before(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (bare_participle(f)) return 1;
  for (uint32_t t = window_start(f->t0, f->s0, 3); t < f->t0; t++) {
    uint32_t end;
    const char *k = kb_cue_at(a, t, &end);
    if (k && streq(k, "passive_aux") && end >= f->t0 - 1) {
      /* "a été reçu", "were handed": "été"/"were" right before */
      if (kb_tok_is(a, end - 1, "ete") || kb_tok_is(a, end - 1, "were") ||
          kb_tok_is(a, end - 1, "was") || kb_tok_is(a, end - 1, "been") ||
          kb_tok_is(a, end - 1, "sont") || kb_tok_is(a, end - 1, "est"))
        return 1;
    }
  }
  return 0;
}

/* "« Nous avons reçu des équipements », a déclaré le capitaine Traoré":
 * the speaker a reporting verb after the quote names, else the last person
 * named before. */
static const char *speaker(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t c = 0; c < a->ncue; c++) {
    const kb_match *k = &a->cue[c];
    if (k->t0 < f->t1 || k->t0 >= f->ss1 ||
        strcmp(((const lex_cue *)k->form->item)->kind, "reported"))
      continue;
    for (size_t i = 0; i < a->nment; i++) {
      const kb_mention *m = &a->ment[i];
      if (m->kind == KB_MENTION_ACTOR && a->mx[i].t0 >= k->t1 &&
          a->mx[i].t0 <= k->t1 + 3 && a->mx[i].t1 <= f->ss1 &&
          a->mx[i].maker_of == -1 && code_of(f, (int)i))
        return code_of(f, (int)i);
    }
    break;
  }
  return last_person(f, f->t0);
}

static void set_role(role *r, const frame_ctx *f, int m) {
  if (m == -2 || m == -3) { /* pronoun subject */
    r->m = -1;
    r->code = m == -2 ? last_person(f, f->t0) : speaker(f);
    r->from_syntax = r->code != NULL;
  } else if (m >= 0) {
    r->m = m;
    r->code = code_of(f, m);
    r->from_syntax = 1;
  }
}

/* ---- roles by frame --------------------------------------------------- */

static void roles_give(const frame_ctx *f, role *src, role *tgt) {
  int subj = subject(f);
  if (f->passive || f->tr->nominal) {
    int ag = after(f, "prep_agent", -1);
    if (ag < 0) ag = after(f, "prep_source", -1);
    if (ag < 0 && f->tr->nominal) ag = adj_after_trigger(f);
    set_role(src, f, ag);
    set_role(tgt, f, after(f, "prep_goal", src->m));
    if (tgt->m < 0 && subj >= 0 && subj != src->m) set_role(tgt, f, subj);
    /* "L'ambassadeur de Chine a procédé à la remise d'un lot ...": the
     * subject carries out the handover */
    if (!src->code && f->tr->nominal && subj >= 0 &&
        (!tgt->code || strcmp(code_of(f, subj), tgt->code)))
      set_role(src, f, subj);
    /* "handed over to the Malian Air Force, according to photographs
     * released by the FAMa": an agent of the recipient's own state is
     * not the supplier */
    if (src->code && tgt->code && streq(src->code, tgt->code)) {
      src->m = -1;
      src->code = NULL;
      src->from_syntax = 0;
    }
  } else {
    set_role(src, f, subj);
    int g = after(f, "prep_goal", -1);
    if (g < 0) g = after(f, NULL, subj);
    set_role(tgt, f, g);
    /* "brought an air defence system to Niamey": the place it went to */
    if (!tgt->code) {
      int p = place_in_sentence(f, 1);
      if (p >= 0 && f->a->mx[p].t0 >= f->t1 && f->a->ment[p].country &&
          (!src->code || strcmp(src->code, f->a->ment[p].country)))
        tgt->code = f->a->ment[p].country;
    }
  }
  if (!src->code) src->code = maker_in_sentence(f);
}

/* First candidate after the trigger, of another code than `other`, with a
 * preposition of `kind` at most six words before it ("construits par les
 * chantiers navals français", "avec l'aide d'une société chinoise"): the
 * preposition governs a noun that the actor only qualifies. */
static int governed_after(const frame_ctx *f, const char *kind,
                          const char *other) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 >= f->t1 &&
        (!other || strcmp(code_of(f, (int)i), other)) &&
        cue_in(f, kind, window_start(a->mx[i].t0, f->t1, 6), a->mx[i].t0))
      return (int)i;
  return -1;
}

/* "des patrouilleurs construits en Chine", "drones made in Turkey": the
 * state after a making participle and "en/in" supplies them; -1 if none. */
static int made_in(const frame_ctx *f, const char *other) {
  static const char *const stems[] = {"construit",  "fabrique", "produit",
                                      "assemble",   "built",    "made",
                                      "manufactur", NULL};
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    uint32_t t0 = a->mx[i].t0;
    if (!is_candidate(f, i) || !prep_is(a, i, "prep_loc") || t0 < 2 ||
        (other && streq(code_of(f, (int)i), other)))
      continue;
    uint32_t k = t0 - 2; /* the word before "en"/"in" */
    if (kb_tok_is(a, k, "en") || kb_tok_is(a, k, "in")) continue;
    for (const char *const *w = stems; *w; w++)
      if (tok_flen(a, k) >= strlen(*w) && !memcmp(tok_f(a, k), *w, strlen(*w)))
        return (int)i;
  }
  return -1;
}

/* "destinés à", "à destination de", "pour", "bound for", "for" in the
 * four words before token t0: goods meant for a recipient. */
static int destined_before(const kb_analysis *a, uint32_t t0) {
  static const char *const words[] = {"pour", "for", "bound", NULL};
  for (uint32_t t = t0 > 4 ? t0 - 4 : 0; t < t0; t++) {
    if (tok_flen(a, t) >= 6 && !memcmp(tok_f(a, t), "destin", 6)) return 1;
    for (const char *const *w = words; *w; w++)
      if (kb_tok_is(a, t, *w)) return 1;
  }
  return 0;
}

static void roles_receive(const frame_ctx *f, role *src, role *tgt) {
  if (f->passive) {
    /* "des drones ont été réceptionnés par l'armée malienne" */
    int r = after(f, "prep_agent", -1);
    if (r < 0) r = after(f, "prep_goal", -1);
    set_role(tgt, f, r);
    if (!tgt->code) {
      int p = place_in_sentence(f, 1);
      if (p >= 0) tgt->code = f->a->ment[p].country;
    }
    int s = after(f, "prep_source", tgt->m);
    /* "offert par la Russie, a été réceptionné par le ministre" */
    for (size_t i = 0; s < 0 && i < f->a->nment; i++)
      if (is_candidate(f, i) && prep_is(f->a, i, "prep_agent") &&
          (int)i != tgt->m &&
          (!tgt->code || strcmp(code_of(f, (int)i), tgt->code)))
        s = (int)i;
    set_role(src, f, s);
    if (!src->code) src->code = maker_in_sentence(f);
    return;
  }
  int subj = subject(f);
  set_role(tgt, f, subj);
  /* "Un lot de blindés ... est arrivé au port de Conakry à destination du
   * Mali": goods arriving, the recipient after "à destination de/to" */
  if (subj == -1) {
    int g = after(f, "prep_goal", -1);
    /* "Two helicopters bound for Burkina Faso arrived", "destinés à
     * l'armée malienne": not "commandés à la Chine" */
    for (size_t i = 0; g < 0 && i < f->a->nment; i++)
      if (is_candidate(f, i) && f->a->mx[i].t1 <= f->t0 &&
          prep_is(f->a, i, "prep_goal") &&
          destined_before(f->a, f->a->mx[i].t0))
        g = (int)i;
    if (g >= 0) set_role(tgt, f, g);
    if (!tgt->code) { /* "sont arrivés à Bamako" */
      int p = place_in_sentence(f, 1);
      if (p >= 0) tgt->code = f->a->ment[p].country;
    }
  }
  int s = after(f, "prep_source", tgt->m);
  if (s < 0) s = after(f, "prep_agent", tgt->m);
  /* "... pushed by the military government": the receiver's own side is
   * not its supplier */
  if (s >= 0 && tgt->code && streq(code_of(f, s), tgt->code)) s = -1;
  /* "a réceptionné deux patrouilleurs construits par les chantiers navals
   * français Piriou": the builder named after "par/by" further on */
  set_role(src, f, s);
  if (!src->code) src->code = maker_in_sentence(f);
  if (!src->code) set_role(src, f, governed_after(f, "prep_agent", tgt->code));
  if (!src->code) set_role(src, f, made_in(f, tgt->code));
}

/* An arms maker or exporter named in the clause (sector BUS). */
static int arms_maker_in_clause(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->ment[i].sector &&
        streq(a->ment[i].sector, "BUS"))
      return (int)i;
  return -1;
}

/* m if it starts within `dist` tokens after the trigger, else -1. */
static int near(const frame_ctx *f, int m, uint32_t dist) {
  return m >= 0 && f->a->mx[m].t0 <= f->t1 + dist ? m : -1;
}

/* A company (actors.tsv sector BUS) the clause names, of `code` unless
 * NULL; -1 when none. */
static int company_of(const frame_ctx *f, const char *code) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->ment[i].sector &&
        streq(a->ment[i].sector, "BUS") &&
        (!code || streq(code_of(f, (int)i), code)))
      return (int)i;
  return -1;
}

/* An armed group ("to fight Boko Haram") or a peace mission ("for its
 * peacekeepers") sells no arms in a frame. */
static int no_seller(const char *code) {
  static const char *const groups[] = {"ARMED_GROUP", "JNIM", "ISSP", "ISWAP",
                                       "BOKO",        "FLA",  "UN",   NULL};
  for (const char *const *g = groups; code && *g; g++)
    if (streq(code, *g)) return 1;
  return 0;
}

static void roles_buy(const frame_ctx *f, role *src, role *tgt) {
  int subj = subject(f);
  /* "Mali is in talks with Russia to acquire ...": the partner after
   * "with" sells; the buyer is the bare subject before it */
  int partner = -1;
  if (subj >= 0 && prep_is(f->a, (size_t)subj, "prep_with"))
    for (int i = subj - 1; i >= 0; i--)
      if (is_candidate(f, (size_t)i) && !f->a->mx[i].prep &&
          f->a->mx[i].t1 <= f->t0) {
        partner = subj;
        subj = i;
        break;
      }
  /* "L'achat de Su-25 ... a été conclu par le gouvernement malien", "were
   * ordered by Mali": without a subject the agent buys, unless it is a
   * company ("achat de drones fabriqués par Baykar") */
  if (subj == -1 && (f->passive || f->tr->nominal)) {
    int ag = after(f, "prep_agent", -1);
    if (ag >= 0 &&
        !(f->a->ment[ag].sector && streq(f->a->ment[ag].sector, "BUS")))
      subj = ag;
  }
  set_role(tgt, f, subj);
  int s = after(f, "prep_goal", tgt->m);
  if (s < 0) s = after(f, "prep_source", tgt->m);
  if (s < 0) s = after(f, "prep_agent", tgt->m);
  /* "signed with Rosoboronexport", "un contrat avec le constructeur turc
   * Baykar": only close to the trigger, not "its border with Sudan" */
  if (s < 0) s = near(f, after(f, "prep_with", tgt->m), 8);
  if (s < 0) s = near(f, any_after(f, tgt->m), 8);
  if (s < 0) s = arms_maker_in_clause(f); /* "... avec Rosoboronexport" */
  /* "Le Tchad a conclu avec la Chine un contrat d'acquisition" */
  if (s < 0) s = partner;
  if (s >= 0 && no_seller(code_of(f, s))) s = -1;
  /* "le ministre a évoqué l'acquisition ... par le Mali": the buyer named
   * twice is no seller */
  if (s >= 0 && tgt->code && streq(code_of(f, s), tgt->code)) s = -1;
  set_role(src, f, s);
  if (!src->code) src->code = maker_in_sentence(f);
  /* "signed between Ghana's defence ministry and the Turkish firm Otokar":
   * the side a company stands on sells */
  int c = company_of(f, NULL);
  if (c >= 0 && src->code && company_of(f, src->code) < 0 &&
      strcmp(code_of(f, c), src->code) &&
      (!tgt->code || streq(tgt->code, code_of(f, c)))) {
    *tgt = *src;
    set_role(src, f, c);
  }
}

/* A place right after the trigger, as its object ("visited Niamey"). */
static int place_right_after(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_PLACE && a->mx[i].t0 == f->t1)
      return (int)i;
  return -1;
}

/* "received the visiting Russian delegation": an English participle after
 * an article qualifies the noun that follows; that noun is the visitor and
 * the clause's subject the host. Returns the visitor, or -1. */
static int attributive_visitor(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal || f->t1 != f->t0 + 1 || f->t0 == 0) return -1;
  const kb_token *t = &a->tok[f->t0];
  if (t->e - t->s < 5 || memcmp(a->t->text + t->e - 3, "ing", 3)) return -1;
  if (!kb_tok_is(a, f->t0 - 1, "the") && !kb_tok_is(a, f->t0 - 1, "a") &&
      !kb_tok_is(a, f->t0 - 1, "an"))
    return -1;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 >= f->t1 && a->mx[i].t0 < f->t1 + 3)
      return (int)i;
  return -1;
}

static void roles_travel(const frame_ctx *f, role *src, role *tgt) {
  int visitor = attributive_visitor(f);
  if (visitor >= 0) {
    set_role(src, f, visitor);
    int host = subject(f);
    if (host != -1) set_role(tgt, f, host);
    if (tgt->code && src->code && streq(tgt->code, src->code))
      tgt->code = NULL, tgt->m = -1, tgt->from_syntax = 0;
    if (!tgt->code) {
      int p = place_in_sentence(f, 1);
      if (p >= 0) tgt->code = f->a->ment[p].country;
    }
    return;
  }
  int subj = subject(f);
  if (f->tr->nominal || subj < 0) {
    int v = after(f, "prep_source", -1);
    if (v < 0) v = adj_after_trigger(f);
    if (v >= 0) subj = v;
  }
  set_role(src, f, subj);
  int h = after(f, "prep_goal", subj);
  if (h < 0) h = after(f, "prep_loc", subj);
  if (h < 0 && !f->tr->nominal) h = near(f, after(f, NULL, subj), 1);
  /* "travelled to Bamako for an AES summit": the place reached comes
   * before the purpose */
  if (h >= 0) {
    const kb_analysis *a = f->a;
    for (size_t i = 0; i < a->nment; i++)
      if (a->ment[i].kind == KB_MENTION_PLACE && a->mx[i].prep &&
          a->mx[i].t0 >= f->t1 && a->mx[i].t1 <= a->mx[h].t0 &&
          a->ment[i].country) {
        h = -1;
        break;
      }
  }
  set_role(tgt, f, h);
  if (!tgt->code) {
    int p = place_in_sentence(f, 1);
    if (p < 0) p = place_right_after(f); /* "visited Niamey" */
    if (p >= 0) tgt->code = f->a->ment[p].country;
  }
  if (!src->code) {
    /* "Arrivée lundi à Ouagadougou ..., la délégation russe" */
    const kb_analysis *a = f->a;
    for (size_t i = 0; i < a->nment && !src->code; i++)
      if (is_candidate(f, i) &&
          (!tgt->code || strcmp(code_of(f, (int)i), tgt->code)))
        set_role(src, f, (int)i);
  }
}

static void roles_host(const frame_ctx *f, role *src, role *tgt) {
  if (f->passive) {
    /* "le ministre turc a été accueilli par le général Tiani" */
    int visitor = subject(f);
    set_role(src, f, visitor);
    set_role(tgt, f, after(f, "prep_agent", visitor));
    if (!tgt->code) {
      int p = place_in_sentence(f, 1);
      if (p >= 0) tgt->code = f->a->ment[p].country;
    }
    return;
  }
  set_role(tgt, f, subject(f));
  set_role(src, f, any_after(f, tgt->m));
}

/* Two different states within a few tokens after the trigger
 * ("un pacte AES-Russie", "accord entre le Mali et la Russie"). */
static int pair_after(const frame_ctx *f, role *src, role *tgt) {
  const kb_analysis *a = f->a;
  int first = -1;
  for (size_t i = 0; i < a->nment; i++) {
    if (!is_candidate(f, i) || a->mx[i].t0 < f->t1 || a->mx[i].t0 > f->t1 + 6)
      continue;
    if (first < 0)
      first = (int)i;
    else if (strcmp(code_of(f, first), code_of(f, (int)i))) {
      set_role(src, f, first);
      set_role(tgt, f, (int)i);
      return 1;
    }
  }
  return 0;
}

/* The candidate right before mention m, joined to it by "et"/"and"
 * ("Niger and Russia signed"). */
static int coordinated_before(const frame_ctx *f, int m) {
  const kb_analysis *a = f->a;
  if (m < 0 || !prep_is(a, (size_t)m, "prep_with")) return -1;
  int best = -1;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t1 <= a->mx[m].t0 &&
        a->mx[i].t1 + 3 >= a->mx[m].t0 &&
        strcmp(code_of(f, (int)i), code_of(f, m)))
      best = (int)i;
  return best;
}

static void roles_mutual(const frame_ctx *f, role *src, role *tgt) {
  if (f->tr->nominal && pair_after(f, src, tgt)) return;
  int subj = subject(f);
  int pair = coordinated_before(f, subj);
  if (pair >= 0) {
    set_role(src, f, pair);
    set_role(tgt, f, subj);
    return;
  }
  set_role(src, f, subj);
  int w = after(f, "prep_with", subj);
  if (w < 0) w = after(f, "prep_agent", subj); /* "reçu par Poutine" */
  if (w >= 0 && subj >= 0 && streq(code_of(f, w), code_of(f, subj))) w = -1;
  if (w < 0) w = any_after(f, subj);
  set_role(tgt, f, w);
  if (!src->code && tgt->m >= 0) {
    /* "entre le Mali et la Russie": both after the trigger */
    set_role(src, f, any_after(f, tgt->m));
    if (src->code) {
      role t = *src;
      *src = *tgt;
      *tgt = t;
    }
  }
}

/* A named armed group in the clause, if the frame found only a generic one. */
static void prefer_named_group(const frame_ctx *f, role *r) {
  if (!r->code || strcmp(r->code, "ARMED_GROUP")) return;
  const kb_analysis *a = f->a;
  static const char *const named[] = {"JNIM", "ISSP",   "ISWAP", "BOKO",
                                      "FLA",  "WAGNER", NULL};
  for (size_t i = 0; i < a->nment; i++) {
    if (!is_candidate(f, i)) continue;
    for (const char *const *n = named; *n; n++)
      if (streq(code_of(f, (int)i), *n)) {
        set_role(r, f, (int)i);
        return;
      }
  }
}

/* "a revendiqué l'attaque", "claimed the attack": the subject attacked. */
static int claim_before(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (uint32_t t = window_start(f->t0, f->s0, 3); t < f->t0; t++) {
    size_t n = tok_flen(a, t);
    const char *w = tok_f(a, t);
    if ((n >= 9 && !memcmp(w, "revendiqu", 9)) ||
        (n >= 5 && !memcmp(w, "claim", 5)))
      return 1;
  }
  return 0;
}

/* The first candidate within six tokens after "contre"/"against" that
 * follows the trigger: "l'attaque contre une position de l'armée
 * nigérienne" attacks the army, whatever preposition it has itself. */
static int after_against_word(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (uint32_t t = f->t1; t < f->s1 && t < f->t1 + 4; t++) {
    if (!kb_tok_is(a, t, "contre") && !kb_tok_is(a, t, "against")) continue;
    for (size_t i = 0; i < a->nment; i++)
      if (is_candidate(f, i) && a->mx[i].t0 > t && a->mx[i].t0 <= t + 6)
        return (int)i;
    return -1;
  }
  return -1;
}

static void roles_attack(const frame_ctx *f, role *src, role *tgt) {
  int subj = subject(f);
  if (f->passive) {
    set_role(tgt, f, subj);
    int ag = after(f, "prep_agent", subj);
    /* "attaqué par des combattants du JNIM": "par" governs the noun the
     * group qualifies */
    if (ag < 0) ag = governed_after(f, "prep_agent", tgt->code);
    set_role(src, f, ag);
  } else if (f->tr->nominal) {
    int claimed = claim_before(f); /* "l'EIGS a revendiqué l'attaque" */
    int s = claimed ? subj : adj_after_trigger(f);
    int against = after_against_word(f);
    if (s < 0) s = after(f, "prep_source", against);
    if (s < 0) s = after(f, "prep_agent", against);
    if (s < 0) s = subj; /* "l'armée a mené des frappes contre ..." */
    set_role(src, f, s);
    int t = against >= 0 && against != src->m
                ? against
                : after(f, "prep_against", src->m);
    if (t < 0) t = after(f, "prep_goal", src->m);
    set_role(tgt, f, t);
  } else {
    set_role(src, f, subj);
    /* "Burkinabe drones struck JNIM positions": the demonym of the
     * weapon that strikes names the attacker when it is the story's own
     * state ("des drones turcs" are more often Turkish-made) */
    for (size_t i = 0; subj < 0 && !src->code && i < f->a->nment; i++) {
      const kb_analysis *a = f->a;
      int eq = a->mx[i].maker_of;
      if (a->ment[i].kind == KB_MENTION_ACTOR && eq >= 0 && a->ment[i].code &&
          a->ment[i].actor_kind && streq(a->ment[i].actor_kind, "adj") &&
          f->home && streq(a->ment[i].code, f->home) && a->mx[i].t0 >= f->s0 &&
          a->mx[eq].t1 <= f->t0 && a->mx[eq].t1 + 2 >= f->t0) {
        src->code = a->ment[i].code;
        src->from_syntax = 1;
      }
    }
    int t = after(f, NULL, subj);
    if (t < 0) t = after(f, "prep_against", subj);
    set_role(tgt, f, t);
  }
  if (!tgt->code) {
    /* "une embuscade à une colonne de combattants de Wagner" */
    int o = any_after(f, src->m);
    if (o >= 0 && !prep_is(f->a, (size_t)o, "prep_agent")) set_role(tgt, f, o);
  }
  if (!tgt->code) {
    int p = place_in_sentence(f, 0);
    if (p >= 0) tgt->code = f->a->ment[p].country;
  }
  if (!src->code) {
    /* "Revendiquée par le JNIM, l'attaque de Barsalogho ...", "claimed by
     * JNIM": who claims it attacked */
    const kb_analysis *a = f->a;
    for (uint32_t t = f->ss0; t + 2 < f->ss1 && !src->code; t++) {
      size_t n = tok_flen(a, t);
      const char *w = tok_f(a, t);
      if (!((n >= 9 && !memcmp(w, "revendiqu", 9)) ||
            (n >= 7 && !memcmp(w, "claimed", 7))) ||
          !(kb_tok_is(a, t + 1, "par") || kb_tok_is(a, t + 1, "by")))
        continue;
      for (size_t i = 0; i < a->nment && !src->code; i++)
        if (a->ment[i].kind == KB_MENTION_ACTOR && a->mx[i].maker_of == -1 &&
            a->ment[i].code && a->mx[i].t0 > t + 1 && a->mx[i].t0 <= t + 4)
          set_role(src, f, (int)i);
    }
    if (src->code && tgt->code && streq(src->code, tgt->code)) {
      tgt->code = NULL;
      tgt->m = -1;
    }
    if (!tgt->code) {
      int p = place_in_sentence(f, 0);
      if (p >= 0) tgt->code = f->a->ment[p].country;
    }
  }
  prefer_named_group(f, src);
  prefer_named_group(f, tgt);
  if (src->code && tgt->code && streq(src->code, tgt->code)) {
    /* "une frappe de l'armée a visé des terroristes de l'EIGS" */
    int o = any_after(f, src->m);
    if (o >= 0) set_role(tgt, f, o);
    prefer_named_group(f, tgt);
  }
}

/* The nearest candidate before the trigger whatever governs it: "des
 * combattants de l'Africa Corps auraient été déployés". */
static int any_before(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  int best = -1;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t1 <= f->t0) best = (int)i;
  return best;
}

/* "the withdrawal of Minusma peacekeepers", "the arrival of Russian
 * troops": the actor right after "of" that follows a noun trigger. */
static int of_complement(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (!f->tr->nominal || f->t1 >= f->ss1 || !kb_tok_is(a, f->t1, "of"))
    return -1;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 > f->t1 && a->mx[i].t0 <= f->t1 + 3 &&
        !a->mx[i].prep)
      return (int)i;
  return -1;
}

/* An actor that starts inside a multi-word trigger and runs past it:
 * "l'arrivée de soldats russes" where "soldats russes" names the sender. */
static int mention_across_end(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 > f->t0 && a->mx[i].t0 < f->t1 &&
        a->mx[i].t1 > f->t1)
      return (int)i;
  return -1;
}

static void roles_send(const frame_ctx *f, role *src, role *tgt) {
  int subj = subject(f);
  if (f->tr->nominal) {
    int s = adj_after_trigger(f);
    if (s < 0) s = mention_across_end(f);
    if (s < 0) s = of_complement(f);
    if (s < 0) s = after(f, "prep_source", -1);
    /* "l'arrivée à Niamey, en avril, des premiers instructeurs russes" */
    for (size_t i = 0; s < 0 && i < f->a->nment; i++)
      if (is_candidate(f, i) && !f->a->mx[i].prep && f->a->mx[i].t0 > f->t1 &&
          f->a->mx[i].t0 <= f->t1 + 12 && personnel_complement(f))
        s = (int)i;
    if (s < 0 && (subj >= 0 || subj <= -2))
      s = subj; /* "Russia has sent a new contingent ..." */
    set_role(src, f, s);
  } else {
    if (subj < 0 && subj > -2) subj = any_before(f);
    set_role(src, f, subj);
  }
  int t = after(f, "prep_goal", src->m);
  if (t < 0) t = after(f, "prep_loc", src->m);
  set_role(tgt, f, t);
  if (!tgt->code) {
    int p = place_in_sentence(f, 1);
    if (p >= 0) tgt->code = f->a->ment[p].country;
  }
  if (!src->code) src->code = maker_in_sentence(f);
}

/* The subject owns the noun: a possessive ("son retrait", "their
 * withdrawal") or a verb that carries it out ("completed the withdrawal",
 * "a achevé le retrait"). */
static int possessive_before(const frame_ctx *f) {
  /* folded forms (no accents): tokens are compared folded */
  static const char *const words[] = {
      "leur",      "leurs",  "sa",       "son",       "ses",       "their",
      "its",       "his",    "her",      "completed", "complete",  "completes",
      "began",     "begun",  "started",  "finished",  "announced", "acheve",
      "achevent",  "entame", "commence", "annonce",   "finalise",  "poursuit",
      "poursuivi", NULL};
  const kb_analysis *a = f->a;
  for (uint32_t t = window_start(f->t0, f->s0, 3); t < f->t0; t++)
    for (const char *const *w = words; *w; w++)
      if (kb_tok_is(a, t, *w)) return 1;
  return 0;
}

/* "tout retrait de ses instructeurs", "the withdrawal of its troops": the
 * noun's complement belongs to the subject. */
static int possessive_after(const frame_ctx *f) {
  static const char *const words[] = {"ses",  "sa",  "son",   "leurs",
                                      "leur", "its", "their", NULL};
  const kb_analysis *a = f->a;
  if (!f->tr->nominal) return 0;
  for (uint32_t t = f->t1; t < f->s1 && t < f->t1 + 2; t++)
    for (const char *const *w = words; *w; w++)
      if (kb_tok_is(a, t, *w)) return 1;
  return 0;
}

/* The leaver is the subject ("French troops completed their withdrawal")
 * or, for a noun without one, its complement ("le départ des forces
 * françaises"); the country left follows "de/from", else the place. */
static void roles_leave(const frame_ctx *f, role *src, role *tgt) {
  const kb_analysis *a = f->a;
  int subj = subject(f);
  /* a noun takes the subject only through a possessive: "French troops
   * completed their withdrawal"; "les retraits du Mali" have no leaver */
  if ((subj >= 0 || subj <= -2) &&
      (!f->tr->nominal || possessive_before(f) || possessive_after(f)))
    set_role(src, f, subj);
  /* "the withdrawal of Minusma peacekeepers from Mali": "of" names who
   * leaves */
  if (!src->code && f->tr->nominal) set_role(src, f, of_complement(f));
  if (!src->code) {
    int s = after(f, "prep_source", -1);
    if (s >= 0 && f->tr->nominal && a->ment[s].actor_kind &&
        streq(a->ment[s].actor_kind, "name") && is_state(a->ment[s].code) &&
        a->mx[s].t0 <= f->t1 + 2)
      s = -1; /* "le retrait du Mali": the country left */
    if (s < 0) s = adj_after_trigger(f);
    set_role(src, f, s);
  }
  int t = -1;
  for (size_t i = 0; i < a->nment && t < 0; i++)
    if (is_candidate(f, i) && a->mx[i].t0 >= f->t1 && (int)i != src->m &&
        (!src->code || strcmp(code_of(f, (int)i), src->code)) &&
        (prep_is(a, i, "prep_source") || (!f->tr->nominal && !a->mx[i].prep)))
      t = (int)i;
  set_role(tgt, f, t);
  if (!tgt->code) {
    int p = place_in_sentence(f, 0);
    if (p >= 0) tgt->code = f->a->ment[p].country;
  }
}

/* "Russia would keep helping Burkina Faso train its officers": the helper
 * trains (or brings the technology), the helped is trained (or hosts);
 * the help word stands within `window` words before the trigger. */
static int helped_by(const frame_ctx *f, role *src, role *tgt,
                     uint32_t window) {
  static const char *const words[] = {
      "help",           "helping",     "helps",      "helped",
      "aider",          "aide",        "aidera",     "aideront",
      "aident",         "accompagner", "accompagne", "accompagnera",
      "accompagneront", "assist",      "assisting",  NULL};
  const kb_analysis *a = f->a;
  uint32_t help = UINT32_MAX;
  for (uint32_t t = window_start(f->t0, f->s0, window); t < f->t0; t++)
    for (const char *const *w = words; *w; w++)
      if (kb_tok_is(a, t, *w)) help = t;
  if (help == UINT32_MAX) return 0;
  int helper = -1, helped = -1;
  for (size_t i = 0; i < a->nment; i++) {
    if (!is_candidate(f, i)) continue;
    if (a->mx[i].t1 <= help)
      helper = (int)i;
    else if (a->mx[i].t0 > help && a->mx[i].t1 <= f->t0)
      helped = (int)i;
  }
  if (helper < 0 || helped < 0) return 0;
  set_role(src, f, helper);
  set_role(tgt, f, helped);
  return 1;
}

/* A mention that starts at the trigger word: "instructeurs russes". */
static int mention_at_trigger(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (is_candidate(f, i) && a->mx[i].t0 == f->t0 && a->mx[i].t1 > f->t1)
      return (int)i;
  return -1;
}

/* "Russian instructors will train ...", "Russian military instructors
 * arrived": an actor that ends in the trigger noun names the people; the
 * training, if any, is told by the sentence's verb. */
static int trigger_ends_mention(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_ACTOR && a->mx[i].t0 < f->t0 &&
        a->mx[i].t1 == f->t1)
      return 1;
  return 0;
}

/* A date mention between tokens t0 and t1. */
static int date_between(const kb_analysis *a, uint32_t t0, uint32_t t1) {
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_DATE && a->mx[i].t0 > t0 &&
        a->mx[i].t1 < t1)
      return 1;
  return 0;
}

/* A verb that carries out a noun: "assurent la formation", "provides
 * training", "dispense des cours". */
/* The token of a light verb that carries a noun trigger, or -1. */
static int light_verb_at(const frame_ctx *f) {
  static const char *const verbs[] = {
      "assure",     "assurent",     "assurera",  "assureront",
      "dispense",   "dispensent",   "mene",      "menent",
      "provide",    "provides",     "providing", "conduct",
      "conducts",   "conducted",    "offer",     "offers",
      "dispensera", "dispenseront", "menera",    "meneront",
      "provided",   "offered",      NULL};
  const kb_analysis *a = f->a;
  /* "ont assuré la semaine dernière une formation": a date may stand
   * between the verb and its noun, no punctuation */
  for (uint32_t t = f->t0; t-- > window_start(f->t0, f->s0, 6);) {
    if (a->tok[t].kind == TOK_PUNCT) break;
    for (const char *const *v = verbs; *v; v++)
      if (kb_tok_is(a, t, *v) && (f->t0 - t <= 3 || date_between(a, t, f->t0)))
        return (int)t;
  }
  return -1;
}

static int light_verb_before(const frame_ctx *f) {
  return light_verb_at(f) >= 0;
}

/* Trainers: the demonym of the noun ("instructeurs russes", "Russian
 * instructors"), "par"/"by", or the subject of a carrying verb. Trainees:
 * the object, "de/des" after the noun ("la formation des soldats"), "à". */
static void roles_train(const frame_ctx *f, role *src, role *tgt) {
  if (helped_by(f, src, tgt, 4)) return;
  int subj = subject(f);
  if (f->tr->nominal) {
    if (trigger_ends_mention(f)) return;
    int s = mention_at_trigger(f);
    if (s < 0) s = adj_before_trigger(f);
    /* "Des instructeurs français assureront la formation de 300 gendarmes
     * béninois": the light verb's subject trains, the noun's complement is
     * trained */
    if (s < 0 && subj >= 0 && light_verb_before(f)) s = subj;
    if (s < 0) s = adj_after_trigger(f);
    if (s < 0) s = after(f, "prep_agent", -1);
    if (s < 0 && light_verb_before(f)) s = subj;
    set_role(src, f, s);
    int t = after(f, "prep_source", src->m);
    if (t < 0) t = after(f, "prep_goal", src->m);
    if (t < 0 && (t = adj_after_trigger(f)) == src->m) t = -1;
    if (t >= 0 && src->code && streq(code_of(f, t), src->code)) t = -1;
    set_role(tgt, f, t);
    /* "accueillera cinquante officiers maliens pour une formation en
     * Chine": training abroad is given by the country it happens in */
    int p = src->code ? -1 : place_in_sentence(f, 1);
    if (p >= 0 && f->a->mx[p].t0 >= f->t1 &&
        strcmp(f->a->ment[p].place_kind, "country") == 0 &&
        (!tgt->code || strcmp(f->a->ment[p].country, tgt->code)))
      src->code = f->a->ment[p].country;
  } else {
    set_role(src, f, subj);
    int t = after(f, NULL, src->m);
    if (t < 0) t = after(f, "prep_goal", src->m);
    set_role(tgt, f, t);
  }
  if (!src->code) src->code = maker_in_sentence(f);
}

static void roles_trainee(const frame_ctx *f, role *src, role *tgt) {
  set_role(tgt, f, subject(f));
  int s = after(f, "prep_agent", tgt->m);
  if (s < 0) s = after(f, "prep_loc", tgt->m);
  if (s < 0) s = after(f, "prep_goal", tgt->m);
  set_role(src, f, s);
  if (!src->code) {
    int p = place_in_sentence(f, 1);
    const kb_analysis *a = f->a;
    if (p >= 0 && (!tgt->code || strcmp(a->ment[p].country, tgt->code)))
      src->code = a->ment[p].country;
  }
}

static void roles_produce(const frame_ctx *f, role *src, role *tgt) {
  /* "China will help Burkina Faso set up an ammunition factory", "la
   * Russie aidera le Mali à construire une usine": the helper brings the
   * technology, the helped hosts unless a place says otherwise */
  if (helped_by(f, src, tgt, 8)) {
    int p = place_in_sentence(f, 0);
    if (p >= 0 && f->a->ment[p].country) tgt->code = f->a->ment[p].country;
    return;
  }
  int s = f->tr->nominal ? -1 : subject(f);
  if (s < 0) s = after(f, "prep_agent", -1);
  if (s < 0) s = after(f, "prep_with", -1);
  if (s < 0) s = adj_after_trigger(f);
  set_role(src, f, s);
  if (!src->code) src->code = maker_in_sentence(f);
  int p = place_in_sentence(f, 0);
  if (p >= 0) tgt->code = f->a->ment[p].country;
  if (!tgt->code) tgt->code = f->home;
  if (!src->code) {
    /* "Le Niger et la Turquie prévoient la production locale": the
     * partner that is not the host */
    int subj = subject(f), pair = coordinated_before(f, subj);
    if (subj >= 0 && strcmp(code_of(f, subj), tgt->code ? tgt->code : ""))
      set_role(src, f, subj);
    else if (pair >= 0 && strcmp(code_of(f, pair), tgt->code ? tgt->code : ""))
      set_role(src, f, pair);
  }
  if (!src->code) {
    int g = governed_after(f, "prep_with", tgt->code);
    if (g < 0) g = governed_after(f, "prep_agent", tgt->code);
    set_role(src, f, g);
  }
  /* "par les Maliens et les Russes", factory in Mali: the other partner
   * brings the technology */
  if (src->code && tgt->code && streq(src->code, tgt->code)) {
    int o = any_after(f, s);
    if (o >= 0) set_role(src, f, o);
  }
}

static void fill_roles(const frame_ctx *f, role *src, role *tgt) {
  const char *fr = f->tr->frame;
  if (streq(fr, "give"))
    roles_give(f, src, tgt);
  else if (streq(fr, "receive"))
    roles_receive(f, src, tgt);
  else if (streq(fr, "buy"))
    roles_buy(f, src, tgt);
  else if (streq(fr, "travel"))
    roles_travel(f, src, tgt);
  else if (streq(fr, "host"))
    roles_host(f, src, tgt);
  else if (streq(fr, "mutual"))
    roles_mutual(f, src, tgt);
  else if (streq(fr, "attack"))
    roles_attack(f, src, tgt);
  else if (streq(fr, "send"))
    roles_send(f, src, tgt);
  else if (streq(fr, "leave"))
    roles_leave(f, src, tgt);
  else if (streq(fr, "train"))
    roles_train(f, src, tgt);
  else if (streq(fr, "trainee"))
    roles_trainee(f, src, tgt);
  else if (streq(fr, "produce"))
    roles_produce(f, src, tgt);
}

/* ---- slots -------------------------------------------------------------- */

static int equipment_of(const frame_ctx *f, kb_equipment *out, int max) {
  const kb_analysis *a = f->a;
  int n = 0;
  uint32_t end[16]; /* token after each item's last mention */
  if (max > 16) max = 16;
  for (size_t i = 0; i < a->nment && n < max; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_EQUIPMENT || m->carrier || a->mx[i].t0 < f->s0 ||
        a->mx[i].t1 > f->s1)
      continue;
    int dup = 0;
    for (int k = 0; k < n && !dup; k++) {
      if (strcmp(out[k].category, m->category)) continue;
      if (out[k].designation == m->designation ||
          (out[k].designation && m->designation &&
           streq(out[k].designation, m->designation)))
        dup = 1;
      else if (!out[k].designation && m->designation && !m->has_quantity) {
        /* "quatre hélicoptères de transport et d'assaut Mi-171Sh": the
         * noun and its designation are one item */
        out[k].designation = m->designation;
        dup = 1;
      } else if (out[k].designation && !m->designation &&
                 a->mx[i].t0 <= end[k] + 1 &&
                 (!m->has_quantity || !out[k].has_quantity ||
                  m->quantity == out[k].quantity)) {
        /* "ten BRDM-2 armoured reconnaissance vehicles", "Su-25 ground
         * attack aircraft": the noun after the designation is the item */
        dup = 1;
      }
      if (dup) end[k] = a->mx[i].t1;
    }
    if (dup) continue;
    end[n] = a->mx[i].t1;
    out[n].category = m->category;
    out[n].designation = m->designation;
    out[n].quantity = m->quantity;
    out[n].has_quantity = m->has_quantity;
    out[n].text = m->text;
    n++;
  }
  return n;
}

/* "BAMAKO, 25 mai (ACP) -", "MOSCOW, Jan 24 (Reuters) -": the dateline
 * dates the dispatch, not the event. */
static int is_dateline(const kb_analysis *a, size_t i) {
  uint32_t t0 = a->mx[i].t0;
  if (t0 < 2 || !kb_tok_is(a, t0 - 1, ",")) return 0;
  if (a->tok[t0 - 2].tcase != TCASE_ALLCAPS) return 0;
  /* the city starts its paragraph */
  uint32_t k = t0 - 2;
  while (k > 0 && a->tok[k - 1].tcase == TCASE_ALLCAPS &&
         a->tok[k - 1].kind == TOK_WORD)
    k--;
  if (k == 0) return 1;
  const char *text = a->t->text;
  for (uint32_t p = a->tok[k - 1].e; p < a->tok[k].s; p++)
    if (text[p] == '\n') return 1;
  return 0;
}

/* "l'opération Barkhane, lancée en 2014", "présente depuis 2013",
 * "founded in 2017": the date describes something else than the event. */
static int describes_other(const kb_analysis *a, size_t i) {
  static const char *const words[] = {
      "lancee",      "lance",   "creee",   "cree",     "fondee",  "fonde",
      "presente",    "present", "depuis",  "launched", "created", "founded",
      "established", "since",   "present", NULL};
  uint32_t t0 = a->mx[i].t0;
  for (uint32_t t = t0 > 2 ? t0 - 2 : 0; t < t0 + 1 && t < a->ntok; t++)
    for (const char *const *w = words; *w; w++)
      if (kb_tok_is(a, t, *w)) return 1;
  /* "his second trip to Russia since he seized power in 2022": a clause
   * opened by "since"/"depuis que" dates what happened in it */
  for (uint32_t t = t0; t > 0 && t0 - t < 7; t--) {
    if (a->tok[t - 1].kind == TOK_PUNCT ||
        a->tok[t - 1].sent != a->tok[t0].sent)
      break;
    if ((kb_tok_is(a, t - 1, "since") || kb_tok_is(a, t - 1, "depuis")) &&
        t + 1 < t0)
      return 1;
  }
  return 0;
}

/* A date after the trigger but behind "qui", "which", "dont": it dates
 * the relative clause ("les forces de Barkhane, qui avaient succédé à
 * Serval en 2014"), not the event. */
static int in_relative_clause(const frame_ctx *f, uint32_t t) {
  const kb_analysis *a = f->a;
  for (uint32_t k = f->t1; k < t; k++)
    if (kb_tok_is(a, k, "qui") || kb_tok_is(a, k, "dont") ||
        kb_tok_is(a, k, "which") || kb_tok_is(a, k, "who") ||
        kb_tok_is(a, k, "lequel") || kb_tok_is(a, k, "laquelle"))
      return 1;
  return 0;
}

/* The date of the sentence nearest the trigger; none when the sentence
 * spans several years ("en 2022 et 2023"). */
/* No date in the sentence: the last dated sentence before it in the same
 * paragraph sets the time ("Mercredi, ... Les deux ministres ont ensuite
 * signé ..."). Only a day or month counts: a bare year is background. */
static const kb_mention *paragraph_date(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  const char *text = a->t->text;
  const kb_mention *best = NULL;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_DATE || !m->value || strlen(m->value) < 7 ||
        a->mx[i].t1 > f->ss0 || is_dateline(a, i))
      continue;
    /* same paragraph: no blank line between the date and the sentence */
    int para = 1;
    for (uint32_t p = (uint32_t)m->end; p < a->tok[f->ss0].s && para; p++)
      if (text[p] == '\n') para = 0;
    if (para) best = m;
  }
  return best;
}

/* "the last patrol vessel ordered by Senegal was handed over last Friday":
 * a participle right after the equipment, with its agent, qualifies the
 * item; the main verb's date is not its own. */
static int attributive_participle(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal || f->t1 >= f->ss1 ||
      !(kb_tok_is(a, f->t1, "by") || kb_tok_is(a, f->t1, "par")))
    return 0;
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_EQUIPMENT && a->mx[i].t1 == f->t0)
      return 1;
  return 0;
}

static const kb_mention *date_of(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  const kb_mention *best = NULL;
  if (attributive_participle(f)) return NULL;
  int years = 0;
  uint32_t bestd = UINT32_MAX;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_DATE || !m->value || a->mx[i].t0 < f->ss0 ||
        a->mx[i].t1 > f->ss1 || is_dateline(a, i) || describes_other(a, i) ||
        in_relative_clause(f, a->mx[i].t0))
      continue;
    if (m->value && strlen(m->value) == 4) years++;
    uint32_t d =
        a->mx[i].t0 > f->t0 ? a->mx[i].t0 - f->t0 : f->t0 - a->mx[i].t0;
    if (d < bestd) {
      best = m;
      bestd = d;
    }
  }
  /* "a commandé en 2023 des blindés, livrés l'an dernier": a date right
   * after the verb is its own, whatever other years the sentence names */
  if (years > 1 && !(best && !f->tr->nominal && bestd <= 2 &&
                     a->tok[f->t1].s <= best->start))
    return NULL;
  return best ? best : paragraph_date(f);
}

/* A French verb in the future ("livrera", "fourniront", "signera"). */
/* A French future ("livrera", "fourniront"); `lower`: a lowercase word
 * only, not a name ending so. */
static int future_word(const kb_analysis *a, uint32_t t, int lower) {
  if (a->tok[t].kind != TOK_WORD || (lower && a->tok[t].tcase != TCASE_LOWER))
    return 0;
  size_t n = tok_flen(a, t);
  const char *w = tok_f(a, t);
  /* regular "-era", "-ira"; irregular "enverra", "viendra", "prendront",
   * "recevra" */
  static const char *const ends[] = {"era",  "eront",  "ira",  "iront",
                                     "rra",  "rront",  "ndra", "ndront",
                                     "evra", "evront", NULL};
  for (const char *const *e = ends; *e; e++) {
    size_t k = strlen(*e);
    if (n > k + 2 && !memcmp(w + n - k, *e, k)) return 1;
  }
  return 0;
}

static int future_tense(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (a->is_en) return 0;
  if (!f->tr->nominal && future_word(a, f->t1 - 1, 0)) return 1;
  /* "assureront la formation": the light verb before the noun; "aidera
   * le Mali à construire une usine": the verb that governs the trigger */
  for (uint32_t t = window_start(f->t0, f->s0, 5); t < f->t0; t++)
    if (future_word(a, t, 1)) return 1;
  return 0;
}

static int in_entity(const kb_analysis *a, uint32_t t) {
  for (size_t i = 0; i < a->nmatch; i++)
    if (a->match[i].t0 <= t && t < a->match[i].t1) return 1;
  return 0;
}

/* French conditional on the trigger or just before it ("livrerait",
 * "formeraient", "envisagerait l'achat"): the outlet does not vouch for it
 * (DESIGN.md: conditional is hedged). "devrait" is a plan, not a doubt. */
static int conditional_mood(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (a->is_en) return 0;
  uint32_t lo = window_start(f->t0, f->s0, 3);
  uint32_t hi = f->tr->nominal ? f->t0 : f->t1;
  for (uint32_t t = lo; t < hi; t++) {
    size_t n = tok_flen(a, t);
    const char *w = tok_f(a, t);
    if (kb_tok_is(a, t, "devrait") || kb_tok_is(a, t, "devraient")) continue;
    if (n > 5 && !memcmp(w + n - 5, "trait", 5)) continue; /* "retrait" */
    if ((n > 6 && !memcmp(w + n - 4, "rait", 4)) ||
        (n > 8 && !memcmp(w + n - 6, "raient", 6)))
      return 1;
  }
  return 0;
}

/* Token c lies in a relative incise before the trigger: ", qui veut
 * moderniser son armée, a signé ...": its wishes are not the event's. */
static int in_relative_incise(const frame_ctx *f, uint32_t c) {
  const kb_analysis *a = f->a;
  if (c >= f->t0) return 0;
  int closed = 0;
  for (uint32_t t = c; t < f->t0 && !closed; t++)
    closed = kb_tok_is(a, t, ",");
  if (!closed) return 0;
  for (uint32_t t = c; t > f->s0 && c - t < 8; t--) {
    if (kb_tok_is(a, t - 1, ",")) return 0;
    if ((kb_tok_is(a, t - 1, "qui") || kb_tok_is(a, t - 1, "which") ||
         kb_tok_is(a, t - 1, "who")) &&
        t >= 2 && kb_tok_is(a, t - 2, ","))
      return 1;
  }
  return 0;
}

static const char *modality_of(const frame_ctx *f, int *background) {
  const kb_analysis *a = f->a;
  int denied = 0, hedged = 0, planned = 0, reported = 0;
  *background = 0;
  for (size_t i = 0; i < a->ncue; i++) {
    const kb_match *c = &a->cue[i];
    if (c->t0 < f->s0 || c->t1 > f->s1) continue;
    const char *k = ((const lex_cue *)c->form->item)->kind;
    int near = c->t1 + 4 >= f->t0 && c->t0 <= f->t1 + 3;
    if (streq(k, "denied"))
      denied = 1;
    else if (streq(k, "negation") && near && c->t0 < f->t0 &&
             !in_entity(a, c->t0)) /* the "N'" of "N'Djamena" */
      denied = 1;
    else if (streq(k, "hedged"))
      hedged = 1;
    else if (streq(k, "planned") && (near || c->t0 < f->t0) &&
             !in_relative_incise(f, c->t0))
      planned = 1;
    else if (streq(k, "reported"))
      reported = 1;
    else if (streq(k, "background") && near)
      *background = 1;
  }
  if (future_tense(f)) planned = 1;
  if (conditional_mood(f)) hedged = 1;
  if (denied) return "denied";
  if (hedged) return "hedged";
  /* a wish is a plan in itself; who says it is what the record adds */
  if (streq(f->tr->type, "INTENT_ACQUIRE"))
    return reported ? "reported" : "planned";
  if (planned) return "planned";
  if (reported) return "reported";
  return "asserted";
}

static void codes_for(const char *type, int donated, const char **plover,
                      const char **cameo) {
  static const struct {
    const char *type, *plover, *cameo;
  } map[] = {
      {"DELIVERY", "COOPERATE", "062"},    {"ORDER", "COOPERATE", "062"},
      {"INTENT_ACQUIRE", "AGREE", "0312"}, {"PRODUCTION", "COOPERATE", "062"},
      {"AGREEMENT", "SUPPORT", "057"},     {"VISIT", "CONSULT", "042"},
      {"MEETING", "CONSULT", "040"},       {"TRAINING", "AID", "062"},
      {"DEPLOYMENT", "AID", "074"},        {"WITHDRAWAL", "RETREAT", "0874"},
      {"ATTACK", "ASSAULT", "190"}};
  *plover = *cameo = NULL;
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (streq(map[i].type, type)) {
      *plover = map[i].plover;
      *cameo = map[i].cameo;
    }
  if (donated && streq(type, "DELIVERY")) {
    *plover = "AID";
    *cameo = "072";
  }
}

static int is_state(const char *code) {
  /* three letters, but an alliance, a force or a rebel front */
  return code && strlen(code) == 3 && strcmp(code, "AES") &&
         strcmp(code, "G5S") && strcmp(code, "FLA") && code[0] >= 'A' &&
         code[0] <= 'Z';
}

/* Forces in the clause: soldiers, a base, or a military or UN actor as
 * the leaver ("le départ des forces françaises", "MINUSMA leaves"). */
static int forces_in_clause(const frame_ctx *f, const role *src) {
  const kb_analysis *a = f->a;
  if (cue_in(f, "personnel", f->s0, f->s1) || cue_in(f, "base", f->s0, f->s1))
    return 1;
  if (src->m >= 0) {
    const kb_mention *m = &a->ment[src->m];
    if ((m->sector && streq(m->sector, "MIL")) ||
        (m->code && (streq(m->code, "UN") || streq(m->code, "WAGNER") ||
                     streq(m->code, "EU"))))
      return 1;
  }
  return 0;
}

/* "retire son ambassadeur", "withdrew its diplomats", "le retrait du
 * permis": what leaves is no force. */
static int civilian_withdrawal(const frame_ctx *f) {
  static const char *const stems[] = {
      "ambassad", "diplomat",  "embass",  "candidat", "permis", "licen",
      "plainte",  "complaint", "soutien", "support",  "visa",   NULL};
  const kb_analysis *a = f->a;
  for (uint32_t t = f->s0; t < f->s1; t++)
    for (const char *const *w = stems; *w; w++)
      if (tok_flen(a, t) >= strlen(*w) && !memcmp(tok_f(a, t), *w, strlen(*w)))
        return 1;
  return 0;
}

/* Type requirements: what makes a frame an event worth a row. */
static int acceptable(const frame_ctx *f, const role *src, const role *tgt,
                      int n_equip) {
  const char *type = f->tr->type;
  if (src->code && tgt->code && streq(src->code, tgt->code)) return 0;
  if (streq(type, "DELIVERY") || streq(type, "ORDER"))
    return n_equip > 0 && tgt->code && (src->code || src->from_syntax);
  if (streq(type, "INTENT_ACQUIRE")) return n_equip > 0 && tgt->code;
  if (streq(type, "PRODUCTION")) return tgt->code && src->code;
  if (streq(type, "ATTACK")) return src->code && tgt->code;
  /* "his abrupt departure from the summit"; but a state pulling out of
   * another state ("completed its pullout from Niger") moves forces,
   * unless it recalls diplomats or a licence */
  if (streq(type, "WITHDRAWAL") && !forces_in_clause(f, src) &&
      !(is_state(src->code) && is_state(tgt->code) && src->from_syntax &&
        tgt->from_syntax && !civilian_withdrawal(f)))
    return 0;
  return src->code && tgt->code && (is_state(src->code) || is_state(tgt->code));
}

static int donation_trigger(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (uint32_t t = f->s0; t < f->s1; t++)
    if (kb_tok_is(a, t, "don") || kb_tok_is(a, t, "offert") ||
        kb_tok_is(a, t, "offerts") || kb_tok_is(a, t, "donated") ||
        kb_tok_is(a, t, "donation") || kb_tok_is(a, t, "gifted") ||
        kb_tok_is(a, t, "dons"))
      return 1;
  return 0;
}

/* "a annoncé le retrait", "announced the withdrawal", "décidé le départ":
 * a verb of announcing or deciding governs the noun trigger. */
static int announce_before(const frame_ctx *f) {
  static const char *const stems[] = {"annonc", "announc", "decid", NULL};
  const kb_analysis *a = f->a;
  for (uint32_t t = window_start(f->t0, f->s0, 4); t < f->t0; t++)
    for (const char *const *w = stems; *w; w++)
      if (tok_flen(a, t) >= strlen(*w) && !memcmp(tok_f(a, t), *w, strlen(*w)))
        return 1;
  return 0;
}

/* ---- building and merging ---------------------------------------------- */

typedef struct ev_build {
  kb_event e;
  size_t sent;
  uint32_t t0, t1; /* the trigger */
  int nominal;
  int announced; /* "a annoncé en décembre le retrait": dated by the news */
  int background;
  int score; /* how much the frame found by itself */
  /* the first body sentence told (title events: the body's retelling
   * merged into them), +1; 0 for the title alone */
  size_t body_sent;
  const char *body_modality;
} ev_build;

/* Where a delivery, visit, training, deployment, withdrawal or attack
 * happened lies in the target's country; "à la Russie" after "commander"
 * names the supplier, not a place. */
static int place_fits(const kb_event *e, const kb_mention *m) {
  const char *t = e->type;
  if (streq(t, "MEETING") || streq(t, "AGREEMENT") || streq(t, "PRODUCTION"))
    return 1;
  if (streq(t, "ORDER") || streq(t, "INTENT_ACQUIRE"))
    return strcmp(m->place_kind, "country") != 0;
  if (streq(t, "TRAINING") && m->country && e->source.code &&
      streq(m->country, e->source.code))
    return 1; /* officers trained abroad, "en Russie" */
  /* an attack on a group ("frappes contre le JNIM près de Djibo") happens
   * wherever the text puts it */
  if (streq(t, "ATTACK") && !is_state(e->target.code)) return 1;
  return !e->target.code || !m->country || streq(m->country, e->target.code);
}

static void set_place(kb_event *e, const lex_place *p, const char *prec) {
  e->place_name = p->name;
  e->place_country = p->country;
  e->place_lat = p->lat;
  e->place_lon = p->lon;
  e->place_has_coords = 1;
  e->place_precision = prec;
}

/* The lexicon entry of a place mention (mentions keep name and coords). */
static const lex_place *place_entry(const kb_analysis *a, const kb_mention *m) {
  for (size_t i = 0; i < a->lex->nplaces; i++) {
    const lex_place *p = a->lex->places[i];
    if (p->name == m->place) return p;
  }
  return NULL;
}

/* A base, airport or palace is reported as the city it stands in. */
static const lex_place *as_city(const kb_analysis *a, const lex_place *p) {
  if (!p || kb_lex_is_city(p) || streq(p->kind, "country") ||
      streq(p->kind, "region"))
    return p;
  const lex_place *c = kb_lex_nearest_city(a->lex, p, 0.3);
  return c && (!c->country || !p->country || streq(c->country, p->country)) ? c
                                                                            : p;
}

/* The city of `country` the story names most, or NULL. */
static const lex_place *story_city(const kb_analysis *a, const char *country) {
  const lex_place *best = NULL;
  int best_n = 0;
  for (size_t i = 0; country && i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_PLACE || !m->country ||
        strcmp(m->country, country))
      continue;
    const lex_place *p = as_city(a, place_entry(a, m));
    if (!p || !kb_lex_is_city(p)) continue;
    int n = 0;
    for (size_t j = 0; j < a->nment; j++)
      if (a->ment[j].kind == KB_MENTION_PLACE && a->ment[j].place == p->name)
        n++;
    if (n > best_n) {
      best = p;
      best_n = n;
    }
  }
  return best;
}

static void fill_place(const frame_ctx *f, kb_event *e) {
  const kb_analysis *a = f->a;
  int p = -1;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_PLACE || a->mx[i].t0 < f->ss0 ||
        a->mx[i].t1 > f->ss1 || !place_fits(e, m))
      continue;
    /* the most precise place of the sentence, after the trigger first */
    /* a city named outright beats a base or airport ("sur la base 101
     * de Sénou, à Bamako") */
    const lex_place *lp_old = p >= 0 ? place_entry(a, &a->ment[p]) : NULL;
    if (lp_old && !kb_lex_is_city(lp_old) && place_entry(a, m) &&
        kb_lex_is_city(place_entry(a, m)) &&
        strcmp(a->ment[p].place_kind, "country")) {
      p = (int)i;
      continue;
    }
    if (p < 0 ||
        (streq(a->ment[p].place_kind, "country") &&
         strcmp(m->place_kind, "country")) ||
        (a->mx[p].t0 < f->t0 && a->mx[i].t0 >= f->t0 &&
         strcmp(m->place_kind, "country")))
      p = (int)i;
  }
  if (p >= 0) {
    const lex_place *lp = as_city(a, place_entry(a, &a->ment[p]));
    if (lp) {
      set_place(e, lp, strcmp(lp->kind, "country") ? "place" : "country");
      if (strcmp(lp->kind, "country")) return;
    }
  }
  const char *type = e->type;
  if (streq(type, "VISIT") && e->place_name) {
    /* "s'est rendu en Russie": a visit goes to a city; the one the story
     * names in the host country */
    const lex_place *c = story_city(a, e->place_country);
    if (c) set_place(e, c, "place");
    return;
  }
  int by_host = streq(type, "DELIVERY") || streq(type, "VISIT") ||
                streq(type, "TRAINING") || streq(type, "DEPLOYMENT");
  if (!by_host) return;
  /* no place in the sentence: the recipient's or host's country
   * (DESIGN.md), with the precision saying so */
  if (!e->place_name) {
    const lex_place *c = kb_lex_country(a->lex, e->target.code);
    if (c) set_place(e, c, "country");
  }
}

/* "cette livraison", "ces accords", "this delivery": refers back. */
static int demonstrative_before(const frame_ctx *f) {
  if (f->t0 == f->s0) return 0;
  uint32_t j = f->t0 - 1;
  const kb_analysis *a = f->a;
  if (j > f->s0 && a->tok[j].kind == TOK_WORD && !kb_tok_is(a, j, "ce") &&
      !kb_tok_is(a, j, "cette") && !kb_tok_is(a, j, "ces") &&
      !kb_tok_is(a, j, "this") && !kb_tok_is(a, j, "these"))
    j--; /* one adjective: "cette nouvelle livraison" */
  if (j == f->ss0 && (kb_tok_is(a, j, "the") || kb_tok_is(a, j, "la") ||
                      kb_tok_is(a, j, "le") || kb_tok_is(a, j, "les")))
    return 1; /* "The visit came a day after..." */
  return kb_tok_is(a, j, "ce") || kb_tok_is(a, j, "cet") ||
         kb_tok_is(a, j, "cette") || kb_tok_is(a, j, "ces") ||
         kb_tok_is(a, j, "this") || kb_tok_is(a, j, "these");
}

/* The story already told an event of this type: "The visit came a day
 * after ..." is that visit again. */
static int told_before(const frame_ctx *f, const char *type) {
  for (size_t i = 0; i < f->ntold; i++)
    if (streq(f->told[i], type)) return 1;
  return 0;
}

/* "Cette livraison", "These deliveries" opening the sentence always refer
 * back; "La livraison de ... par ..." may tell a new event. */
static int strong_demonstrative(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (uint32_t t = f->ss0; t < f->t0 && t <= f->ss0 + 1; t++)
    if (kb_tok_is(a, t, "ce") || kb_tok_is(a, t, "cet") ||
        kb_tok_is(a, t, "cette") || kb_tok_is(a, t, "ces") ||
        kb_tok_is(a, t, "this") || kb_tok_is(a, t, "these"))
      return 1;
  return 0;
}

/* "Les frappes aériennes menées par l'armée de l'air ont neutralisé ...",
 * after an attack by a group: a definite noun whose own agent is a state
 * that acted in no event of its type so far tells a new event. */
static int new_state_actor(const frame_ctx *f, const role *src) {
  if (src->m < 0 || !src->code || !is_state(src->code) ||
      strong_demonstrative(f))
    return 0;
  for (size_t i = 0; i < f->nkept; i++)
    if (streq(f->kept_type[i], f->tr->type) &&
        same_code(f->kept_src[i], src->code))
      return 0;
  return 1;
}

/* "au lendemain de violentes attaques", "the day after the attack": the
 * event is a day before the sentence's date ("à la veille de": after). */
static int day_shift(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (uint32_t t = window_start(f->t0, f->s0, 5); t < f->t0; t++) {
    if (kb_tok_is(a, t, "lendemain")) return -1;
    if (kb_tok_is(a, t, "veille")) return 1;
    if (kb_tok_is(a, t, "day") && t >= 1 && kb_tok_is(a, t + 1, "after"))
      return -1;
    if (kb_tok_is(a, t, "day") && kb_tok_is(a, t + 1, "before")) return 1;
  }
  return 0;
}

/* YYYY-MM-DD plus or minus days into out (11 bytes); 0 if not a date. */
static int shift_day(const char *v, int days, char *out) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (sscanf(v, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_mday += days;
  tm.tm_hour = 12; /* away from any daylight-saving edge */
  if (timegm(&tm) == (time_t)-1) return 0;
  return strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

static int names_city(const kb_analysis *a, const char *name) {
  for (size_t i = 0; i < a->lex->nplaces; i++)
    if (a->lex->places[i]->name == name)
      return kb_lex_is_city(a->lex->places[i]);
  return 0;
}

/* The place given to e lies nearer another trigger of the sentence than
 * to this one: it places that other event. */
static int place_of_other_trigger(const frame_ctx *f, const kb_event *e) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_PLACE || m->place != e->place_name ||
        a->mx[i].t0 < f->ss0 || a->mx[i].t1 > f->ss1)
      continue;
    uint32_t p = a->mx[i].t0;
    uint32_t mine = p > f->t0 ? p - f->t0 : f->t0 - p;
    for (size_t k = 0; k < a->ntrig; k++) {
      uint32_t t = a->trig[k].t0;
      if (t == f->t0 || t < f->ss0 || t >= f->ss1) continue;
      if ((p > t ? p - t : t - p) < mine) return 1;
    }
  }
  return 0;
}

/* KB_DEBUG_TRIGGERS: 1 prints each trigger's frame and fate on stderr, 2
 * the candidate actors too. Read once: it was asked for every trigger. */
static int g_debug_level;
static pthread_once_t g_debug_once = PTHREAD_ONCE_INIT;

static void debug_read(void) {
  const char *v = getenv("KB_DEBUG_TRIGGERS");
  g_debug_level = !v ? 0 : streq(v, "2") ? 2 : 1;
}

static int debug_level(void) {
  pthread_once(&g_debug_once, debug_read);
  return g_debug_level;
}

/* "under an agreement", "dans le cadre d'un accord", "en vertu du
 * contrat": a frame preposition in the three words before token t. */
static int frame_before(const kb_analysis *a, uint32_t t, uint32_t s0) {
  for (uint32_t k = t; k > s0 && t - k < 3; k--) {
    if (a->tok[k - 1].kind == TOK_PUNCT) return 0;
    if (kb_tok_is(a, k - 1, "under") || kb_tok_is(a, k - 1, "cadre") ||
        kb_tok_is(a, k - 1, "vertu"))
      return 1;
  }
  return 0;
}

/* "plans to assemble vehicles under an agreement signed with Poly
 * Technologies": the accord is the frame of the event told, not its own
 * news (a narrated signing elsewhere tells it). */
static int framing_accord(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal) return frame_before(a, f->t0, f->ss0);
  /* the participle right after such a noun */
  for (size_t i = 0; i < a->ntrig; i++) {
    const kb_match *m = &a->trig[i];
    const lex_trigger *tr = m->form->item;
    if (m->t1 == f->t0 && tr->nominal && streq(tr->type, "AGREEMENT"))
      return frame_before(a, m->t0, f->ss0);
  }
  return 0;
}

/* "for weapons and training", "formation et équipements": a training noun
 * paired with uncounted generic arms names a field of cooperation. */
static int domain_pair(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  int before = f->t0 >= f->s0 + 2 && (kb_tok_is(a, f->t0 - 1, "and") ||
                                      kb_tok_is(a, f->t0 - 1, "et"));
  int after = f->t1 + 1 < f->s1 &&
              (kb_tok_is(a, f->t1, "and") || kb_tok_is(a, f->t1, "et"));
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_EQUIPMENT || m->has_quantity || m->designation)
      continue;
    if ((before && a->mx[i].t1 == f->t0 - 1) ||
        (after && a->mx[i].t0 == f->t1 + 1))
      return 1;
  }
  return 0;
}

static kb_status build(frame_ctx *f, ev_build *b) {
  kb_analysis *a = f->a;
  role src = {-1, NULL, 0}, tgt = {-1, NULL, 0};
  const char *type = f->tr->type;
  /* "un pilote rencontré en marge de la cérémonie", "an officer met at the
   * base": a participle right after a common noun qualifies it, the
   * reporter met someone */
  if (streq(type, "MEETING") && !f->tr->nominal && f->t0 > f->ss0 &&
      (bare_participle(f) ||
       (a->is_en && f->t1 == f->t0 + 1 && kb_tok_is(a, f->t0, "met"))) &&
      a->tok[f->t0 - 1].kind == TOK_WORD &&
      a->tok[f->t0 - 1].tcase == TCASE_LOWER) {
    int actor_before = 0;
    for (size_t i = 0; i < a->nment; i++)
      if (a->ment[i].kind == KB_MENTION_ACTOR && a->mx[i].t1 == f->t0)
        actor_before = 1;
    int article = 0;
    for (uint32_t t = f->t0 - 1; t > f->ss0 && f->t0 - t <= 2; t--)
      article |= kb_tok_is(a, t - 1, "un") || kb_tok_is(a, t - 1, "une") ||
                 kb_tok_is(a, t - 1, "an") || kb_tok_is(a, t - 1, "a") ||
                 kb_tok_is(a, t - 1, "des");
    if (!actor_before && article) return KB_END;
  }
  fill_roles(f, &src, &tgt);
  /* "s'est rendu en Hongrie, où il a rencontré Viktor Orban": a party not
   * named as an actor is the state of the foreign place the sentence
   * names */
  if ((streq(type, "AGREEMENT") || streq(type, "MEETING")) && !f->tr->nominal &&
      (!src.code) != (!tgt.code)) {
    const char *known = src.code ? src.code : tgt.code;
    for (size_t i = 0; i < a->nment; i++) {
      const kb_mention *m = &a->ment[i];
      if (m->kind != KB_MENTION_PLACE || !m->country || a->mx[i].t0 < f->ss0 ||
          a->mx[i].t1 > f->ss1 || streq(m->country, known))
        continue;
      if (!src.code)
        src.code = m->country;
      else
        tgt.code = m->country;
      break;
    }
  }
  /* talks and signatures told without names: the article's two states;
   * but "un pilote rencontré en marge de la cérémonie" is met by the
   * reporter (an accord "signé début décembre" is the states' own) */
  if ((streq(type, "AGREEMENT") || streq(type, "MEETING")) && !f->tr->nominal &&
      f->home && f->partner &&
      !(streq(type, "MEETING") && bare_participle(f) && src.m < 0 &&
        tgt.m < 0)) {
    if (!src.code && !tgt.code) {
      src.code = f->home;
      tgt.code = f->partner;
    } else if (!tgt.code || !src.code) {
      const char *known = src.code ? src.code : tgt.code;
      const char *other = strcmp(known, f->home) ? f->home : f->partner;
      if (!src.code)
        src.code = other;
      else
        tgt.code = other;
    }
  }
  /* "à qui le Niger a commandé en 2023 des blindés, livrés l'an dernier":
   * a delivery told after an order in one sentence, without parties of
   * its own, is between the order's parties */
  if (streq(type, "DELIVERY") &&
      (!tgt.code || (src.code && streq(src.code, tgt.code))))
    for (size_t i = f->nkept; i-- > 0;)
      if (f->kept_sent[i] == f->sent && streq(f->kept_type[i], "ORDER") &&
          f->kept_src[i] && f->kept_tgt[i]) {
        src.code = f->kept_src[i];
        tgt.code = f->kept_tgt[i];
        src.m = tgt.m = -1;
        break;
      }
  /* "... les Français avaient remis la base de Faya. Il ne reste que le
   * camp Kossei, dont la restitution est prévue fin janvier": a handover
   * told without its leaver is by whoever left that country before */
  if (streq(type, "WITHDRAWAL") && f->tr->nominal && !src.code && tgt.code)
    for (size_t i = f->nkept; i-- > 0;)
      if (streq(f->kept_type[i], "WITHDRAWAL") && f->kept_src[i] &&
          f->kept_tgt[i] && streq(f->kept_tgt[i], tgt.code)) {
        src.code = f->kept_src[i];
        break;
      }
  /* "The soldiers ... will train Burkinabe troops": the force deployed
   * earlier in the story trains */
  if (!src.code && streq(type, "TRAINING") && f->deployed)
    src.code = f->deployed;
  /* context fallbacks for the receiving/hosting side */
  if (!tgt.code && f->home &&
      (streq(type, "DELIVERY") || streq(type, "TRAINING") ||
       streq(type, "DEPLOYMENT") || streq(type, "INTENT_ACQUIRE") ||
       streq(type, "ORDER") || streq(type, "PRODUCTION") ||
       streq(type, "WITHDRAWAL")))
    tgt.code = f->home;
  if (debug_level() >= 2)
    for (size_t i = 0; i < f->a->nment; i++)
      if (f->a->ment[i].kind == KB_MENTION_ACTOR && f->a->mx[i].t0 >= f->s0 &&
          f->a->mx[i].t1 <= f->s1)
        fprintf(stderr, "  actor %s %s prep=%s maker=%d candidate=%d\n",
                f->a->ment[i].text,
                code_of(f, (int)i) ? code_of(f, (int)i) : "-",
                f->a->mx[i].prep ? f->a->mx[i].prep : "-", f->a->mx[i].maker_of,
                is_candidate(f, i));
  if (debug_level())
    fprintf(stderr, "  roles %s -> %s%s\n", src.code ? src.code : "-",
            tgt.code ? tgt.code : "-", f->tr->nominal ? " (noun)" : "");
  kb_equipment eq[16];
  int transfer = streq(type, "DELIVERY") || streq(type, "ORDER") ||
                 streq(type, "INTENT_ACQUIRE") || streq(type, "PRODUCTION");
  int neq = transfer ? equipment_of(f, eq, 16) : 0;
  /* "The Sahelian country signed a contract with Norinco for the
   * carriers in March": a contract signed between two named parties for
   * what the sentences before described */
  if (neq == 0 && streq(type, "ORDER") && !f->tr->nominal && src.m >= 0 &&
      tgt.m >= 0 && cue_in(f, "contract", f->s0, f->s1)) {
    frame_ctx g = *f;
    size_t first = a->t->title ? 1 : 0;
    for (size_t k = 1; k <= 2 && neq == 0 && f->sent >= first + k; k++) {
      g.s0 = a->sent_tok[f->sent - k];
      g.s1 = a->sent_tok[f->sent - k + 1];
      neq = equipment_of(&g, eq, 16);
    }
    for (int i = 0; i < neq; i++)
      eq[i].has_quantity = 0; /* the contract may cover more */
  }
  int continuation = 0;
  /* "la coopération ne se limite pas à l'achat d'armes": a purchase noun
   * with nothing but generic arms, uncounted, talks about buying */
  if (streq(type, "ORDER") && f->tr->nominal && neq > 0) {
    int generic = 1;
    for (int i = 0; i < neq; i++)
      if (strcmp(eq[i].category, "other") || eq[i].designation ||
          eq[i].has_quantity)
        generic = 0;
    if (generic) return KB_END;
  }
  if (streq(type, "AGREEMENT") && cue_in(f, "cancel", f->s0, f->s1))
    return KB_END; /* "revoked a cooperation accord" */
  /* "des accords ont été signés, dont un accord dans le domaine de
   * l'énergie nucléaire civile et un accord sur une raffinerie" */
  if (streq(type, "AGREEMENT") && cue_in(f, "civil", f->ss0, f->ss1) &&
      !cue_in(f, "security", f->ss0, f->ss1))
    return KB_END;
  if (f->tr->nominal &&
      cue_in(f, "naming", window_start(f->t0, f->s0, 8), f->t0))
    return KB_END; /* "describes the Russians as instructors" */
  /* "les FAMa mènent depuis plusieurs mois des frappes de drones",
   * "regularly targeted by IEDs": a pattern, no single attack */
  if (streq(type, "ATTACK") && cue_in(f, "habitual", f->s0, f->s1))
    return KB_END;
  if (streq(type, "AGREEMENT") && framing_accord(f)) return KB_END;
  if (streq(type, "TRAINING") && domain_pair(f))
    return KB_END; /* "turned to Russia for weapons and training" */
  int refers_back =
      f->tr->nominal && demonstrative_before(f) && !new_state_actor(f, &src);
  if (refers_back && (strong_demonstrative(f) || (src.m < 0 && tgt.m < 0) ||
                      told_before(f, type))) {
    /* "À Bamako, cette livraison est saluée...": it tells no new event,
     * but may give the earlier one its place, date or equipment */
    continuation = 1;
  } else if (!acceptable(f, &src, &tgt, neq)) {
    /* "La livraison comprend des drones...": no actor of its own, it goes
     * on describing the event before; its equipment joins that event. */
    if (!f->tr->nominal || src.m >= 0 || neq == 0 ||
        (strcmp(type, "DELIVERY") && strcmp(type, "ORDER")))
      return KB_END;
    continuation = 2; /* joins the event before, or if history, copies it */
  }
  memset(b, 0, sizeof *b);
  kb_event *e = &b->e;
  e->doc = a->t->doc_id;
  e->type = type;
  e->source.code = src.code;
  e->source.text = src.m >= 0 ? a->ment[src.m].text : NULL;
  e->target.code = tgt.code;
  e->target.text = tgt.m >= 0 ? a->ment[tgt.m].text : NULL;
  if (neq) {
    kb_equipment *copy = kb_arena_alloc(&a->arena, (size_t)neq * sizeof *copy);
    if (!copy) return KB_ERR_NOMEM;
    memcpy(copy, eq, (size_t)neq * sizeof *copy);
    e->equipment = copy;
    e->n_equipment = (size_t)neq;
  }
  const kb_mention *d = date_of(f);
  if (d && d->value) {
    e->date_value = d->value;
    e->date_text = d->text;
    int shift = day_shift(f);
    if (shift && strlen(d->value) == 10) {
      char *v = kb_arena_alloc(&a->arena, 11);
      if (v && shift_day(d->value, shift, v)) e->date_value = v;
    }
  }
  e->modality = modality_of(f, &b->background);
  fill_place(f, e);
  /* "is due to visit Moscow", "a fourni à Bamako", "Moscou accueille": a
   * capital standing for the host or recipient is where it happens; not
   * a receiving subject ("Bamako a reçu" names the government) */
  if ((!e->place_name || streq(e->place_precision, "country")) && tgt.m >= 0 &&
      (a->mx[tgt.m].t0 >= f->t1 || streq(f->tr->frame, "host")) &&
      a->ment[tgt.m].actor_kind &&
      streq(a->ment[tgt.m].actor_kind, "capital") && strcmp(type, "ORDER") &&
      strcmp(type, "INTENT_ACQUIRE")) {
    const lex_place *c = kb_lex_capital(a->lex, tgt.code);
    if (c) set_place(e, c, "place");
  }
  e->evidence_start = a->sent[f->sent].start;
  e->evidence_end = a->sent[f->sent].end;
  e->evidence_text = kb_arena_strndup(&a->arena, a->t->text + e->evidence_start,
                                      e->evidence_end - e->evidence_start);
  if (!e->evidence_text) return KB_ERR_NOMEM;
  b->sent = f->sent;
  b->t0 = f->t0;
  b->t1 = f->t1;
  b->nominal = f->tr->nominal;
  b->announced = f->tr->nominal && announce_before(f);
  if (!(a->t->title && f->sent == 0)) {
    b->body_sent = f->sent + 1;
    b->body_modality = e->modality;
  }
  b->score = src.from_syntax + tgt.from_syntax + (neq > 0) + (d != NULL);
  e->confidence = 0.45 + 0.1 * b->score;
  if (streq(e->modality, "hedged")) e->confidence -= 0.15;
  if (e->confidence > 0.95) e->confidence = 0.95;
  e->confidence = round(e->confidence * 100) / 100;
  codes_for(type, donation_trigger(f), &e->plover, &e->cameo);
  /* an anaphor lends only a city it names for itself: not the place of
   * another event ("au lendemain d'attaques à Bamako"), not a region */
  if (continuation && e->place_name &&
      (place_of_other_trigger(f, e) || !names_city(a, e->place_name)))
    e->place_name = NULL;
  if (continuation == 2 && b->background) return KB_ERR_FORMAT;
  return continuation ? KB_ERR_ARG : KB_OK;
}

static int unordered(const char *type) {
  return streq(type, "AGREEMENT") || streq(type, "MEETING");
}

static int same_code(const char *x, const char *y) {
  return x == y || (x && y && streq(x, y));
}

/* "armed groups" and the group the story names ("Ukraine has not
 * delivered any weapons to armed groups" after "supplied drones to the
 * separatist rebels"): the generic word may stand for the named group. */
static int armed_group_fits(const char *generic, const char *named) {
  static const char *const groups[] = {"JNIM", "ISSP", "ISWAP",
                                       "BOKO", "FLA",  NULL};
  if (strcmp(generic, "ARMED_GROUP")) return 0;
  for (const char *const *g = groups; *g; g++)
    if (streq(named, *g)) return 1;
  return 0;
}

/* Codes agree, or one side does not know (a title's "Le Mali veut
 * commander" and the body's "le Mali ... à la Russie"). */
static int code_fits(const char *x, const char *y) {
  return !x || !y || streq(x, y) || armed_group_fits(x, y) ||
         armed_group_fits(y, x);
}

static int same_actors(const kb_event *x, const kb_event *y) {
  if (code_fits(x->source.code, y->source.code) &&
      code_fits(x->target.code, y->target.code))
    return 1;
  return unordered(x->type) && same_code(x->source.code, y->target.code) &&
         same_code(x->target.code, y->source.code);
}

static int dates_compatible(const char *x, const char *y) {
  if (!x || !y) return 1;
  size_t n = strlen(x) < strlen(y) ? strlen(x) : strlen(y);
  return !strncmp(x, y, n);
}

static void copy_place(kb_event *dst, const kb_event *src) {
  dst->place_name = src->place_name;
  dst->place_country = src->place_country;
  dst->place_lat = src->place_lat;
  dst->place_lon = src->place_lon;
  dst->place_has_coords = src->place_has_coords;
  dst->place_precision = src->place_precision;
}

/* Merges b into a kept event: fills what the kept one lacks. */
static void merge_into(kb_analysis *an, ev_build *keep, const ev_build *b) {
  kb_event *k = &keep->e;
  const kb_event *e = &b->e;
  /* the better-evidenced frame leads; on a tie the body beats the title */
  /* a headline is never the evidence: the body's telling leads */
  int title_k = !keep->body_sent, title_b = !b->body_sent;
  if ((b->score >= 0 && title_k && !title_b) ||
      (title_k == title_b &&
       (b->score > keep->score ||
        (b->score == keep->score && keep->sent == 0 && b->sent > 0)))) {
    /* keep what the other one had */
    ev_build old = *keep;
    *keep = *b;
    merge_into(an, keep, &old);
    return;
  }
  if (!k->source.code ||
      (e->source.code && armed_group_fits(k->source.code, e->source.code)))
    k->source = e->source;
  if (!k->target.code ||
      (e->target.code && armed_group_fits(k->target.code, e->target.code)))
    k->target = e->target;
  if (!k->date_value && e->date_value) {
    k->date_value = e->date_value;
    k->date_text = e->date_text;
  }
  if ((!k->place_name || streq(k->place_precision, "country")) &&
      e->place_name && streq(e->place_precision, "place")) {
    copy_place(k, e);
  }
  /* union of equipment */
  size_t n = k->n_equipment + e->n_equipment;
  if (e->n_equipment) {
    kb_equipment *u = kb_arena_alloc(&an->arena, n * sizeof *u);
    if (!u) return;
    size_t m = 0;
    for (size_t i = 0; i < k->n_equipment; i++)
      u[m++] = k->equipment[i];
    for (size_t i = 0; i < e->n_equipment; i++) {
      int dup = 0;
      for (size_t j = 0; j < m; j++)
        if (streq(u[j].category, e->equipment[i].category)) dup = 1;
      if (!dup) u[m++] = e->equipment[i];
    }
    k->equipment = u;
    k->n_equipment = m;
  }
}

static int has_designation(const kb_event *e, const char *d) {
  for (size_t i = 0; i < e->n_equipment; i++)
    if (e->equipment[i].designation && streq(e->equipment[i].designation, d))
      return 1;
  return 0;
}

/* Both events name equipment types, and none of one's is the other's. */
static int other_designations(const kb_event *x, const kb_event *y) {
  int nx = 0, ny = 0;
  for (size_t i = 0; i < x->n_equipment; i++)
    if (x->equipment[i].designation) {
      nx++;
      if (has_designation(y, x->equipment[i].designation)) return 0;
    }
  for (size_t i = 0; i < y->n_equipment; i++)
    if (y->equipment[i].designation) ny++;
  return nx > 0 && ny > 0;
}

static kb_status add_event(kb_analysis *a, ev_build *list, size_t *n,
                           size_t cap, const ev_build *b) {
  for (size_t i = 0; i < *n; i++) {
    ev_build *o = &list[i];
    if (strcmp(o->e.type, b->e.type) || !same_actors(&o->e, &b->e)) continue;
    if (o->background != b->background && o->sent != b->sent) continue;
    /* "its first Akinci drones" and "its first TB2s in 2022": two named
     * types and none in common are two transfers */
    if (o->sent != b->sent && other_designations(&o->e, &b->e)) continue;
    /* "accueillera d'ici la fin de l'année des officiers pour une
     * formation" and "ont assuré la semaine dernière une formation": a
     * plan and a thing done, told in two sentences of the body (a
     * headline merges with one of them only) */
    if (o->body_sent && b->body_sent && o->body_sent != b->body_sent &&
        streq(o->body_modality, "planned") !=
            streq(b->body_modality, "planned") &&
        (streq(o->body_modality, "asserted") ||
         streq(b->body_modality, "asserted") ||
         streq(o->body_modality, "reported") ||
         streq(b->body_modality, "reported")))
      continue;
    size_t body_sent = o->body_sent ? o->body_sent : b->body_sent;
    const char *body_modality =
        o->body_sent ? o->body_modality : b->body_modality;
    /* "Paris avait annoncé en décembre le retrait de ses soldats": the
     * date is the announcement's; the withdrawal is the one told */
    int announced = o->announced != b->announced;
    if (!announced && !dates_compatible(o->e.date_value, b->e.date_value))
      continue;
    if (announced && b->announced) {
      ev_build c = *b;
      c.e.date_value = c.e.date_text = NULL;
      merge_into(a, o, &c);
    } else if (announced) {
      const char *v = b->e.date_value, *t = b->e.date_text;
      merge_into(a, o, b);
      if (v) {
        o->e.date_value = v;
        o->e.date_text = t;
      }
      o->announced = 0;
    } else {
      merge_into(a, o, b);
    }
    o->body_sent = body_sent;
    o->body_modality = body_modality;
    return KB_OK;
  }
  if (*n == cap) return KB_ERR_TOO_LARGE;
  list[(*n)++] = *b;
  return KB_OK;
}

/* A training word that names an institution, not training given: "a
 * gendarmerie training school", "le centre de formation de Koulikoro". */
static int names_a_place(const kb_analysis *a, const kb_match *m) {
  const lex_trigger *tr = m->form->item;
  /* "training" is a verb form as well: "the gendarmerie training school" */
  if (strcmp(tr->type, "TRAINING")) return 0;
  static const char *const after[] = {
      "school",  "schools", "centre",  "center",   "camp", "college",
      "academy", "ground",  "grounds", "facility", NULL};
  for (const char *const *w = after; *w; w++)
    if (kb_tok_is(a, m->t1, *w)) return 1;
  uint32_t t0 = m->t0;
  if (t0 >= 2 && (kb_tok_is(a, t0 - 1, "de") || kb_tok_is(a, t0 - 1, "d'"))) {
    static const char *const before[] = {"ecole",    "ecoles", "centre",
                                         "centres",  "camp",   "institut",
                                         "academie", NULL};
    for (const char *const *w = before; *w; w++)
      if (kb_tok_is(a, t0 - 2, *w)) return 1;
  }
  return 0;
}

/* "have demanded the departure of French troops", "réclame le retrait":
 * a noun trigger a demand governs (cues.tsv "demand") is no event. */
static int demanded(const frame_ctx *f) {
  /* a request for arms is itself a plan to acquire them */
  if (streq(f->tr->type, "INTENT_ACQUIRE")) return 0;
  if (!f->tr->nominal) {
    /* "demanded in March that U.S. troops leave", "a exigé que les
     * soldats français quittent le pays", "urged Paris to withdraw" */
    const kb_analysis *a = f->a;
    for (uint32_t t = f->t0; t-- > window_start(f->t0, f->ss0, 10);) {
      if (kb_tok_is(a, t, ";")) break;
      int that = kb_tok_is(a, t, "that") || kb_tok_is(a, t, "que") ||
                 kb_tok_is(a, t, "qu'") ||
                 (kb_tok_is(a, t, "to") && t + 1 == f->t0);
      if (that && cue_in(f, "demand", window_start(t, f->ss0, 6), t)) return 1;
    }
    return 0;
  }
  uint32_t lo = window_start(f->t0, f->ss0, 3);
  /* "a pull-out demanded by the junta", "le retrait exigé par Niamey" */
  return cue_in(f, "demand", lo, f->t0) ||
         (f->t1 + 1 < f->ss1 && cue_in(f, "demand", f->t1, f->t1 + 1) &&
          (kb_tok_is(f->a, f->t1 + 1, "by") ||
           kb_tok_is(f->a, f->t1 + 1, "par")));
}

/* Equipment named within `gap` words after token t1 ("to acquire
 * additional Su-25", "se doter rapidement de nouveaux hélicoptères"). */
static int equipment_follows(const kb_analysis *a, uint32_t t1, uint32_t gap) {
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_EQUIPMENT && a->mx[i].t0 >= t1 &&
        a->mx[i].t0 <= t1 + gap &&
        a->tok[a->mx[i].t0].sent == a->tok[t1 - 1].sent)
      return 1;
  return 0;
}

/* "A first batch of Mi-171 helicopters ordered from Russia arrived in
 * Bamako": what travels is equipment (the nearest phrase before the trigger
 * that no preposition governs), a delivery, not a visit; the caller
 * reads it as goods received. */
static int equipment_travels(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (strcmp(f->tr->type, "VISIT") || strcmp(f->tr->frame, "travel") ||
      f->tr->nominal)
    return 0;
  int last = -1;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (a->mx[i].t0 < f->s0 || a->mx[i].t1 > f->t0 || a->mx[i].prep ||
        (m->kind != KB_MENTION_ACTOR && m->kind != KB_MENTION_EQUIPMENT) ||
        (m->kind == KB_MENTION_ACTOR && m->actor_kind &&
         streq(m->actor_kind, "adj")))
      continue;
    /* "The vehicles, VN22 carriers made by state-owned Norinco, arrived":
     * the maker in an agent phrase is not who arrives */
    if (agent_phrase(f, i)) continue;
    last = (int)i;
  }
  return last >= 0 && a->ment[last].kind == KB_MENTION_EQUIPMENT &&
         !a->ment[last].carrier;
}

/* "was in charge of", "était en poste à": the preposition that ends a
 * travel trigger opens a state phrase (cues.tsv "state"), not a place. */
static int state_not_trip(const frame_ctx *f) {
  return streq(f->tr->frame, "travel") && f->t1 > f->t0 &&
         cue_in(f, "state", f->t1 - 1, f->t1 + 1);
}

/* People arriving "with"/"avec" equipment (not the plane that flew them). */
/* "with", "avec", "carrying", "transportant": what the arrivals bring. */
static int carrying_word(const kb_analysis *a, uint32_t t) {
  return kb_tok_is(a, t, "with") || kb_tok_is(a, t, "avec") ||
         kb_tok_is(a, t, "carrying") || kb_tok_is(a, t, "transportant");
}

/* "A Russian military plane landed in Niamey carrying instructors": the
 * people carried are deployed, the plane pays no visit. */
static int carrying_personnel(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal) return 0;
  for (uint32_t t = f->t1; t < f->s1; t++)
    if (carrying_word(a, t) && !kb_tok_is(a, t, "with") &&
        !kb_tok_is(a, t, "avec"))
      return cue_in(f, "personnel", t + 1, t + 4 < f->s1 ? t + 4 : f->s1);
  return 0;
}

static int arrival_with_equipment(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal && !personnel_complement(f)) return 0;
  for (uint32_t t = f->t1; t < f->s1; t++) {
    if (!carrying_word(a, t)) continue;
    for (size_t i = 0; i < a->nment; i++)
      if (a->ment[i].kind == KB_MENTION_EQUIPMENT && !a->ment[i].carrier &&
          a->mx[i].t0 > t && a->mx[i].t0 <= t + 7 && a->mx[i].t1 <= f->s1)
        return 1;
  }
  return 0;
}

static int inside_equipment(const kb_analysis *a, uint32_t t0, uint32_t t1) {
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_EQUIPMENT && a->mx[i].t0 <= t0 &&
        t1 <= a->mx[i].t1)
      return 1;
  return 0;
}

/* Words that end a clause: another event may start after them. */
static int clause_break(const kb_analysis *a, uint32_t t) {
  static const char *const w[] = {";",       "while", "whereas",   "tandis",
                                  "mais",    "but",   "meanwhile", "cependant",
                                  "however", NULL};
  for (const char *const *p = w; *p; p++)
    if (kb_tok_is(a, t, *p)) return 1;
  return 0;
}

/* Clause breaks of the whole text, computed once for all triggers. */
static const uint8_t *clause_breaks(kb_analysis *a) {
  uint8_t *br = kb_arena_alloc_raw(&a->arena, a->ntok + 1);
  if (br)
    for (uint32_t t = 0; t < a->ntok; t++)
      br[t] = (uint8_t)clause_break(a, t);
  return br;
}

static void clause_bounds(frame_ctx *f, const uint8_t *br) {
  const kb_analysis *a = f->a;
  f->s0 = f->ss0;
  for (uint32_t t = f->t0; t-- > f->ss0;)
    if (br ? br[t] : clause_break(a, t)) {
      f->s0 = t + 1;
      break;
    }
  f->s1 = f->ss1;
  for (uint32_t t = f->t1; t < f->ss1; t++)
    if (br ? br[t] : clause_break(a, t)) {
      f->s1 = t;
      break;
    }
}

/* A cue of `kind` starting in tokens [lo, hi). */
static int cue_in(const frame_ctx *f, const char *kind, uint32_t lo,
                  uint32_t hi) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->ncue; i++) {
    const kb_match *c = &a->cue[i];
    if (c->t0 >= lo && c->t0 < hi &&
        streq(((const lex_cue *)c->form->item)->kind, kind))
      return 1;
  }
  return 0;
}

static int equipment_in_clause(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  for (size_t i = 0; i < a->nment; i++)
    if (a->ment[i].kind == KB_MENTION_EQUIPMENT && !a->ment[i].carrier &&
        a->mx[i].t0 >= f->s0 && a->mx[i].t1 <= f->s1)
      return 1;
  return 0;
}

/* Cues that change the type: people arriving are deployed, a signed
 * contract is an order, a base handed over is a withdrawal. */
/* A person or office holder as the object, within four words of the
 * trigger ("a reçu son homologue", "received the Malian minister"). */
static int person_after(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  /* "reçu", "received" only: goods are "réceptionnés" */
  const char *w = tok_f(a, f->t1 - 1);
  if (strncmp(w, "recu", 4) && strncmp(w, "receiv", 6)) return 0;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_ACTOR || a->mx[i].t0 < f->t1 ||
        a->mx[i].t0 > f->t1 + 4 || a->mx[i].t1 > f->s1 ||
        (m->actor_kind && streq(m->actor_kind, "adj")))
      continue;
    for (uint32_t t = f->t1; t < a->mx[i].t0; t++)
      if (a->tok[t].kind == TOK_PUNCT) return 0;
    /* "le président de la transition", "le chef de l'État" stand for
     * office holders too */
    return !a->mx[i].prep && m->actor_kind &&
           (streq(m->actor_kind, "person") || streq(m->actor_kind, "title") ||
            (streq(m->actor_kind, "anaphora") &&
             (kb_tok_is(a, a->mx[i].t0 + 1, "president") ||
              kb_tok_is(a, a->mx[i].t0 + 1, "chef"))));
  }
  return 0;
}

/* A verb of concluding before the trigger ("a signé", "a conclu",
 * "finalisé", "signed"): the purchase is done, whatever wish came first. */
static int contract_signed_before(const frame_ctx *f) {
  static const char *const stems[] = {"sign",      "conclu", "finalis",
                                      "finalized", "scell",  NULL};
  const kb_analysis *a = f->a;
  for (uint32_t t = window_start(f->t0, f->s0, 7); t < f->t0; t++)
    for (const char *const *w = stems; *w; w++)
      if (tok_flen(a, t) >= strlen(*w) && !memcmp(tok_f(a, t), *w, strlen(*w)))
        return 1;
  return 0;
}

/* "a signé l'achat de", "signed the purchase of": the verb's object is a
 * purchase, an order rather than an accord. */
static int signed_purchase(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (f->tr->nominal) return 0;
  for (uint32_t t = f->t1; t < f->s1 && t <= f->t1 + 2; t++)
    if (kb_tok_is(a, t, "achat") || kb_tok_is(a, t, "acquisition") ||
        kb_tok_is(a, t, "purchase"))
      return 1;
  return 0;
}

/* A noun of arrival whose complement, past a place and a date, is people
 * ("l'arrivée à Niamey, en avril, des premiers instructeurs"): no
 * equipment comes before them; what they bring ("venus avec") may follow. */
static int personnel_complement(const frame_ctx *f) {
  const kb_analysis *a = f->a;
  if (!kb_tok_is(a, f->t0, "arrivee") && !kb_tok_is(a, f->t0, "arrival"))
    return 0;
  uint32_t hi = f->t1 + 10 < f->s1 ? f->t1 + 10 : f->s1;
  for (uint32_t t = f->t1; t < hi; t++) {
    if (t > f->t1 &&
        (kb_tok_is(a, t - 1, "des") || kb_tok_is(a, t - 1, "de") ||
         kb_tok_is(a, t - 1, "of") || kb_tok_is(a, t - 1, "d'") ||
         kb_tok_is(a, t - 1, "premiers") || kb_tok_is(a, t - 1, "first")) &&
        cue_in(f, "personnel", t, t + 1))
      return 1;
    for (size_t i = 0; i < a->nment; i++)
      if (a->ment[i].kind == KB_MENTION_EQUIPMENT && a->mx[i].t0 == t) return 0;
  }
  return 0;
}

static void retype(frame_ctx *f) {
  const lex_trigger *tr = f->tr;
  const char *type = NULL, *frame = NULL;
  uint32_t before = window_start(f->t0, f->s0, 6);
  if (streq(tr->type, "VISIT") && streq(tr->frame, "travel") &&
      (cue_in(f, "personnel", before, f->t0) ||
       cue_in(f, "personnel", f->t1, f->t1 + 3 < f->s1 ? f->t1 + 3 : f->s1) ||
       carrying_personnel(f))) {
    type = "DEPLOYMENT";
    frame = "send";
  } else if (streq(tr->type, "DELIVERY") && streq(tr->frame, "receive") &&
             carrying_personnel(f)) {
    /* "un avion russe a atterri à Bamako transportant des instructeurs" */
    type = "DEPLOYMENT";
    frame = "send";
  } else if (streq(tr->type, "DELIVERY") && streq(tr->frame, "receive") &&
             !tr->nominal && !equipment_in_clause(f) && person_after(f)) {
    type = "MEETING"; /* "a reçu à Abuja son homologue nigérien" */
    frame = "mutual";
  } else if (streq(tr->type, "ORDER") && tr->nominal &&
             (cue_in(f, "intent", window_start(f->t0, f->s0, 3), f->t0) ||
              cue_in(f, "planned", window_start(f->t0, f->s0, 3), f->t0) ||
              /* "compte renforcer sa flotte avec l'acquisition de" */
              ((cue_in(f, "intent", window_start(f->t0, f->s0, 7), f->t0) ||
                cue_in(f, "planned", window_start(f->t0, f->s0, 7), f->t0)) &&
               !contract_signed_before(f)))) {
    type = "INTENT_ACQUIRE"; /* "envisagerait l'achat de sous-marins" */
    frame = "buy";
  } else if ((streq(tr->type, "AGREEMENT") &&
              (cue_in(f, "contract", f->s0, f->s1) || signed_purchase(f))) ||
             (tr->object_after && cue_in(f, "contract", before, f->t0))) {
    type = "ORDER"; /* "un contrat pour acheter douze blindés" */
    frame = "buy";
  } else if (streq(tr->type, "DELIVERY") && streq(tr->frame, "give") &&
             tr->nominal && personnel_complement(f)) {
    /* "l'arrivée à Niamey, en avril 2024, des premiers instructeurs
     * russes, venus avec un système de défense antiaérienne" */
    type = "DEPLOYMENT";
    frame = "send";
  } else if (streq(tr->type, "DELIVERY") && streq(tr->frame, "give") &&
             !equipment_in_clause(f) &&
             (cue_in(f, "personnel", f->t1,
                     f->t1 + (tr->nominal ? 3 : 6) < f->s1
                         ? f->t1 + (tr->nominal ? 3 : 6)
                         : f->s1) ||
              (!tr->nominal && passive_before(f) &&
               cue_in(f, "personnel", before, f->t0)))) {
    /* "has sent a contingent of instructors", "the arrival of Russian
     * troops" */
    type = "DEPLOYMENT";
    frame = "send";
  } else if (streq(tr->type, "DELIVERY") && streq(tr->frame, "give") &&
             cue_in(f, "base", f->t1, f->s1) && !equipment_in_clause(f)) {
    type = "WITHDRAWAL";
    frame = "give";
  }
  /* "ont achevé leur formation", "completed their training": the owner of
   * the training is trained, not training */
  if (!type && streq(tr->type, "TRAINING") && tr->nominal) {
    const kb_analysis *a = f->a;
    for (uint32_t t = window_start(f->t0, f->s0, 2); t < f->t0; t++)
      if (kb_tok_is(a, t, "leur") || kb_tok_is(a, t, "leurs") ||
          kb_tok_is(a, t, "sa") || kb_tok_is(a, t, "son") ||
          kb_tok_is(a, t, "ses") || kb_tok_is(a, t, "their") ||
          kb_tok_is(a, t, "its") || kb_tok_is(a, t, "his") ||
          kb_tok_is(a, t, "her")) {
        type = "TRAINING";
        frame = "trainee";
      }
  }
  if (!type) return;
  f->retyped = *tr;
  f->retyped.type = type;
  f->retyped.frame = frame;
  f->tr = &f->retyped;
}

/* "... le déploiement de combattants russes. Bien que cela ne soit pas
 * officiellement reconnu, des sources indiquent que ces forces ...": a
 * hedge that opens the next sentence and points back with a demonstrative
 * weakens what the sentence before asserted. */
static void hedge_from_next_sentence(const kb_analysis *a, ev_build *list,
                                     size_t n) {
  for (size_t i = 0; i < n; i++) {
    kb_event *e = &list[i].e;
    size_t next = list[i].sent + 1;
    if (strcmp(e->modality, "asserted") || next >= a->nsent) continue;
    uint32_t s0 = a->sent_tok[next], s1 = a->sent_tok[next + 1];
    int hedge = 0, points_back = 0;
    for (size_t c = 0; c < a->ncue; c++)
      if (a->cue[c].t0 >= s0 && a->cue[c].t0 < s0 + 8 && a->cue[c].t0 < s1 &&
          streq(((const lex_cue *)a->cue[c].form->item)->kind, "hedged"))
        hedge = 1;
    for (uint32_t t = s0; t < s1 && hedge && !points_back; t++)
      points_back = kb_tok_is(a, t, "cela") || kb_tok_is(a, t, "ces") ||
                    kb_tok_is(a, t, "cette") || kb_tok_is(a, t, "this") ||
                    kb_tok_is(a, t, "these");
    if (hedge && points_back) e->modality = "hedged";
  }
}

/* A page about security: two security words, military forces or
 * equipment. Trade talks and football "meetings" are not our events. */
static int security_context(const kb_analysis *a) {
  int signals = 0;
  for (size_t i = 0; i < a->ncue && signals < 2; i++)
    if (streq(((const lex_cue *)a->cue[i].form->item)->kind, "security"))
      signals++;
  for (size_t i = 0; i < a->nment && signals < 2; i++) {
    const kb_mention *m = &a->ment[i];
    if ((m->kind == KB_MENTION_EQUIPMENT && !m->carrier) ||
        (m->kind == KB_MENTION_ACTOR && m->sector && streq(m->sector, "MIL")))
      signals++;
  }
  /* a lone sentence or a dispatch of two is judged by its events alone */
  return signals >= 2 || a->nsent < 4;
}

/* Outside a security context only transfers of equipment (which need
 * equipment to exist at all) are kept. */
static size_t keep_transfers_only(ev_build *list, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *t = list[i].e.type;
    if (streq(t, "DELIVERY") || streq(t, "ORDER") ||
        streq(t, "INTENT_ACQUIRE") || streq(t, "PRODUCTION"))
      list[k++] = list[i];
  }
  return k;
}

/* "imputée à des hommes armés non identifiés": the text says nobody. */
static int said_unidentified(const char *s) {
  static const char *const cues[] = {"non identifi", "non-identifi", "inconnu",
                                     "unidentified", "unknown",      NULL};
  for (const char *const *c = cues; s && *c; c++)
    if (strstr(s, *c)) return 1;
  return 0;
}

/* "Des hommes armés ont attaqué ..." and, further on, "l'attaque a été
 * revendiquée par le JNIM": when the story names a single armed group,
 * its unnamed attackers are that group. */
static void name_the_attackers(const kb_analysis *a, ev_build *list, size_t n) {
  static const char *const groups[] = {"JNIM", "ISSP", "ISWAP",
                                       "BOKO", "FLA",  NULL};
  const char *named = NULL;
  for (size_t i = 0; i < a->nment; i++) {
    const kb_mention *m = &a->ment[i];
    if (m->kind != KB_MENTION_ACTOR || !m->code) continue;
    for (const char *const *g = groups; *g; g++)
      if (streq(m->code, *g)) {
        if (named && strcmp(named, *g)) return; /* two groups: no guess */
        named = *g;
      }
  }
  if (!named) return;
  for (size_t i = 0; i < n; i++) {
    kb_event *e = &list[i].e;
    if (strcmp(e->type, "ATTACK") || said_unidentified(e->evidence_text))
      continue;
    if (e->source.code && streq(e->source.code, "ARMED_GROUP"))
      e->source.code = named;
    if (e->target.code && streq(e->target.code, "ARMED_GROUP"))
      e->target.code = named;
  }
}

static int same_pair(const kb_event *x, const kb_event *y) {
  return x->source.code && x->target.code && y->source.code && y->target.code &&
         ((streq(x->source.code, y->source.code) &&
           streq(x->target.code, y->target.code)) ||
          (streq(x->source.code, y->target.code) &&
           streq(x->target.code, y->source.code)));
}

/* Talks and signatures told during a visit ("À l'issue de l'entretien, un
 * mémorandum a été signé"): without a date or place of their own they
 * happen when and where the visit or talks told before them did. */
static void inherit_from_visit(ev_build *list, size_t n) {
  for (size_t i = 0; i < n; i++) {
    kb_event *e = &list[i].e;
    if ((strcmp(e->type, "AGREEMENT") && strcmp(e->type, "MEETING")) ||
        (e->date_value && e->place_name))
      continue;
    for (size_t pass = 0; pass < 2; pass++)
      for (size_t j = 0; j < n; j++) {
        const kb_event *v = &list[j].e;
        const char *want = pass == 0 ? "MEETING" : "VISIT";
        if (j == i || strcmp(v->type, want) || !same_pair(e, v) ||
            v->evidence_start > e->evidence_start)
          continue;
        if (!e->date_value && v->date_value) {
          e->date_value = v->date_value;
          e->date_text = v->date_text;
        }
        if (!e->place_name && v->place_name &&
            strcmp(v->place_precision, "country")) {
          copy_place(e, v);
        }
      }
  }
}

/* "US instructors are training Nigerian pilots": a noun that is the
 * subject of a verb of the same type, which gave its own event, tells no
 * event of its own. */
/* "La Chine a remis mercredi au ministère de la Défense un lot de
 * blindés": a noun of the same type that a verb's object opens, with no
 * punctuation between them, tells the verb's event again. */
static int object_of_verb(const kb_analysis *a, const ev_build *verb,
                          const ev_build *noun) {
  if (noun->t0 < verb->t1 || noun->t0 > verb->t1 + 12) return 0;
  for (uint32_t t = verb->t1; t < noun->t0; t++)
    if (a->tok[t].kind == TOK_PUNCT) return 0;
  return 1;
}

/* The trigger is a noun of people ("instructeurs", "instructors"). */
static int personnel_noun(const kb_analysis *a, uint32_t t0, uint32_t t1) {
  for (size_t i = 0; i < a->ncue; i++)
    if (a->cue[i].t0 == t0 && a->cue[i].t1 <= t1 + 1 &&
        streq(((const lex_cue *)a->cue[i].form->item)->kind, "personnel"))
      return 1;
  return 0;
}

static size_t drop_subject_nouns(const kb_analysis *a, ev_build *list,
                                 size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int subject_of_verb = 0;
    for (size_t j = 0; j < n && list[i].nominal && !subject_of_verb; j++)
      subject_of_verb =
          j != i && !list[j].nominal && list[j].sent == list[i].sent &&
          streq(list[j].e.type, list[i].e.type) &&
          ((list[j].t0 >= list[i].t1 && list[j].t0 <= list[i].t1 + 3) ||
           object_of_verb(a, &list[j], &list[i]));
    /* "l'arrivée ... des premiers instructeurs russes": the people
     * deployed, no training told */
    for (size_t j = 0; j < n && list[i].nominal && !subject_of_verb; j++)
      subject_of_verb = j != i && list[j].sent == list[i].sent &&
                        streq(list[i].e.type, "TRAINING") &&
                        streq(list[j].e.type, "DEPLOYMENT") &&
                        list[i].t0 >= list[j].t1 &&
                        list[i].t0 <= list[j].t1 + 10 &&
                        personnel_noun(a, list[i].t0, list[i].t1);
    if (!subject_of_verb) list[k++] = list[i];
  }
  return k;
}

/* A headline compresses the story ("Boulkessi : l'armée repousse une
 * attaque terroriste"); when the body tells an event of the same type, the
 * headline's own reading of the roles is dropped, not counted twice. */
static size_t drop_headline_echoes(const kb_analysis *a, ev_build *list,
                                   size_t n) {
  if (!a->t->title || a->nsent < 2) return n;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int echo = 0;
    if (list[i].sent == 0 && !list[i].body_sent)
      for (size_t j = 0; j < n && !echo; j++)
        echo =
            j != i && list[j].sent > 0 && streq(list[j].e.type, list[i].e.type);
    if (!echo) list[k++] = list[i];
  }
  return k;
}

size_t kb_extract(kb_analysis *a, const kb_event **out) {
  if (a->extracted) {
    *out = a->events;
    return a->nevents;
  }
  a->extracted = 1;
  enum { MAX_EVENTS = 512 };
  /* at most one event per trigger */
  size_t cap = a->ntrig < MAX_EVENTS ? a->ntrig + 1 : MAX_EVENTS;
  ev_build *list = kb_arena_alloc_raw(&a->arena, cap * sizeof *list);
  size_t n = 0;
  frame_ctx f = {.a = a, .home = home_state(a)};
  const uint8_t *breaks = clause_breaks(a);
  f.partner = partner_state(a, f.home);
  for (size_t ti = 0; list && ti < a->ntrig; ti++) {
    const kb_match *m = &a->trig[ti];
    f.tr = m->form->item;
    f.t0 = m->t0;
    f.t1 = m->t1;
    f.sent = a->tok[m->t0].sent;
    f.ss0 = a->sent_tok[f.sent];
    f.ss1 = a->sent_tok[f.sent + 1];
    if (inside_equipment(a, m->t0, m->t1))
      continue;                        /* "avions d'entraînement" */
    if (names_a_place(a, m)) continue; /* "training school" */
    if (state_not_trip(&f)) continue;
    if (demanded(&f)) continue;
    if (f.tr->object_after && !equipment_follows(a, m->t1, 4)) continue;
    clause_bounds(&f, breaks);
    if (equipment_travels(&f)) {
      /* "Des blindés sont arrivés à Dakar": goods arrive, a delivery */
      f.retyped = *f.tr;
      f.retyped.type = "DELIVERY";
      f.retyped.frame = "receive";
      f.tr = &f.retyped;
    }
    retype(&f);
    f.passive = passive_before(&f);
    ev_build b = {0};
    kb_status st = build(&f, &b);
    if (debug_level())
      fprintf(stderr, "trigger %.*s %s/%s%s -> %s (place %s, %s)\n",
              (int)(a->tok[f.t1 - 1].e - a->tok[f.t0].s),
              a->t->text + a->tok[f.t0].s, f.tr->type, f.tr->frame,
              f.passive ? " passive" : "", kb_status_name(st),
              b.e.place_name ? b.e.place_name : "-",
              b.e.modality ? b.e.modality : "-");
    if (st == KB_ERR_FORMAT) {
      /* earlier deliveries told in passing: same parties, own event */
      for (size_t k = n; k-- > 0;)
        if (streq(list[k].e.type, b.e.type)) {
          b.e.source = list[k].e.source;
          b.e.target = list[k].e.target;
          b.e.place_name = NULL;
          fill_place(&f, &b.e);
          st = add_event(a, list, &n, cap, &b);
          break;
        }
      continue;
    }
    if (st == KB_ERR_ARG) {
      /* "cette livraison" goes on about the news, not the history told in
       * passing: the latest event of its type that is not background */
      ev_build *to = NULL;
      for (size_t k = n; k-- > 0 && !to;)
        if (streq(list[k].e.type, b.e.type) && !list[k].background)
          to = &list[k];
      for (size_t k = n; k-- > 0 && !to;)
        if (streq(list[k].e.type, b.e.type)) to = &list[k];
      if (to) {
        b.score = -1; /* never lead */
        merge_into(a, to, &b);
      }
      continue;
    }
    if (st == KB_OK && streq(b.e.type, "DEPLOYMENT") && b.e.source.code)
      f.deployed = b.e.source.code;
    if (st == KB_OK && !told_before(&f, b.e.type) &&
        f.ntold < sizeof f.told / sizeof *f.told)
      f.told[f.ntold++] = b.e.type;
    if (st == KB_OK && f.nkept < sizeof f.kept_type / sizeof *f.kept_type) {
      f.kept_type[f.nkept] = b.e.type;
      f.kept_tgt[f.nkept] = b.e.target.code;
      f.kept_sent[f.nkept] = b.sent;
      f.kept_src[f.nkept++] = b.e.source.code;
    }
    if (st == KB_OK) st = add_event(a, list, &n, cap, &b);
    /* "Russian instructors arrived in Niger with an air defence system":
     * the people are deployed and the equipment is delivered */
    if (st == KB_OK && streq(b.e.type, "DEPLOYMENT") && n < cap &&
        arrival_with_equipment(&f)) {
      ev_build d = b;
      kb_equipment eq[16];
      int neq = equipment_of(&f, eq, 16);
      kb_equipment *copy =
          kb_arena_alloc(&a->arena, (size_t)neq * sizeof *copy);
      if (copy) {
        memcpy(copy, eq, (size_t)neq * sizeof *copy);
        d.e.type = "DELIVERY";
        d.e.equipment = copy;
        d.e.n_equipment = (size_t)neq;
        codes_for("DELIVERY", 0, &d.e.plover, &d.e.cameo);
        st = add_event(a, list, &n, cap, &d);
      }
    }
    if (st == KB_ERR_NOMEM || st == KB_ERR_TOO_LARGE) break;
  }
  n = drop_subject_nouns(a, list, n);
  n = drop_headline_echoes(a, list, n);
  hedge_from_next_sentence(a, list, n);
  if (!security_context(a)) n = keep_transfers_only(list, n);
  name_the_attackers(a, list, n);
  inherit_from_visit(list, n);
  a->events = kb_arena_alloc(&a->arena, (n + 1) * sizeof *a->events);
  if (!a->events) n = 0;
  for (size_t i = 0; i < n; i++)
    a->events[i] = list[i].e;
  a->nevents = n;
  *out = a->events;
  return n;
}
