#!/usr/bin/python3
"""Peer for bench/extraction.sh: readability-lxml (Debian python3-readability).

Usage: extract_lxml.py OUT.jsonl FILE.html.gz...
Writes {"id","text"} lines to OUT (text of Document(html).summary() via lxml)
and prints the extraction time in seconds. Files are read and gunzipped
before the clock starts, so only parsing and extraction count."""
import gzip
import json
import logging
import os
import sys
import time

import lxml.html
from readability import Document


def page_id(path):
    name = os.path.basename(path)
    for ext in (".gz", ".html", ".htm"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def extract(html):
    try:
        summary = Document(html).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content()
    except Exception:  # a peer failing on a page scores it as empty
        return ""


def main():
    logging.disable(logging.CRITICAL)
    out, files = sys.argv[1], sys.argv[2:]
    pages = [(page_id(f), read(f)) for f in files]
    t0 = time.perf_counter()
    texts = [(pid, extract(html)) for pid, html in pages]
    secs = time.perf_counter() - t0
    with open(out, "w", encoding="utf-8") as f:
        for pid, text in texts:
            f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False))
            f.write("\n")
    print("%.4f" % secs)


if __name__ == "__main__":
    main()
