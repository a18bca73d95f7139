#!/usr/bin/python3
"""Scores main-text predictions against an extraction ground truth and prints
the comparison table of bench/extraction.sh.

Usage:
  score_extraction.py GROUND_TRUTH.json --system NAME PRED.jsonl SECONDS
                      [--system ...] [--per-page NAME]

PRED lines are either {"id", "text"} (the peers' helpers) or kibaru's
`text --format jsonl` records {"doc", "text", "body_start"}: there the id is
the file name without .html.gz and the text is the body only (the bytes from
body_start, the title being metadata). A page without a line counts as empty.

Metric (the source benchmark's, see the data README): tokens are \\w+ runs;
each text is the multiset of its 4-token shingles (one shorter shingle when
it has 1 to 3 tokens); per page tp, fp, fn are the multiset overlaps
normalised by tp+fp+fn; precision is averaged over pages with a non-empty
prediction, recall over pages with a non-empty truth; F1 = 2PR/(P+R) of the
two averages; accuracy is the share of pages whose token sequence equals the
truth's."""
import json
import os
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    return TOKEN.findall(text or "")


def shingles(toks, n=4):
    if not toks:
        return Counter()
    return Counter(" ".join(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_counts(true_toks, pred_toks):
    t, p = shingles(true_toks), shingles(pred_toks)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def score(truth, preds, per_page=None):
    precs, recs, exact = [], [], 0
    for pid, rec in truth.items():
        true_toks = tokens(rec.get("articleBody", ""))
        pred_toks = tokens(preds.get(pid, ""))
        tp, fp, fn = page_counts(true_toks, pred_toks)
        if pred_toks:
            precs.append(tp / (tp + fp) if tp + fp else 0.0)
        if true_toks:
            recs.append(tp / (tp + fn) if tp + fn else 0.0)
        exact += true_toks == pred_toks
        if per_page is not None:
            per_page.append((pid, tp, fp, fn))
    p, r = mean(precs), mean(recs)
    return {
        "pages": len(truth),
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "precision": p,
        "recall": r,
        "accuracy": exact / len(truth) if truth else 0.0,
    }


def page_id(path):
    name = os.path.basename(path)
    for ext in (".gz", ".html", ".htm"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name


def load_predictions(path):
    preds = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if "doc" in rec:  # kibaru: body only, offsets are bytes
                body = rec["text"].encode("utf-8")[rec.get("body_start", 0) :]
                preds[page_id(rec["doc"])] = body.decode("utf-8", "replace")
            else:
                preds[rec["id"]] = rec.get("text") or ""
    return preds


def parse_args(argv):
    truth, systems, per_page = None, [], None
    i = 0
    while i < len(argv):
        if argv[i] == "--system":
            systems.append((argv[i + 1], argv[i + 2], float(argv[i + 3])))
            i += 4
        elif argv[i] == "--per-page":
            per_page = argv[i + 1]
            i += 2
        else:
            truth = argv[i]
            i += 1
    return truth, systems, per_page


def main():
    truth_path, systems, per_page_name = parse_args(sys.argv[1:])
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    rows = []
    for name, pred, secs in systems:
        pages = [] if name == per_page_name else None
        r = score(truth, load_predictions(pred), pages)
        r["name"], r["pps"] = name, (r["pages"] / secs if secs > 0 else 0.0)
        rows.append(r)
        for pid, tp, fp, fn in sorted(pages or [], key=lambda x: x[1]):
            print("  %s tp=%.3f fp=%.3f fn=%.3f" % (pid[:16], tp, fp, fn), file=sys.stderr)
    print("%-22s %6s %7s %9s %7s %8s %9s" % ("system", "pages", "F1", "precision", "recall", "accuracy", "pages/s"))
    for r in rows:
        print("%-22s %6d %7.4f %9.4f %7.4f %8.4f %9.1f" % (
            r["name"], r["pages"], r["f1"], r["precision"], r["recall"], r["accuracy"], r["pps"]))
    ours = [r for r in rows if r["name"].startswith("kibaru") and r["pps"] > 0]
    peers = [r for r in rows if not r["name"].startswith("kibaru") and r["pps"] > 0]
    for k in ours:
        for r in peers:
            print("speed ratio %s / %s: %.1fx" % (k["name"], r["name"], k["pps"] / r["pps"]))


if __name__ == "__main__":
    main()
