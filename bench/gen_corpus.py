#!/usr/bin/env python3
"""Synthetic news corpus for kibaru's ingest benchmark and kill test.

Writes JSON Lines input records (id, url, published, lang, title, text) to
stdout. Each real-world event (a delivery, an order, a deployment, a visit,
a withdrawal, an attack...) with its own actors, equipment, quantity, date
and place is told by several outlets in different words, sometimes copied
by other sites with a new title (syndication), sometimes with a different
number or day (disagreement), wrapped in page furniture. All templates are
written for this project. Deterministic for a given --seed.

usage: gen_corpus.py --docs N [--seed S]
"""
import argparse
import json
import random
import sys

SUPPLIERS = [  # (name fr, name en, adjective fr, capital)
    ("la Russie", "Russia", "russe", "Moscou"),
    ("la Turquie", "Turkey", "turc", "Ankara"),
    ("la Chine", "China", "chinois", "Pékin"),
    ("la France", "France", "français", "Paris"),
    ("les États-Unis", "the United States", "américain", "Washington"),
    ("l'Iran", "Iran", "iranien", "Téhéran"),
    ("les Émirats arabes unis", "the United Arab Emirates", "émirien", "Abou Dhabi"),
    ("l'Ukraine", "Ukraine", "ukrainien", "Kiev"),
]
RECIPIENTS = [  # (name fr, name en, adjective m., capital, towns, adj. f.)
    ("le Mali", "Mali", "malien", "Bamako", ["Gao", "Tombouctou", "Mopti", "Kidal", "Sévaré"], "malienne"),
    ("le Niger", "Niger", "nigérien", "Niamey", ["Agadez", "Tahoua", "Diffa", "Zinder"], "nigérienne"),
    ("le Burkina Faso", "Burkina Faso", "burkinabè", "Ouagadougou", ["Bobo-Dioulasso", "Djibo", "Kaya", "Fada N'Gourma"], "burkinabè"),
    ("le Tchad", "Chad", "tchadien", "N'Djamena", ["Abéché", "Faya-Largeau", "Moundou"], "tchadienne"),
    ("le Sénégal", "Senegal", "sénégalais", "Dakar", ["Thiès", "Saint-Louis", "Ziguinchor"], "sénégalaise"),
    ("la Mauritanie", "Mauritania", "mauritanien", "Nouakchott", ["Atar", "Néma"], "mauritanienne"),
    ("la Côte d'Ivoire", "Côte d'Ivoire", "ivoirien", "Abidjan", ["Bouaké", "Korhogo"], "ivoirienne"),
    ("le Togo", "Togo", "togolais", "Lomé", ["Dapaong", "Kara"], "togolaise"),
    ("le Bénin", "Benin", "béninois", "Cotonou", ["Parakou", "Natitingou"], "béninoise"),
    ("la Guinée", "Guinea", "guinéen", "Conakry", ["Kankan", "Labé"], "guinéenne"),
]
EQUIPMENT = [  # (designation, noun fr singular, plural, noun en plural)
    ("Mi-24", "hélicoptère de combat", "hélicoptères de combat", "attack helicopters"),
    ("Mi-171Sh", "hélicoptère", "hélicoptères", "helicopters"),
    ("Mi-8", "hélicoptère de transport", "hélicoptères de transport", "transport helicopters"),
    ("Bayraktar TB2", "drone", "drones", "drones"),
    ("Bayraktar Akinci", "drone armé", "drones armés", "armed drones"),
    ("L-39", "avion d'entraînement", "avions d'entraînement", "trainer jets"),
    ("Su-25", "avion d'attaque", "avions d'attaque", "attack aircraft"),
    ("Casa C-295", "avion de transport", "avions de transport", "transport aircraft"),
    ("BTR-80", "blindé", "blindés", "armoured vehicles"),
    ("Otokar Cobra", "véhicule blindé", "véhicules blindés", "armoured vehicles"),
    ("Wing Loong II", "drone de combat", "drones de combat", "combat drones"),
    ("Pantsir-S1", "système de défense aérienne", "systèmes de défense aérienne", "air defence systems"),
]
OUTLETS = ["sahel-matin", "bamako-direct", "niger-soir", "faso-actu", "le-reporter",
           "afrique-defense", "military-aviation", "sahel-weekly", "ouaga-info",
           "tchad-infos", "dakar-matin", "abidjan-net", "lome-hebdo", "cotonou-actu",
           "conakry-live", "nouakchott-info", "defense-news-africa", "aero-afrique",
           "journal-du-sahel", "la-voix-du-nord-mali", "sahel-security", "west-africa-wire"]
WIRES = ["agence-sahel-presse", "afrique-wire", "pan-african-news"]
FIRST = ["Moussa", "Aminata", "Ibrahim", "Fatoumata", "Abdoulaye", "Mariam", "Oumar",
         "Salif", "Awa", "Boubacar", "Hamidou", "Kadiatou", "Seydou", "Ramatou",
         "Issa", "Adama", "Hawa", "Souleymane", "Djénéba", "Yacouba"]
LAST = ["Traoré", "Diallo", "Coulibaly", "Keïta", "Ouédraogo", "Sawadogo", "Maïga",
        "Cissé", "Touré", "Sanogo", "Konaté", "Diarra", "Kaboré", "Mahamadou",
        "Issoufou", "Deby", "Ndiaye", "Sow", "Barry", "Camara"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
NUM_FR = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
          "neuf", "dix", "onze", "douze"]
FURNITURE = ["Partagez sur Facebook", "Partager sur WhatsApp", "Laisser un commentaire",
             "Votre adresse e-mail ne sera pas publiée.", "Publicité",
             "Abonnez-vous à notre newsletter", "Share on X", "Related articles"]
# Background sentences are assembled from parts, so that two articles
# about different events share words but almost never whole sentences (as
# in real news), and only syndicated copies look alike.
OPENERS_FR = ["Selon", "D'après", "Pour", "Comme le rappelle"]
SAYERS_FR = ["un officier joint par téléphone", "un diplomate en poste à {cap}",
             "un chercheur spécialiste du Sahel", "une source sécuritaire",
             "le porte-parole du gouvernement {person}", "le colonel {person}",
             "un élu local de {town}", "une organisation de la société civile",
             "l'analyste {person}", "un ancien ministre"]
CLAIMS_FR = ["les équipages sont déjà formés", "d'autres livraisons suivront",
             "la situation reste tendue autour de {town}",
             "le budget de la défense a doublé en {n} ans",
             "les attaques ont baissé de {n} % depuis le début de l'année",
             "la coopération avec {sup} remonte à {n} ans",
             "plusieurs contrats restent confidentiels",
             "l'entretien des appareils coûtera cher",
             "les populations de {town} attendent des résultats concrets",
             "les frontières du nord restent poreuses",
             "{n} bataillons seront réorganisés d'ici la fin de l'année",
             "la priorité reste la reconquête du territoire"]
TAILS_FR = ["", " depuis plusieurs mois", " à en croire les chiffres officiels",
            " malgré les critiques", ", sans plus de précisions",
            " lors d'un point de presse", " dans un entretien accordé à notre rédaction"]
OPENERS_EN = ["According to", "In the view of", "As noted by", "For"]
SAYERS_EN = ["an officer reached by phone", "a diplomat based in {cap}",
             "a Sahel security researcher", "government spokesman {person}",
             "colonel {person}", "a local official in {town}", "analyst {person}"]
CLAIMS_EN = ["the crews have already been trained", "more deliveries will follow",
             "the situation around {town} remains tense",
             "the defence budget has doubled in {n} years",
             "attacks fell by {n} percent this year",
             "cooperation with {sup} goes back {n} years",
             "several contracts remain confidential",
             "{n} battalions will be reorganised by the end of the year"]


def filler(r, e, fr):
    o, s, c = ((OPENERS_FR, SAYERS_FR, CLAIMS_FR) if fr
               else (OPENERS_EN, SAYERS_EN, CLAIMS_EN))
    sent = f"{r.choice(o)} {r.choice(s)}, {r.choice(c)}"
    if fr:
        sent += r.choice(TAILS_FR)
    return sent.format(cap=e.rec[3], person=person(r), town=r.choice(e.rec[4]),
                       n=r.randint(2, 40), sup=e.sup[0] if fr else e.sup[1]) + "."


def person(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def cap(s):
    return s[:1].upper() + s[1:]


def bare(name):
    """'le Mali' -> 'Mali', "la Côte d'Ivoire" -> "Côte d'Ivoire"."""
    for art in ("le ", "la ", "les ", "l'"):
        if name.startswith(art):
            return name[len(art):]
    return name


def pl(adj):
    """French plural of an adjective: 'malien' -> 'maliens', 'français' stays."""
    return adj if adj[-1] in "sxè" else adj + "s"


def qty_fr(n):
    return NUM_FR[n] if n < len(NUM_FR) else str(n)


class Event:
    def __init__(self, r, i):
        self.kind = r.choices(["DELIVERY", "ORDER", "TRAINING", "DEPLOYMENT", "VISIT",
                               "WITHDRAWAL", "ATTACK"], [40, 12, 10, 10, 12, 6, 10])[0]
        self.sup = r.choice(SUPPLIERS)
        self.rec = r.choice(RECIPIENTS)
        self.eq = r.choice(EQUIPMENT)
        self.qty = r.choice([1, 2, 2, 3, 4, 4, 5, 6, 8, 10, 12, 24])
        self.y, self.m, self.d = r.randint(2015, 2025), r.randint(1, 12), r.randint(1, 28)
        self.town = r.choice([self.rec[3]] * 2 + self.rec[4])
        self.official = person(r)
        self.troops = r.choice([50, 100, 150, 200, 300, 400])
        self.id = i


def date_fr(e, r, day_shift=0):
    d = e.d + day_shift
    style = r.random()
    if style < 0.6:
        return f"le {d} {MONTHS_FR[e.m - 1]} {e.y}"
    if style < 0.8:
        return f"{DAYS_FR[(e.y + e.m * 3 + d) % 7]} {d} {MONTHS_FR[e.m - 1]}"
    return f"en {MONTHS_FR[e.m - 1]} {e.y}"


def date_en(e, r, day_shift=0):
    return f"on {MONTHS_EN[e.m - 1]} {e.d + day_shift}, {e.y}"


def lead_fr(e, r, q, shift):
    s, rc, eq = e.sup, e.rec, e.eq
    when = date_fr(e, r, shift)
    k = e.kind
    if k == "DELIVERY":
        return r.choice([
            f"{cap(qty_fr(q))} {eq[2]} {eq[0]} livrés par {s[0]} ont été réceptionnés {when} à {e.town}.",
            f"{cap(s[0])} a livré {qty_fr(q)} {eq[2]} {eq[0]} aux forces armées de {bare(rc[0])} {when}.",
            f"L'armée {rc[5]} a pris livraison {when} de {qty_fr(q)} {eq[2]} {eq[0]} fournis par {s[0]}.",
        ])
    if k == "ORDER":
        return f"{cap(rc[0])} a signé {when} un contrat avec {s[0]} pour l'achat de {qty_fr(q)} {eq[2]} {eq[0]}."
    if k == "TRAINING":
        return f"Des instructeurs {pl(s[2])} sont arrivés {when} à {e.town} pour former les pilotes {pl(rc[2])}."
    if k == "DEPLOYMENT":
        return f"Environ {e.troops} militaires {pl(s[2])} ont été déployés {when} à {e.town}, a annoncé le gouvernement {rc[2]}."
    if k == "VISIT":
        return f"Le ministre {s[2]} de la Défense, {e.official}, est arrivé {when} à {rc[3]} pour une visite officielle."
    if k == "WITHDRAWAL":
        return f"Les derniers soldats {pl(s[2])} ont quitté {bare(rc[0])} {when}, mettant fin à leur mission."
    return f"Des hommes armés ont attaqué {when} un poste de l'armée {rc[5]} près de {e.town}, faisant plusieurs victimes."


def lead_en(e, r, q, shift):
    s, rc, eq = e.sup, e.rec, e.eq
    when = date_en(e, r, shift)
    k = e.kind
    if k == "DELIVERY":
        return f"{rc[1]} took delivery of {q} {eq[0]} {eq[3]} from {s[1]} {when} in {e.town}."
    if k == "ORDER":
        return f"{rc[1]} signed a contract with {s[1]} {when} for {q} {eq[0]} {eq[3]}."
    if k == "TRAINING":
        return f"Instructors from {s[1]} arrived in {e.town} {when} to train {rc[1]}'s pilots."
    if k == "DEPLOYMENT":
        return f"About {e.troops} troops from {s[1]} were deployed to {e.town} {when}."
    if k == "VISIT":
        return f"{s[1]}'s defence minister {e.official} arrived in {rc[3]} {when} for an official visit."
    if k == "WITHDRAWAL":
        return f"The last soldiers from {s[1]} left {rc[1]} {when}, ending their mission."
    return f"Gunmen attacked an army post near {e.town} in {rc[1]} {when}, killing several soldiers."


def title_of(e, fr, r):
    if fr:
        return r.choice([f"{bare(e.rec[0])} : nouvelle étape dans la coopération avec {e.sup[0]}",
                         f"Défense : {e.sup[3]} et {e.rec[3]} resserrent leurs liens",
                         f"{e.town} : ce que l'on sait",
                         f"Sécurité : l'armée {e.rec[5]} se renforce"])
    return r.choice([f"{e.rec[1]} and {e.sup[1]} deepen defence ties",
                     f"{e.town}: what we know", f"{e.rec[1]} military update"])


def article(e, r, q, shift):
    fr = r.random() < 0.7
    lead = (lead_fr if fr else lead_en)(e, r, q, shift)
    fill = [filler(r, e, fr) for _ in range(r.randint(2, 5))]
    paras = [lead + " " + fill[0]] + fill[1:]
    title = title_of(e, fr, r)
    return fr, title, paras


def furnish(paras, r):
    out = []
    if r.random() < 0.5:
        out.append("Accueil | Politique | Sécurité | Société")
    for p in paras:
        out.append(p)
        if r.random() < 0.3:
            out.append(r.choice(FURNITURE))
    if r.random() < 0.5:
        out.append(f"Visiteurs : {r.randint(100, 99999)}")
    return "\n\n".join(out) + "\n"


def pub_date(e, r):
    y, m, d = e.y, e.m, e.d + r.randint(0, 3)
    return f"{y:04d}-{m:02d}-{d:02d}"


def tell(e, r, emit):
    """All the documents that report one event."""
    n = r.choice([1, 2, 3, 3, 4, 4, 5, 6])
    wire = None
    for k in range(n):
        q = e.qty if r.random() < 0.85 else max(1, e.qty + r.choice([-2, 2]))
        shift = 0 if r.random() < 0.9 else 1
        fr, title, paras = article(e, r, q, shift)
        host = r.choice(OUTLETS) if k else r.choice(OUTLETS + WIRES)
        if host in WIRES:
            wire = (title, paras)
        emit(host, title, furnish(paras, r), "fr" if fr else "en", pub_date(e, r))
    if wire and r.random() < 0.8:  # syndicated copies of the wire story
        for _ in range(r.randint(1, 3)):
            title, paras = wire
            paras = list(paras)
            if r.random() < 0.5:
                paras.append(filler(r, e, True))
            emit(r.choice(OUTLETS), f"{title} (dépêche)", furnish(paras, r), "fr", pub_date(e, r))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    out = sys.stdout
    count = [0]

    def emit(host, title, text, lang, published):
        if count[0] >= a.docs:
            return
        i = count[0]
        count[0] += 1
        rec = {"id": f"g{i:07d}", "url": f"https://www.{host}.example/{published[:4]}/{i}",
               "published": published, "lang": lang, "title": title,
               "text": f"{title}\n\n{text}"}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")

    events = 0
    while count[0] < a.docs:
        tell(Event(r, events), r, emit)
        events += 1
    print(f"gen_corpus: {count[0]} documents, {events} events, seed {a.seed}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
