#!/usr/bin/env python3
"""Date finding, dateparser side, and the scorer for both systems.

  dates_dateparser.py run CASES.tsv PRED.tsv [MIN_SECONDS]
      dateparser.search.search_dates on every sentence (languages fr,
      RELATIVE_BASE = the anchor, PREFER_DATES_FROM past): writes the dates
      found (one line a case) and prints one timing line.
  dates_dateparser.py score CASES.tsv NAME=PRED.tsv=TIMING ...
      scores each system's predictions against the expected values and
      prints found / correct / texts per second, then the speed ratio.

A found value is correct when it equals an expected one on as many
components as the expected value has ("2024-09" matches "2024-09-18");
matching is one-to-one within a sentence. Unresolved hits ("~") count as
found, never as correct.
"""
import datetime
import sys
import time


def load_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            anchor, expected, text = line.split("\t", 2)
            exp = [] if expected == "-" else expected.split()
            cases.append((anchor, exp, text))
    return cases


def run(cases_path, pred_path, min_seconds):
    from dateparser.search import search_dates

    cases = load_cases(cases_path)

    def find(anchor, text):
        settings = {"PREFER_DATES_FROM": "past"}
        if anchor != "-":
            settings["RELATIVE_BASE"] = datetime.datetime.fromisoformat(anchor)
        found = search_dates(text, languages=["fr"], settings=settings)
        return [d.strftime("%Y-%m-%d") for _, d in (found or [])]

    with open(pred_path, "w", encoding="utf-8") as out:
        for i, (anchor, _, text) in enumerate(cases):
            out.write("%d\t%s\n" % (i, " ".join(find(anchor, text))))
    texts, checksum = 0, 0
    t0 = time.perf_counter()
    while True:
        for anchor, _, text in cases:
            checksum = (checksum * 31 + len(find(anchor, text))) % (1 << 61)
        texts += len(cases)
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            break
    print("dateparser\ttexts=%d\tseconds=%.3f\ttexts_per_sec=%.1f\tchecksum=%d"
          % (texts, elapsed, texts / elapsed, checksum))


def load_pred(path, n):
    pred = [[] for _ in range(n)]
    with open(path, encoding="utf-8") as f:
        for line in f:
            idx, _, vals = line.rstrip("\r\n").partition("\t")
            pred[int(idx)] = vals.split()
    return pred


def score_one(expected, found):
    used = [False] * len(found)
    correct = 0
    for e in expected:
        for j, v in enumerate(found):
            if not used[j] and v != "~" and v[: len(e)] == e:
                used[j] = True
                correct += 1
                break
    return correct


def timing_field(line, name):
    for part in line.split("\t"):
        if part.startswith(name + "="):
            return float(part.split("=", 1)[1])
    return 0.0


def score(cases_path, systems):
    cases = load_cases(cases_path)
    n_exp = sum(len(e) for _, e, _ in cases)
    print("%d sentences, %d expected dates" % (len(cases), n_exp))
    print("%-11s %6s %8s %9s %7s %6s %13s" % (
        "system", "found", "correct", "precision", "recall", "exact",
        "texts/s"))
    speeds = {}
    misses = {}
    for spec in systems:
        name, pred_path, timing = spec.split("=", 2)
        pred = load_pred(pred_path, len(cases))
        found = sum(len(p) for p in pred)
        correct = 0
        exact = 0  # sentences whose dates are all right and nothing else
        misses[name] = []
        for i, (_, exp, text) in enumerate(cases):
            c = score_one(exp, pred[i])
            correct += c
            if c == len(exp) and len(pred[i]) == len(exp):
                exact += 1
            else:
                misses[name].append((i, exp, pred[i], text))
        tps = timing_field(timing, "texts_per_sec")
        speeds[name] = tps
        print("%-11s %6d %8d %9.3f %7.3f %6d %13.1f" % (
            name, found, correct, correct / found if found else 0.0,
            correct / n_exp if n_exp else 0.0, exact, tps))
    names = [s.split("=", 1)[0] for s in systems]
    if len(names) == 2 and speeds[names[1]]:
        print("speed ratio %s/%s: %.0fx" % (
            names[0], names[1], speeds[names[0]] / speeds[names[1]]))
    for name in names:
        print("\n%s: %d sentences not exactly right" % (name, len(misses[name])))
        for i, exp, got, text in misses[name]:
            print("  #%d expected %s got %s | %s" % (
                i, " ".join(exp) or "-", " ".join(got) or "-", text))


def main(argv):
    if len(argv) >= 3 and argv[1] == "run":
        run(argv[2], argv[3], float(argv[4]) if len(argv) > 4 else 1.0)
    elif len(argv) >= 4 and argv[1] == "score":
        score(argv[2], argv[3:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
