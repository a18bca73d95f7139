#!/usr/bin/env python3
"""Validate tests/gold: JSON lines parse, evidence is an exact substring of the
doc text, doc ids exist, fields use the allowed values. Prints counts.
Usage: python3 tests/gold/check.py [DIR]   (exit 1 on any problem)"""
import json, os, re, sys, collections

TYPES = {"DELIVERY", "ORDER", "INTENT_ACQUIRE", "PRODUCTION", "AGREEMENT", "VISIT",
         "MEETING", "TRAINING", "DEPLOYMENT", "WITHDRAWAL", "ATTACK"}
CATS = {"helicopter", "combat_aircraft", "trainer_aircraft", "transport_aircraft", "drone",
        "armored_vehicle", "air_defense", "artillery", "small_arms", "ammunition", "radar",
        "naval", "other"}
MODS = {"asserted", "reported", "hedged", "planned", "denied"}
NONSTATE = {"WAGNER", "UN", "AES", "ECOWAS", "EU", "NATO", "JNIM", "ISSP", "FLA", "ARMED_GROUP"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

def main(d):
    errs = []
    docs = {}
    for n, line in enumerate(open(os.path.join(d, "docs.jsonl"), encoding="utf-8"), 1):
        r = json.loads(line)
        for k in ("id", "url", "published", "lang", "title", "text"):
            if k not in r: errs.append(f"docs:{n}: missing {k}")
        if r["id"] in docs: errs.append(f"docs:{n}: duplicate id {r['id']}")
        if r.get("lang") not in ("fr", "en"): errs.append(f"docs:{n}: bad lang")
        if not DATE.match(r.get("published") or ""): errs.append(f"docs:{n}: bad published")
        w = len(r["text"].split())
        if not 120 <= w <= 300: errs.append(f"docs:{n}: {r['id']} has {w} words")
        docs[r["id"]] = r
    by_type = collections.Counter(); by_lang = collections.Counter()
    type_lang = collections.Counter(); mods = collections.Counter(); per_doc = collections.Counter()
    for n, line in enumerate(open(os.path.join(d, "gold.jsonl"), encoding="utf-8"), 1):
        g = json.loads(line)
        where = f"gold:{n}"
        doc = docs.get(g.get("doc"))
        if doc is None:
            errs.append(f"{where}: unknown doc {g.get('doc')}"); continue
        if g["type"] not in TYPES: errs.append(f"{where}: bad type {g['type']}")
        for role in ("source", "target"):
            c = g[role]
            if c is not None and not (c in NONSTATE or re.match(r"^[A-Z]{3}$", c)):
                errs.append(f"{where}: bad {role} {c}")
        if g["target"] is None: errs.append(f"{where}: target is null")
        for e in g["equipment"]:
            if e["category"] not in CATS: errs.append(f"{where}: bad category {e['category']}")
            if e["quantity"] is not None and not isinstance(e["quantity"], int):
                errs.append(f"{where}: bad quantity")
        if g["date"] is not None and not DATE.match(g["date"]): errs.append(f"{where}: bad date")
        if g["modality"] not in MODS: errs.append(f"{where}: bad modality {g['modality']}")
        if not g["evidence"] or g["evidence"] not in doc["text"]:
            errs.append(f"{where}: evidence not in {g['doc']} text: {g['evidence'][:60]!r}")
        if not g.get("cluster"): errs.append(f"{where}: no cluster")
        by_type[g["type"]] += 1; by_lang[doc["lang"]] += 1
        type_lang[(g["type"], doc["lang"])] += 1; mods[g["modality"]] += 1; per_doc[g["doc"]] += 1
    n_docs = collections.Counter(r["lang"] for r in docs.values())
    print(f"docs: {len(docs)} ({dict(n_docs)}); events: {sum(by_type.values())} ({dict(by_lang)})")
    print(f"docs without events: {sorted(set(docs) - set(per_doc))}")
    for t in sorted(TYPES):
        fr, en = type_lang[(t, 'fr')], type_lang[(t, 'en')]
        flag = "" if (fr + en >= 3 and fr and en) else "   <-- coverage"
        print(f"  {t:15s} {fr+en:3d}  fr {fr:2d}  en {en:2d}{flag}")
    print("modality:", dict(mods))
    for e in errs: print("ERROR", e)
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
