/* A multi-outlet test set built by hand: documents and the events an
 * extractor would find in them, with the real-world event (label) each
 * belongs to. It tests storage, near-duplicates and fusion without
 * depending on extraction. All texts are written for this project.
 *
 * Events: 9 real-world events told by 3 to 5 outlets each, with
 *  - syndicated copies of one wire story (w2, w3, w4 copy w1),
 *  - disagreements on numbers (2 vs 4 helicopters) and days (30 vs 31),
 *  - dates at different precision (2024-11 vs 2024-11-16, 2021-09 vs
 *    2021-09-30) and undated reports (publication window),
 *  - unknown actors (a supplier left unnamed),
 *  - look-alikes that must stay apart: the same delivery 8 months earlier,
 *    the same drone to another country the same week, an attack by the
 *    same group the same day in another town. */
#ifndef KB_STORE_FIXTURE_H
#define KB_STORE_FIXTURE_H
#include <stdlib.h>
#include <string.h>

#include "kibaru.h"

typedef struct fx_doc {
  const char *id, *url, *publisher, *published, *title, *body;
} fx_doc;

typedef struct fx_event {
  const char *doc, *label, *type, *source, *target, *date;
  const char *category, *designation;
  int quantity; /* 0: none */
  const char *place, *country;
  double lat, lon;
  const char *modality;
} fx_event;

#define FX_WIRE                                                                   \
  "Un premier contingent de l'Africa Corps russe est arrivé mercredi 24 "        \
  "janvier 2024 à Ouagadougou, a annoncé le ministère burkinabè de la "       \
  "Défense dans un communiqué publié le soir même. Selon ce texte, une "      \
  "centaine de militaires russes ont débarqué à l'aéroport international de " \
  "la capitale avec du matériel de transmission et des véhicules légers. "     \
  "Leur mission principale consistera à assurer la formation des unités "       \
  "spéciales burkinabè et la protection rapprochée des autorités de la "      \
  "transition.\n\nLe communiqué précise qu'un second groupe est attendu "       \
  "dans les prochaines semaines afin de porter l'effectif total à environ "      \
  "trois cents hommes. Les autorités présentent ce déploiement comme le "      \
  "fruit d'un accord de coopération militaire signé à Moscou à l'automne "    \
  "dernier. Aucun calendrier de retrait n'a été communiqué."

static const fx_doc fx_docs[] = {
    /* rus-mli-heli-2024-11 */
    {"a1", "https://www.sahel-matin.example/2024/11/17/helicos", NULL,
     "2024-11-17", "Deux hélicoptères russes pour l'armée de l'air",
     "Deux hélicoptères Mi-171Sh livrés par la Russie ont été présentés "
     "samedi 16 novembre à Bamako. Le ministre de la Défense les a "
     "réceptionnés sur la base aérienne de Sénou."},
    {"a2", "https://bamako-direct.example/moscou-livre-quatre", NULL,
     "2024-11-18", "Moscou livre quatre hélicoptères",
     "Quatre Mi-171Sh acheminés depuis la Russie ont rejoint samedi la "
     "flotte malienne. L'état-major salue des appareils capables de voler "
     "de nuit."},
    {"a3", "https://military-aviation.example/mali-four-mi171", NULL,
     "2024-11-19", "Mali receives four more Mi-171Sh",
     "Mali took delivery of four Mi-171Sh helicopters from Russia in "
     "November. The aircraft were flown in aboard an An-124 freighter."},
    {"a4", "https://journal-du-mali.example/helicopteres", "Journal du Mali",
     "2024-11-20", "Nouveaux hélicoptères à Sénou",
     "Deux nouveaux hélicoptères de transport ont été réceptionnés le 16 "
     "novembre par l'armée de l'air, sans que le fournisseur soit cité."},
    /* rus-mli-heli-2024-03: same actors and equipment, 8 months earlier */
    {"b1", "https://sahel-matin.example/2024/03/19/appareils", NULL,
     "2024-03-19", "Des appareils russes à Bamako",
     "Un lot d'hélicoptères russes est arrivé lundi 18 mars à Bamako. Une "
     "cérémonie a eu lieu en présence du chef d'état-major."},
    {"b2", "https://aviation-afrique.example/mali-mars", NULL, "2024-03-20",
     "Le Mali renforce sa flotte",
     "La Russie a fourni au Mali de nouveaux hélicoptères le 18 mars, selon "
     "un communiqué des forces armées."},
    {"b3", "https://le-reporter-ml.example/flotte", NULL, "2024-03-19",
     "Renfort aérien",
     "L'armée malienne a reçu des hélicoptères de fabrication russe, a "
     "indiqué hier une source militaire."},
    /* fra-tcd-withdrawal-2025-01: Thursday 30 or Friday 31 */
    {"c1", "https://tchad-infos.example/depart", NULL, "2025-01-31",
     "Les derniers soldats français quittent N'Djamena",
     "Les derniers militaires français ont quitté N'Djamena jeudi 30 "
     "janvier. La base de Kossei a été rétrocédée à l'armée tchadienne."},
    {"c2", "https://alwihda.example/retrait", NULL, "2025-02-01",
     "Fin de la présence militaire française",
     "Le retrait des forces françaises du Tchad s'est achevé vendredi 31 "
     "janvier avec le départ du dernier avion."},
    {"c3", "https://afrique-defense.example/tchad", NULL, "2025-02-01",
     "Chad: French troops gone",
     "French forces completed their withdrawal from Chad on Thursday, "
     "January 30, handing over the Kossei camp."},
    {"c4", "https://sahel-weekly.example/chad-exit", NULL, "2025-02-02",
     "France leaves Chad",
     "The last French soldiers left N'Djamena on Friday, ending decades of "
     "military presence in the country."},
    /* rus-bfa-deployment-2024-01: one wire story and three copies */
    {"w1", "https://agence-sahel.example/depeche/africa-corps",
     "Agence Sahel Presse", "2024-01-25",
     "Burkina : arrivée d'un contingent russe", FX_WIRE},
    {"w2", "https://ouaga-matin.example/africa-corps-arrive", NULL,
     "2024-01-25", "Les soldats russes sont à Ouagadougou",
     FX_WIRE " Cette arrivée intervient quelques mois après le départ des "
             "forces spéciales françaises."},
    {"w3", "https://faso-actu.example/russes", NULL, "2024-01-26",
     "Défense : Moscou envoie ses hommes",
     "Un premier contingent de l'Africa Corps russe est arrivé ce mercredi "
     "24 janvier 2024 à Ouagadougou, a annoncé le ministère burkinabè de la "
     "Défense dans un communiqué publié le soir même. Selon ce texte, une "
     "centaine de militaires russes ont débarqué à l'aéroport international "
     "de la capitale avec du matériel de transmission et des véhicules "
     "légers. Leur mission principale consistera à assurer la formation des "
     "unités spéciales burkinabè et la protection rapprochée des autorités "
     "de la transition.\n\nLe communiqué précise qu'un second groupe est "
     "attendu dans les prochaines semaines afin de porter l'effectif total "
     "à environ trois cents hommes. Les autorités présentent ce déploiement "
     "comme le fruit d'un accord de coopération militaire signé à Moscou à "
     "l'automne dernier."},
    {"w4", "https://lefaso-net.example/contingent", NULL, "2024-01-26",
     "Coopération militaire : les Russes arrivent",
     "Un premier contingent de l'Africa Corps russe est arrivé mercredi 24 "
     "janvier 2024 à Ouagadougou, a annoncé le ministère burkinabè de la "
     "Défense. Selon ce texte, une centaine de militaires russes ont "
     "débarqué à l'aéroport international de la capitale avec du matériel "
     "de transmission et des véhicules légers. Leur mission principale "
     "consistera à assurer la formation des unités spéciales burkinabè et "
     "la protection rapprochée des autorités de la transition.\n\nLe "
     "communiqué précise qu'un second groupe est attendu dans les "
     "prochaines semaines afin de porter l'effectif total à environ trois "
     "cents hommes. Aucun calendrier de retrait n'a été communiqué."},
    {"w5", "https://burkina-24.example/instructeurs", NULL, "2024-01-27",
     "Des instructeurs russes au Faso",
     "Près de cent soldats russes sont arrivés à Ouagadougou le 24 janvier, "
     "confirme une source sécuritaire. Ils viennent former les forces "
     "spéciales et protéger le capitaine Traoré, selon nos informations."},
    /* tur-ner-tb2-2024-10-08 and its look-alike tur-bfa-tb2-2024-10-12 */
    {"d1", "https://niamey-soir.example/tb2", NULL, "2024-10-09",
     "Cinq drones turcs pour le Niger",
     "Cinq drones Bayraktar TB2 fournis par la Turquie ont été réceptionnés "
     "mardi 8 octobre à Niamey."},
    {"d2", "https://aniamey.example/drones", NULL, "2024-10-10",
     "Le Niger reçoit des TB2",
     "Le Niger a pris livraison de cinq TB2 turcs le 8 octobre, selon le "
     "ministère de la Défense."},
    {"d3", "https://tamtaminfo.example/armee-air", NULL, "2024-10-09",
     "L'armée de l'air nigérienne se renforce",
     "Des drones de combat turcs ont été livrés hier à la base aérienne 101 "
     "de Niamey."},
    {"e1", "https://burkina-info.example/tb2", NULL, "2024-10-13",
     "Quatre drones pour le Burkina",
     "Ankara a livré quatre drones TB2 au Burkina Faso le samedi 12 "
     "octobre à Ouagadougou."},
    {"e2", "https://sidwaya.example/drones-turcs", NULL, "2024-10-14",
     "Réception de drones turcs",
     "Les forces armées burkinabè ont réceptionné 04 drones Bayraktar TB2 "
     "samedi dernier."},
    {"e3", "https://defense-africa.example/bf-tb2", NULL, "2024-10-15",
     "Burkina Faso adds TB2 drones",
     "Turkey delivered four Bayraktar TB2 drones to Burkina Faso on "
     "October 12."},
    /* ner-rus-meeting-2023-12-04 */
    {"m1", "https://niger-diaspora.example/tiani-yevkurov", NULL, "2023-12-04",
     "Tiani reçoit Evkourov",
     "Le général Tiani a reçu lundi 4 décembre le vice-ministre russe de la "
     "Défense Iounous-Bek Evkourov."},
    {"m2", "https://ria-afrique.example/yevkurov-niamey", NULL, "2023-12-05",
     "Yevkurov in Niamey",
     "Russian deputy defence minister Yunus-Bek Yevkurov held talks with "
     "General Tiani on December 4."},
    {"m3", "https://actuniger.example/entretien", NULL, "2023-12-05",
     "Entretien au palais",
     "Une délégation russe a été reçue au palais présidentiel le 4 "
     "décembre pour des entretiens sur la défense."},
    /* jnim-mli-attack-bamako-2024-09-17, look-alike in Kidal */
    {"k1", "https://mali-web.example/attaque", NULL, "2024-09-17",
     "Attaque à Bamako",
     "Le JNIM a attaqué mardi 17 septembre l'école de gendarmerie de "
     "Faladié à Bamako."},
    {"k2", "https://studio-tamani.example/faladie", NULL, "2024-09-18",
     "Bamako : l'école de gendarmerie visée",
     "Des jihadistes du JNIM ont visé mardi l'école de gendarmerie, dans "
     "la capitale."},
    {"k3", "https://sahel-security.example/bamako-attack", NULL, "2024-09-18",
     "JNIM strikes Bamako",
     "JNIM fighters attacked a gendarmerie school in Bamako on September "
     "17."},
    {"k4", "https://kidal-info.example/poste", NULL, "2024-09-18",
     "Un poste attaqué près de Kidal",
     "Le même jour, le JNIM a aussi attaqué un poste militaire près de "
     "Kidal, selon des sources locales."},
    /* sen-intent-2021-09: month and day precision */
    {"s1", "https://senego.example/drones", NULL, "2021-09-10",
     "Le Sénégal veut des drones",
     "Le Sénégal envisage d'acquérir des drones de surveillance, a indiqué "
     "en septembre l'état-major."},
    {"s2", "https://seneweb.example/acquisition", NULL, "2021-10-01",
     "Programme d'acquisition",
     "Dakar a annoncé le 30 septembre un programme d'achat de drones pour "
     "surveiller ses frontières."},
    {"s3", "https://le-soleil-sn.example/drones", NULL, "2021-10-02",
     "Des drones pour l'armée",
     "L'armée sénégalaise prévoit l'acquisition de drones, selon un "
     "document budgétaire rendu public fin septembre."},
};

static const fx_event fx_events[] = {
    {"a1", "heli-11", "DELIVERY", "RUS", "MLI", "2024-11-16", "helicopter",
     "Mi-171Sh", 2, "Bamako", "MLI", 12.65, -8.0, "asserted"},
    {"a2", "heli-11", "DELIVERY", "RUS", "MLI", "2024-11-16", "helicopter",
     "Mi-171Sh", 4, NULL, NULL, 0, 0, "asserted"},
    {"a3", "heli-11", "DELIVERY", "RUS", "MLI", "2024-11", "helicopter",
     "Mi-171Sh", 4, NULL, NULL, 0, 0, "asserted"},
    {"a4", "heli-11", "DELIVERY", NULL, "MLI", "2024-11-16", "helicopter", NULL,
     2, "Sénou", "MLI", 12.53, -7.95, "asserted"},
    {"b1", "heli-03", "DELIVERY", "RUS", "MLI", "2024-03-18", "helicopter",
     NULL, 0, "Bamako", "MLI", 12.65, -8.0, "asserted"},
    {"b2", "heli-03", "DELIVERY", "RUS", "MLI", "2024-03-18", "helicopter",
     NULL, 0, NULL, NULL, 0, 0, "reported"},
    {"b3", "heli-03", "DELIVERY", "RUS", "MLI", NULL, "helicopter", NULL, 0,
     NULL, NULL, 0, 0, "hedged"},
    {"c1", "tcd", "WITHDRAWAL", "FRA", "TCD", "2025-01-30", NULL, NULL, 0,
     "N'Djamena", "TCD", 12.11, 15.04, "asserted"},
    {"c2", "tcd", "WITHDRAWAL", "FRA", "TCD", "2025-01-31", NULL, NULL, 0, NULL,
     NULL, 0, 0, "asserted"},
    {"c3", "tcd", "WITHDRAWAL", "FRA", "TCD", "2025-01-30", NULL, NULL, 0, NULL,
     NULL, 0, 0, "asserted"},
    {"c4", "tcd", "WITHDRAWAL", "FRA", "TCD", "2025-01-31", NULL, NULL, 0,
     "N'Djamena", "TCD", 12.11, 15.04, "asserted"},
    {"w1", "bfa-deploy", "DEPLOYMENT", "RUS", "BFA", "2024-01-24", NULL, NULL,
     0, "Ouagadougou", "BFA", 12.37, -1.53, "reported"},
    {"w2", "bfa-deploy", "DEPLOYMENT", "RUS", "BFA", "2024-01-24", NULL, NULL,
     0, "Ouagadougou", "BFA", 12.37, -1.53, "reported"},
    {"w3", "bfa-deploy", "DEPLOYMENT", "RUS", "BFA", "2024-01-24", NULL, NULL,
     0, "Ouagadougou", "BFA", 12.37, -1.53, "reported"},
    {"w4", "bfa-deploy", "DEPLOYMENT", "RUS", "BFA", "2024-01-24", NULL, NULL,
     0, "Ouagadougou", "BFA", 12.37, -1.53, "reported"},
    {"w5", "bfa-deploy", "DEPLOYMENT", "RUS", "BFA", "2024-01-24", NULL, NULL,
     0, "Ouagadougou", "BFA", 12.37, -1.53, "hedged"},
    {"w1", "bfa-training", "TRAINING", "RUS", "BFA", NULL, NULL, NULL, 0, NULL,
     NULL, 0, 0, "planned"},
    {"w5", "bfa-training", "TRAINING", "RUS", "BFA", NULL, NULL, NULL, 0, NULL,
     NULL, 0, 0, "planned"},
    {"w2", "bfa-training", "TRAINING", "RUS", "BFA", NULL, NULL, NULL, 0, NULL,
     NULL, 0, 0, "planned"},
    {"d1", "tb2-ner", "DELIVERY", "TUR", "NER", "2024-10-08", "drone", "TB2", 5,
     "Niamey", "NER", 13.51, 2.11, "asserted"},
    {"d2", "tb2-ner", "DELIVERY", "TUR", "NER", "2024-10-08", "drone", "TB2", 5,
     NULL, NULL, 0, 0, "reported"},
    {"d3", "tb2-ner", "DELIVERY", "TUR", "NER", NULL, "drone", NULL, 0,
     "Niamey", "NER", 13.51, 2.11, "asserted"},
    {"e1", "tb2-bfa", "DELIVERY", "TUR", "BFA", "2024-10-12", "drone", "TB2", 4,
     "Ouagadougou", "BFA", 12.37, -1.53, "asserted"},
    {"e2", "tb2-bfa", "DELIVERY", "TUR", "BFA", "2024-10-12", "drone", "TB2", 4,
     NULL, NULL, 0, 0, "asserted"},
    {"e3", "tb2-bfa", "DELIVERY", "TUR", "BFA", "2024-10-12", "drone", "TB2", 4,
     NULL, NULL, 0, 0, "asserted"},
    {"m1", "meeting", "MEETING", "NER", "RUS", "2023-12-04", NULL, NULL, 0,
     "Niamey", "NER", 13.51, 2.11, "asserted"},
    {"m2", "meeting", "MEETING", "RUS", "NER", "2023-12-04", NULL, NULL, 0,
     NULL, NULL, 0, 0, "asserted"},
    {"m3", "meeting", "MEETING", "RUS", NULL, "2023-12-04", NULL, NULL, 0, NULL,
     NULL, 0, 0, "asserted"},
    {"k1", "attack-bamako", "ATTACK", "JNIM", "MLI", "2024-09-17", NULL, NULL,
     0, "Bamako", "MLI", 12.65, -8.0, "asserted"},
    {"k2", "attack-bamako", "ATTACK", "JNIM", "MLI", "2024-09-17", NULL, NULL,
     0, "Bamako", "MLI", 12.65, -8.0, "asserted"},
    {"k3", "attack-bamako", "ATTACK", "JNIM", "MLI", "2024-09-17", NULL, NULL,
     0, "Bamako", "MLI", 12.65, -8.0, "asserted"},
    {"k4", "attack-kidal", "ATTACK", "JNIM", "MLI", "2024-09-17", NULL, NULL, 0,
     "Kidal", "MLI", 18.44, 1.41, "reported"},
    {"s1", "sen-intent", "INTENT_ACQUIRE", NULL, "SEN", "2021-09", "drone",
     NULL, 0, NULL, NULL, 0, 0, "planned"},
    {"s2", "sen-intent", "INTENT_ACQUIRE", NULL, "SEN", "2021-09-30", "drone",
     NULL, 0, NULL, NULL, 0, 0, "planned"},
    {"s3", "sen-intent", "INTENT_ACQUIRE", NULL, "SEN", "2021-09", "drone",
     NULL, 0, NULL, NULL, 0, 0, "planned"},
};

#define FX_N_DOCS (sizeof fx_docs / sizeof fx_docs[0])
#define FX_N_EVENTS (sizeof fx_events / sizeof fx_events[0])

/* A kb_text laid out like kb_clean's: title, "\n\n", body paragraphs. */
typedef struct fx_text {
  kb_text t;
  char *text;
  kb_span spans[16];
} fx_text;

static void fx_text_make(fx_text *x, const fx_doc *d) {
  size_t tl = strlen(d->title), bl = strlen(d->body);
  memset(x, 0, sizeof *x);
  x->text = malloc(tl + 2 + bl + 1);
  memcpy(x->text, d->title, tl);
  memcpy(x->text + tl, "\n\n", 2);
  memcpy(x->text + tl + 2, d->body, bl + 1);
  size_t n = 0, start = tl + 2;
  x->spans[n++] = (kb_span){0, tl};
  for (;;) {
    const char *brk = strstr(x->text + start, "\n\n");
    size_t end = brk ? (size_t)(brk - x->text) : tl + 2 + bl;
    if (n < 16) x->spans[n++] = (kb_span){start, end};
    if (!brk) break;
    start = end + 2;
  }
  x->t = (kb_text){.doc_id = d->id,
                   .url = d->url,
                   .title = d->title,
                   .published = d->published,
                   .publisher = d->publisher,
                   .lang = "fr",
                   .text = x->text,
                   .text_len = tl + 2 + bl,
                   .body_start = tl + 2,
                   .paragraphs = x->spans,
                   .n_paragraphs = n};
}

static void fx_text_free(fx_text *x) { free(x->text); }

/* The events of one document; evidence is the first sentence of the
 * body. *eq must hold FX_N_EVENTS entries. */
static size_t fx_events_of(const fx_text *x, kb_event *out, kb_equipment *eq) {
  size_t n = 0;
  const char *body = x->text + x->t.body_start;
  const char *dot = strstr(body, ". ");
  size_t ev_end =
      x->t.body_start + (dot ? (size_t)(dot - body) + 1 : strlen(body));
  for (size_t i = 0; i < FX_N_EVENTS; i++) {
    const fx_event *f = &fx_events[i];
    if (strcmp(f->doc, x->t.doc_id)) continue;
    kb_event *e = &out[n];
    memset(e, 0, sizeof *e);
    e->doc = f->doc;
    e->type = f->type;
    e->source = (kb_actor_ref){f->source, f->source ? f->source : NULL};
    e->target = (kb_actor_ref){f->target, f->target ? f->target : NULL};
    if (f->category) {
      eq[n] = (kb_equipment){f->category, f->designation, f->quantity,
                             f->quantity > 0, f->category};
      e->equipment = &eq[n];
      e->n_equipment = 1;
    }
    e->date_value = f->date;
    e->date_text = f->date;
    e->place_name = f->place;
    e->place_country = f->country;
    e->place_lat = f->lat;
    e->place_lon = f->lon;
    e->place_has_coords = f->place != NULL;
    e->place_precision = f->place ? "place" : NULL;
    e->modality = f->modality;
    e->evidence_start = x->t.body_start;
    e->evidence_end = ev_end;
    e->confidence = 0.8;
    n++;
  }
  return n;
}

/* Adds documents first, first + step, ... in one batch. */
static kb_status fx_ingest(kb_store *s, size_t first, size_t step,
                           kb_ingest_stats *st, kb_error *err) {
  kb_status rc = kb_store_begin(s, err);
  for (size_t i = first; rc == KB_OK && i < FX_N_DOCS; i += step) {
    fx_text x;
    fx_text_make(&x, &fx_docs[i]);
    kb_event ev[FX_N_EVENTS];
    kb_equipment eq[FX_N_EVENTS];
    char *evidence = NULL;
    size_t n = fx_events_of(&x, ev, eq);
    if (n) {
      size_t len = ev[0].evidence_end - ev[0].evidence_start;
      evidence = malloc(len + 1);
      memcpy(evidence, x.text + ev[0].evidence_start, len);
      evidence[len] = 0;
      for (size_t k = 0; k < n; k++)
        ev[k].evidence_text = evidence;
    }
    rc = kb_store_add(s, &x.t, NULL, 0, ev, n, st, err);
    free(evidence);
    fx_text_free(&x);
  }
  if (rc == KB_OK) return kb_store_commit(s, err);
  kb_store_rollback(s);
  return rc;
}
#endif
