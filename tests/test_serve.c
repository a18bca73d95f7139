/* kibaru serve without a browser: the JSON API (serve_api.c) called
 * directly over the hand-built multi-outlet set of store_fixture.h, a
 * hostile-request suite named by the status it expects, allocation
 * failures, and the server itself started on a free port and asked over a
 * socket. */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alloc.h"
#include "serve.h"
#include "store_fixture.h"
#include "test.h"

static char db_path[256];

static void build_db(void) {
  const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(db_path, sizeof db_path, "%s/kb_test_serve_%d.db", dir,
           (int)getpid());
  unlink(db_path);
  kb_error err = {0};
  kb_store *s = kb_store_open(db_path, 0, &err);
  CHECK(s && fx_ingest(s, 0, 1, NULL, &err) == KB_OK);
  CHECK(s && kb_store_fuse(s, NULL, &err) == KB_OK);
  kb_store_free(s);
}

static void remove_db(void) {
  char aux[300];
  unlink(db_path);
  snprintf(aux, sizeof aux, "%s-wal", db_path);
  unlink(aux);
  snprintf(aux, sizeof aux, "%s-shm", db_path);
  unlink(aux);
}

/* "k=v&k2=v2" into params, pointing into buf (no %-decoding: the HTTP
 * layer does that). A key without "=" has a NULL value. */
static size_t split(char *buf, kb_api_param *p, size_t max) {
  size_t n = 0;
  for (char *save = NULL, *kv = strtok_r(buf, "&", &save); kv && n < max;
       kv = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(kv, '=');
    if (eq) *eq = 0;
    p[n] = (kb_api_param){kv, eq ? eq + 1 : NULL, strlen(kv),
                          eq ? strlen(eq + 1) : 0};
    n++;
  }
  return n;
}

/* Status of GET path?query; *json gets the parsed body when wanted. */
static int call(kb_api_db *db, const char *path, const char *query,
                json_t **json) {
  char buf[8192];
  kb_api_param p[64];
  snprintf(buf, sizeof buf, "%s", query ? query : "");
  size_t n = query ? split(buf, p, 64) : 0;
  kb_api_reply r = {0};
  kb_api_handle(db, path, p, n, &r);
  json_t *j = r.body ? json_loadb(r.body, r.len, 0, NULL) : NULL;
  if (r.body && !j) fprintf(stderr, "not JSON: %.200s\n", r.body);
  CHECK(!r.body || j); /* every answer, error or not, is JSON */
  if (r.status >= 400 && j)
    CHECK(json_integer_value(json_object_get(json_object_get(j, "error"),
                                             "status")) == r.status);
  kb_free(r.body);
  if (json)
    *json = j;
  else
    json_decref(j);
  return r.status;
}

static json_t *get_ok(kb_api_db *db, const char *path, const char *query) {
  json_t *j = NULL;
  int st = call(db, path, query, &j);
  if (st != 200) fprintf(stderr, "%s?%s -> %d\n", path, query, st);
  CHECK(st == 200 && j);
  return j ? j : json_object();
}

static void test_answers(kb_api_db *db) {
  json_t *all = get_ok(db, "/api/clusters", NULL);
  size_t n = json_array_size(json_object_get(all, "clusters"));
  CHECK(n >= 9);
  CHECK(json_integer_value(json_object_get(all, "count")) == (json_int_t)n);
  json_t *del = get_ok(db, "/api/clusters", "type=delivery&min_sources=2");
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(del, "clusters"), i, c) {
    CHECK_STR(json_string_value(json_object_get(c, "type")), "DELIVERY");
    CHECK(json_integer_value(json_object_get(c, "n_sources")) >= 2);
  }
  CHECK(json_array_size(json_object_get(del, "clusters")) >= 1);
  json_t *cut = get_ok(db, "/api/events", "limit=2");
  CHECK(json_is_true(json_object_get(cut, "truncated")));
  CHECK(json_array_size(json_object_get(cut, "events")) == 2);

  /* one cluster, its evidence, the document behind it with offsets */
  json_t *first = json_array_get(json_object_get(del, "clusters"), 0);
  char path[128];
  snprintf(path, sizeof path, "/api/clusters/%s",
           json_string_value(json_object_get(first, "id")));
  json_t *one = get_ok(db, path, NULL);
  json_t *ev = json_array_get(json_object_get(one, "evidence"), 0);
  char q[512];
  snprintf(q, sizeof q, "id=%s", json_string_value(json_object_get(ev, "doc")));
  json_t *doc = get_ok(db, "/api/documents", q);
  const char *text = json_string_value(json_object_get(doc, "text"));
  json_int_t s = json_integer_value(json_object_get(ev, "start"));
  json_int_t e = json_integer_value(json_object_get(ev, "end"));
  const char *want = json_string_value(json_object_get(ev, "text"));
  CHECK(text && want && e > s && (size_t)e <= strlen(text) &&
        strlen(want) == (size_t)(e - s) && !memcmp(text + s, want, e - s));
  CHECK(json_array_size(json_object_get(doc, "highlights")) >= 1);

  json_t *counts = get_ok(db, "/api/counts", "since=2021&until=2025-12-31");
  CHECK(json_array_size(json_object_get(counts, "by_type")) >= 3);
  json_t *actors = get_ok(db, "/api/actors", "actor=RUS");
  CHECK(json_array_size(json_object_get(actors, "links")) >= 1);
  json_t *docs = get_ok(db, "/api/documents", "limit=3");
  CHECK(json_array_size(json_object_get(docs, "documents")) == 3);
  json_t *idx = get_ok(db, "/api/", NULL);
  CHECK(json_array_size(json_object_get(idx, "types")) == 11);
  json_t *objs[] = {all, del, cut, one, doc, counts, actors, docs, idx};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++)
    json_decref(objs[k]);
}

/* Hostile requests by the status they must get. */
static const struct {
  int status;
  const char *path, *query;
} hostile[] = {
    {400, "/api/clusters", "since=notadate"},
    {400, "/api/clusters", "since=2024-02-30"},
    {400, "/api/clusters", "until=2024-1"},
    {400, "/api/clusters", "min_sources=-1x"},
    {400, "/api/clusters", "min_sources=1e9"},
    {400, "/api/clusters", "limit=0"},
    {400, "/api/clusters", "limit=5001"},
    {400, "/api/clusters", "type='; DROP TABLE events; --"},
    {400, "/api/events", "actor='; DROP TABLE events; --"},
    {400, "/api/events", "modality=maybe"},
    {400, "/api/events", "q=\"unbalanced"},
    {400, "/api/events", "q=NEAR("},
    {400, "/api/counts", "q=\"unbalanced"},
    {400, "/api/actors", "q=NEAR("},
    {400, "/api/counts", "foo=bar"},
    {400, "/api/counts", "type=ORDER&type=VISIT"},
    {400, "/api/actors", "type"},
    {400, "/api/actors", "place=a\x01z"},
    {400, "/api/actors", "place=\xff\xfe"},
    {400, "/api/documents", "limit=-1"},
    {400, "/api/clusters/cl-0000000000000000", "x=1"},
    {404, "/api/clusters/cl-0000000000000000", NULL},
    {404, "/api/clusters/cl-' OR '1'='1", NULL},
    {404, "/api/events/ev-0000000000000000", NULL},
    {404, "/api/events/../../etc/passwd", NULL},
    {404, "/api/documents", "id=' OR 1=1 --"},
    {404, "/api/documents", "id=cl-0000000000000000"},
    {404, "/api/nothing", NULL},
    {200, "/api/clusters", "place='; DROP TABLE events; --"},
    {200, "/api/events", "q=\"'; DROP TABLE events; --\""},
    {200, "/api/clusters", "type=&actor=&since="}, /* empty form fields */
};

static void test_hostile(kb_api_db *db) {
  for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
    int st = call(db, hostile[i].path, hostile[i].query, NULL);
    if (st != hostile[i].status)
      fprintf(stderr, "%s?%s: %d, want %d\n", hostile[i].path,
              hostile[i].query ? hostile[i].query : "", st, hostile[i].status);
    CHECK(st == hostile[i].status);
  }
  char big[600];
  memset(big, 'A', sizeof big);
  memcpy(big, "place=", 6);
  big[sizeof big - 1] = 0;
  CHECK(call(db, "/api/clusters", big, NULL) == 400);
  char many[512] = "";
  for (int i = 0; i < 20; i++)
    snprintf(many + strlen(many), sizeof many - strlen(many), "%sk%d=1",
             i ? "&" : "", i);
  CHECK(call(db, "/api/clusters", many, NULL) == 400);
  json_t *sql = get_ok(db, "/api/clusters", "place='; DROP TABLE events; --");
  CHECK(json_integer_value(json_object_get(sql, "count")) == 0);
  json_decref(sql);
}

/* Every allocation of ours failing in turn: an error reply or a NULL body,
 * never a crash or a leak (ASan checks the latter). */
static void test_alloc_failures(kb_api_db *db) {
  static const char *const paths[][2] = {{"/api/clusters", "type=DELIVERY"},
                                         {"/api/counts", "place=Bamako"},
                                         {"/api/events", "limit=3"}};
  for (size_t p = 0; p < 3; p++)
    for (long n = 1; n < 200; n++) {
      char buf[256];
      kb_api_param params[8];
      snprintf(buf, sizeof buf, "%s", paths[p][1]);
      size_t np = split(buf, params, 8);
      kb_api_reply r = {0};
      kb_alloc_fail_at(n);
      kb_api_handle(db, paths[p][0], params, np, &r);
      kb_alloc_fail_at(0);
      CHECK(r.status == 200 || r.status >= 400);
      kb_free(r.body);
    }
}

/* ---- the server over a socket ------------------------------------------- */

static int http_get(int port, const char *request, char *out, size_t cap) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
    if (fd >= 0) close(fd);
    return -1;
  }
  size_t len = strlen(request), got = 0;
  if (write(fd, request, len) != (ssize_t)len) len = 0;
  ssize_t k;
  while (len && got + 1 < cap && (k = read(fd, out + got, cap - 1 - got)) > 0)
    got += (size_t)k;
  out[got] = 0;
  close(fd);
  int status = 0;
  sscanf(out, "HTTP/1.%*d %d", &status);
  return status;
}

static void test_server(void) {
  const char *dir = getenv("KB_TEST_DIR");
  char web[512];
  snprintf(web, sizeof web, "%s/../web", dir ? dir : "tests");
  kb_error err = {0};
  kb_server_config cfg = {.db = db_path, .web_dir = web, .threads = 2};
  kb_server *s = kb_server_start(&cfg, &err);
  if (!s) fprintf(stderr, "kb_server_start: %s: %s\n", err.input, err.message);
  CHECK(s && kb_server_port(s) > 0);
  static char resp[1 << 20];
  int port = kb_server_port(s);
  CHECK(http_get(port,
                 "GET /api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
                 "close\r\n\r\n",
                 resp, sizeof resp) == 200);
  CHECK(strstr(resp, "application/json") && strstr(resp, "\"DELIVERY\""));
  CHECK(http_get(port,
                 "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: "
                 "close\r\n\r\n",
                 resp, sizeof resp) == 200);
  CHECK(strstr(resp, "<!doctype html>") != NULL);
  CHECK(http_get(port,
                 "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: "
                 "127.0.0.1\r\nConnection: close\r\n\r\n",
                 resp, sizeof resp) == 400);
  CHECK(http_get(port,
                 "GET /api/ HTTP/1.1\r\nHost: attacker.example\r\n"
                 "Connection: close\r\n\r\n",
                 resp, sizeof resp) == 403);
  CHECK(http_get(port,
                 "DELETE /api/clusters HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Connection: close\r\n\r\n",
                 resp, sizeof resp) == 405);
  kb_server_config twice = cfg; /* the port is taken: no silent sharing */
  twice.port = port;
  CHECK(!kb_server_start(&twice, &err) && err.code == KB_ERR_IO);
  kb_server_stop(s);

  /* start-up errors */
  kb_server_config bad = cfg;
  bad.bind = "localhost"; /* a name, not an address */
  CHECK(!kb_server_start(&bad, &err) && err.code == KB_ERR_ARG);
  bad = cfg;
  bad.port = 70000;
  CHECK(!kb_server_start(&bad, &err) && err.code == KB_ERR_ARG);
  bad = cfg;
  bad.web_dir = "/nonexistent";
  CHECK(!kb_server_start(&bad, &err) && err.code == KB_ERR_IO);
  bad = cfg;
  bad.db = "/nonexistent/k.db";
  CHECK(!kb_server_start(&bad, &err) && err.code == KB_ERR_DB);
  CHECK(!kb_server_start(NULL, &err) && err.code == KB_ERR_ARG);
  kb_server_stop(NULL);
}

int main(void) {
  build_db();
  kb_error err = {0};
  kb_api_db *db = kb_api_db_open(db_path, &err);
  CHECK(db != NULL);
  if (db) {
    test_answers(db);
    test_hostile(db);
    test_alloc_failures(db);
  }
  kb_api_db_free(db);
  test_server();
  remove_db();
  TEST_DONE();
}
