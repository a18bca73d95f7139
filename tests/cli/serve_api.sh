#!/usr/bin/env bash
# kibaru serve: the JSON API over a database built from the sample corpus
# and the fusion set (answers equal to the CLI's, highlight offsets into the
# stored text), then hostile requests: path traversal, malformed and huge
# parameters, SQL metacharacters, other methods, a foreign Host. Each gets a
# 4xx JSON error, and afterwards the database file is byte-for-byte the same
# and passes PRAGMA integrity_check.
set -u
bin=$1
root=${KB_ROOT:?KB_ROOT not set}
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$root" || exit 1

if ! "$bin" ingest --quiet --db "$tmp/k.db" corpus/sample tests/fusion/docs.jsonl \
  2>"$tmp/ingest.err"; then
  cat "$tmp/ingest.err"
  grep -q "cannot open lexicon" "$tmp/ingest.err" && exit 77
  exit 1
fi
before=$(sha256sum "$tmp/k.db" | cut -d' ' -f1)

"$bin" serve --db "$tmp/k.db" --port 0 --web "$root/web" >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|^kibaru: serving http://127\.0\.0\.1:\([0-9]*\)/ (db: .*)$|\1|p' "$tmp/out")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "serve did not start"; cat "$tmp/out" "$tmp/err"; exit 1
fi

python3 - "$bin" "$tmp/k.db" "$port" <<'PY' || exit 1
import http.client, json, socket, subprocess, sys

bin, db, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fail = []

def check(c, msg):
    if not c:
        fail.append(msg)
        print("FAIL:", msg)

def request(path, method="GET", headers=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.putrequest(method, path, skip_accept_encoding=True,
                     skip_host="Host" in (headers or {}))
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        if body is not None:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders(body)
        r = c.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    except (ConnectionError, http.client.HTTPException) as e:
        return 0, "", str(e).encode()
    finally:
        c.close()

def get(path):
    st, ct, body = request(path)
    check(st == 200, "%s: status %d %s" % (path, st, body[:200]))
    check(ct.startswith("application/json"), "%s: content type %s" % (path, ct))
    return json.loads(body) if st == 200 else {}

def cli(*args):
    out = subprocess.run([bin, *args, "--db", db, "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]

# ---- the API answers -----------------------------------------------------
idx = get("/api/")
check("DELIVERY" in idx.get("types", []), "index lists the types")

for query, args in [("", []), ("type=DELIVERY", ["--type", "DELIVERY"]),
                    ("min_sources=2", ["--min-sources", "2"]),
                    ("since=2024-01&until=2024-12", ["--since", "2024-01", "--until", "2024-12"]),
                    ("actor=rus&modality=asserted", ["--actor", "rus", "--modality", "asserted"]),
                    ("place=niamey", ["--place", "niamey"]),
                    ("q=helicopt*", ["--q", "helicopt*"])]:
    api = get("/api/clusters?" + query)
    ref = cli("clusters", *args)
    check([c["id"] for c in api.get("clusters", [])] == [c["id"] for c in ref],
          "clusters?%s equals kibaru clusters %s" % (query, " ".join(args)))
    check(api.get("count") == len(ref) and api.get("truncated") is False,
          "clusters?%s count" % query)
    ev = get("/api/events?" + query)
    ref = cli("events", *args)
    check([e["id"] for e in ev.get("events", [])] == [e["id"] for e in ref],
          "events?%s equals kibaru events" % query)

clusters = get("/api/clusters")["clusters"]
check(len(clusters) >= 10, "the sample gives clusters: %d" % len(clusters))
check(all(c["type"] == "DELIVERY" for c in get("/api/clusters?type=delivery")["clusters"]),
      "type filter ignores case")
cut = get("/api/clusters?limit=1")
check(cut.get("count") == 1 and cut.get("truncated") is True, "limit cuts and says so")

multi = max(clusters, key=lambda c: (c["n_sources"], c["n_events"]))
check(multi["n_sources"] >= 2, "a cluster told by several publishers")
one = get("/api/clusters/" + multi["id"])
check(one.get("id") == multi["id"] and len(one.get("evidence", [])) == multi["n_events"],
      "one cluster with every piece of evidence")
check(isinstance(one.get("conflicts"), list), "conflicts listed")
for ev in one.get("evidence", []):
    doc = get("/api/documents?id=" + __import__("urllib.parse").parse.quote(ev["doc"], safe=""))
    text = doc.get("text", "").encode()
    check(text[ev["start"]:ev["end"]].decode() == ev["text"],
          "evidence offsets point into the document text (%s)" % ev["doc"])
    hl = [h for h in doc.get("highlights", []) if h["event"] == ev["event"]]
    check(len(hl) == 1 and hl[0]["cluster"] == multi["id"] and
          text[hl[0]["start"]:hl[0]["end"]].decode() == hl[0]["text"],
          "the document's highlights hold the evidence of %s" % ev["event"])
evid = one["evidence"][0]["event"] if one.get("evidence") else "ev-0"
check(get("/api/events/" + evid).get("id") == evid, "one event")

docs = get("/api/documents")
check(docs.get("count", 0) >= 14 and all("title" in d for d in docs["documents"]),
      "documents listed")
actors = get("/api/actors")
check(any(a["code"] == "RUS" for a in actors.get("actors", [])), "actors: RUS")
check(all({"source", "target", "type", "clusters"} <= set(l) for l in actors.get("links", [])) and
      actors.get("links"), "actor links")
check(all(l["type"] == "DELIVERY" for l in get("/api/actors?type=DELIVERY")["links"]),
      "actor links filtered")
counts = get("/api/counts")
tot = counts.get("totals", [{}])[0]
check(tot.get("clusters") == len(clusters) == tot.get("matching"), "counts: clusters")
check(sum(t["clusters"] for t in counts.get("by_type", [])) == len(clusters), "counts by type")
check(sum(m["clusters"] for m in counts.get("by_month", [])) + tot.get("undated", 0) ==
      len(clusters), "counts by month + undated")
n_del = len([c for c in clusters if c["type"] == "DELIVERY"])
check(get("/api/counts?type=DELIVERY")["totals"][0]["matching"] == n_del, "counts filtered")

for path in ("/", "/index.html", "/app.js", "/style.css"):
    st, ct, body = request(path)
    check(st == 200 and body, "%s served" % path)
st, _, _ = request("/", "HEAD")
check(st == 200, "HEAD /")

# ---- hostile requests: 4xx, JSON error, nothing leaked ---------------------
def refused(path, why, method="GET", headers=None, body=None, codes=range(400, 500)):
    st, ct, data = request(path, method, headers, body)
    ok = st in codes
    if ok and st != 0:
        try:
            ok = "error" in json.loads(data)
        except ValueError:
            ok = st in (413, 414, 431)  # refused by libmicrohttpd itself
    check(ok and b"root:" not in data and b"[core]" not in data,
          "%s: %s -> %d %s" % (why, path[:80], st, data[:120]))
    return st

for p in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
          "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/vendor/..%2f..%2f..%2fetc%2fpasswd",
          "/..%5c..%5cetc%5cpasswd", "/\\..\\..\\etc\\passwd", "/%252e%252e/etc/passwd",
          "/app.js%00.png", "/index.html%00", "//etc/passwd", "/.git/config",
          "/node_modules/leaflet/package.json", "/web/../package.json",
          "/vendor/../../.git/config", "/api/../../etc/passwd",
          "http://127.0.0.1/../../etc/passwd", "/etc/passwd", "/vendor/"]:
    refused(p, "traversal")
for q in ["since=notadate", "since=2024-13", "since=24-01", "until=2024-01-01x",
          "min_sources=-1x", "min_sources=abc", "min_sources=99999999999999999999",
          "limit=0", "limit=1e3", "limit=100000", "type=NOPE", "modality=sure",
          "actor=R%C3%9AS", "foo=1", "type=ORDER&type=VISIT", "place=a%01b",
          "place=%FF%FE", "q=%22unbalanced", "q=" + "x" * 300, "type",
          "place=" + "A" * 100000]:
    refused("/api/clusters?" + q, "bad parameter")
    refused("/api/events?" + q, "bad parameter")
refused("/api/counts?since=notadate", "bad parameter")
refused("/api/counts?q=%22unbalanced", "bad full-text query")
refused("/api/actors?q=NEAR(", "bad full-text query")
refused("/api/actors?min_sources=-1x", "bad parameter")
refused("/api/documents?limit=-1", "bad parameter")
refused("/api/clusters?place=" + "A" * 1000000, "huge parameter")
refused("/api/clusters?" + "&".join("k%d=1" % i for i in range(40)), "many parameters")
sqli = "%27%3B%20DROP%20TABLE%20events%3B%20--"  # '; DROP TABLE events; --
for p in ["/api/clusters?type=" + sqli, "/api/events?actor=" + sqli,
          "/api/clusters?since=" + sqli, "/api/clusters/cl-%27%20OR%20%271%27%3D%271",
          "/api/documents?id=" + sqli, "/api/clusters?limit=1%3BDROP",
          "/api/events/" + sqli, "/api/nope", "/api/counts?q=" + sqli]:
    refused(p, "SQL metacharacters")
check(get("/api/clusters?place=" + sqli).get("count") == 0, "SQL as a place: no cluster")
check(get("/api/events?place=" + sqli).get("count") == 0, "SQL as a place: no event")
check(get("/api/counts?place=" + sqli)["totals"][0]["matching"] == 0, "SQL as a place: counts")
check(get("/api/actors?place=" + sqli) == {"links": [], "actors": []}, "SQL as a place: actors")
check(get("/api/clusters?q=%22" + sqli + "%22").get("count") == 0, "SQL as a phrase: nothing")
for m in ["POST", "PUT", "DELETE", "PATCH"]:
    refused("/api/clusters", "method " + m, m, body=b"x=1")
refused("/api/clusters", "foreign Host", headers={"Host": "evil.example"})
refused("/api/clusters", "GET with a body", body=b"type=DELIVERY")

# Raw request lines: no path at all is refused; a NUL byte is cut by
# libmicrohttpd before the handler sees the path, so the most it can get is
# the file of the allow-list named before the NUL.
app_js = request("/app.js")[2]
def raw(line):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(line)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return (head.split(b" ", 2)[1] if head.startswith(b"HTTP/") else b"closed"), body
st, _ = raw(b"GET ../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
check(st.startswith(b"4") or st == b"closed", "raw relative path -> %r" % st)
st, body = raw(b"GET /app.js\x00/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
check(st.startswith(b"4") or st == b"closed" or body == app_js, "raw NUL -> %r" % st)

after = get("/api/counts")
check(after == counts, "the server still answers the same after the attacks")
sys.exit(1 if fail else 0)
PY

# A clean stop on SIGTERM, and nothing from the sanitizers in an ASan build.
kill "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc -ne 0 ] || ! grep -q "stopped" "$tmp/err" || grep -q "Sanitizer" "$tmp/err"; then
  echo "serve did not stop cleanly (status $rc)"; cat "$tmp/err"; exit 1
fi
after=$(sha256sum "$tmp/k.db" | cut -d' ' -f1)
if [ "$before" != "$after" ]; then echo "database file changed"; exit 1; fi
python3 - "$tmp/k.db" <<'PY' || exit 1
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
ok = c.execute("PRAGMA integrity_check").fetchone()[0]
n = c.execute("SELECT count(*) FROM events").fetchone()[0]
print("integrity_check:", ok, "events:", n)
sys.exit(0 if ok == "ok" and n > 0 else 1)
PY
