/* kibaru serve, the HTTP side: libmicrohttpd with a pool of threads, one
 * read-only database connection per thread, request hygiene (method, Host,
 * path and size checks) and the static files of an allow-list loaded at
 * start-up. The JSON answers come from serve_api.c.
 *
 * No path a client sends ever reaches the file system: the page and the
 * npm files it needs are read once, at start, from a fixed table of exact
 * URLs. Suspicious paths still get a 400 rather than a 404, so that a probe
 * is told plainly that it was refused. */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "internal.h"
#include "kb_limits.h"
#include "serve.h"

#ifndef KB_WEB_DIR
#define KB_WEB_DIR "web"
#endif

#define JS "text/javascript; charset=utf-8"
#define CSS "text/css; charset=utf-8"

/* The allow-list: URL, content type, 1 when under node_modules (optional:
 * the page degrades without it), path under its root. */
static const struct allowed {
  const char *url, *type;
  int module;
  const char *path;
} allowed[] = {
    {"/", "text/html; charset=utf-8", 0, "index.html"},
    {"/index.html", "text/html; charset=utf-8", 0, "index.html"},
    {"/app.js", JS, 0, "app.js"},
    {"/style.css", CSS, 0, "style.css"},
    {"/vendor/leaflet.js", JS, 1, "leaflet/dist/leaflet.js"},
    {"/vendor/leaflet.css", CSS, 1, "leaflet/dist/leaflet.css"},
    {"/vendor/topojson-client.js", JS, 1,
     "topojson-client/dist/topojson-client.min.js"},
    {"/vendor/countries-50m.json", "application/json", 1,
     "world-atlas/countries-50m.json"},
};
#define N_FILES (sizeof allowed / sizeof allowed[0])

/* Leaflet sets element styles from script, hence 'unsafe-inline' for
 * styles only; no script, frame or connection leaves the origin. */
static const char csp[] =
    "default-src 'self'; img-src 'self' data:; style-src 'self' "
    "'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action "
    "'self'; frame-ancestors 'none'";

struct kb_server {
  struct MHD_Daemon *d;
  int port;
  int loopback; /* bound to a loopback address: check the Host header */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  kb_api_db *dbs[KB_SERVE_MAX_THREADS];
  int n_dbs;
  kb_api_db *idle[KB_SERVE_MAX_THREADS];
  int n_idle;
  char *data[N_FILES];
  struct MHD_Response *files[N_FILES];
  char missing[1024];
};

/* ---- database pool ------------------------------------------------------ */

/* As many connections as threads, so a request never waits in practice;
 * the wait is there for correctness, not for load. */
static kb_api_db *db_acquire(kb_server *s) {
  pthread_mutex_lock(&s->mu);
  while (s->n_idle == 0)
    pthread_cond_wait(&s->cv, &s->mu);
  kb_api_db *db = s->idle[--s->n_idle];
  pthread_mutex_unlock(&s->mu);
  return db;
}

static void db_release(kb_server *s, kb_api_db *db) {
  pthread_mutex_lock(&s->mu);
  s->idle[s->n_idle++] = db;
  pthread_cond_signal(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

/* ---- responses ---------------------------------------------------------- */

static void add_headers(struct MHD_Response *r, const char *type,
                        const char *cache) {
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "Content-Security-Policy", csp);
}

/* Queues r's JSON body (ownership passes to libmicrohttpd). */
static enum MHD_Result send_reply(struct MHD_Connection *c, kb_api_reply *r) {
  if (!r->body) return MHD_NO; /* out of memory: drop the connection */
  struct MHD_Response *resp =
      MHD_create_response_from_buffer_with_free_callback(r->len, r->body,
                                                         kb_free);
  if (!resp) {
    kb_free(r->body);
    return MHD_NO;
  }
  add_headers(resp, "application/json; charset=utf-8", "no-store");
  if (r->status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status,
                                  const char *msg) {
  kb_api_reply r = {0};
  kb_api_error(&r, status, NULL, "%s", msg);
  return send_reply(c, &r);
}

/* ---- request checks ----------------------------------------------------- */

/* Our own %XX decoder for the path and the parameters: the same as
 * libmicrohttpd's, except that %00 becomes \x01, which every check below
 * refuses, instead of a NUL that would silently cut the string short. */
static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static size_t unescape(void *cls, struct MHD_Connection *c, char *s) {
  char *w = s;
  for (const char *r = s; *r;) {
    int hi = r[0] == '%' ? hexval(r[1]) : -1;
    int lo = hi >= 0 ? hexval(r[2]) : -1;
    if (lo >= 0) {
      int byte = hi * 16 + lo;
      *w++ = (char)(byte ? byte : 1);
      r += 3;
    } else {
      *w++ = *r++;
    }
  }
  *w = 0;
  return (size_t)(w - s);
}

/* A path we are willing to look up: absolute, no control byte, no
 * backslash, no "..", no "//", no escape left after decoding (%252e). */
static int path_ok(const char *p) {
  if (p[0] != '/') return 0;
  for (const char *c = p; *c; c++) {
    unsigned char u = (unsigned char)*c;
    if (u < 0x20 || u == 0x7f || u == '\\' || u == '%') return 0;
    if ((c[0] == '.' && c[1] == '.') || (c[0] == '/' && c[1] == '/')) return 0;
  }
  return 1;
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value) {
  if (!strcasecmp(key, MHD_HTTP_HEADER_HOST)) ++*(int *)cls;
  return MHD_YES;
}

static int has_body(struct MHD_Connection *c) {
  const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
  return (len && strcmp(len, "0")) ||
         MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* Bound to loopback, the server answers only to loopback names, so that a
 * web site cannot reach it through DNS rebinding. */
static int host_ok(kb_server *s, struct MHD_Connection *c) {
  int hosts = 0;
  MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &hosts);
  if (hosts > 1) return 0;
  if (!s->loopback) return 1;
  const char *h =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
  if (!h) return 1; /* HTTP/1.0 */
  size_t n = h[0] == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":");
  if (n > 64 || (h[n] && h[n] != ':')) return 0;
  static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};
  for (size_t i = 0; i < 3; i++)
    if (strlen(names[i]) == n && !strncasecmp(h, names[i], n)) return 1;
  return 0;
}

typedef struct params {
  kb_api_param p[KB_SERVE_MAX_PARAMS + 1];
  size_t n;
  size_t bytes;
} params;

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind,
                               const char *key, size_t key_size,
                               const char *value, size_t value_size) {
  params *ps = cls;
  ps->bytes += key_size + value_size + 2;
  if (ps->n < KB_SERVE_MAX_PARAMS + 1)
    ps->p[ps->n++] = (kb_api_param){key, value, key_size, value_size};
  return MHD_YES;
}

/* ---- handlers ----------------------------------------------------------- */

static enum MHD_Result serve_api(kb_server *s, struct MHD_Connection *c,
                                 const char *url, params *ps) {
  kb_api_db *db = db_acquire(s);
  kb_api_reply r = {0};
  kb_api_handle(db, url, ps->p, ps->n, &r);
  db_release(s, db);
  return send_reply(c, &r);
}

static enum MHD_Result serve_file(kb_server *s, struct MHD_Connection *c,
                                  const char *url) {
  for (size_t i = 0; i < N_FILES; i++) {
    if (strcmp(url, allowed[i].url)) continue;
    if (s->files[i]) return MHD_queue_response(c, MHD_HTTP_OK, s->files[i]);
    return send_error(c, MHD_HTTP_NOT_FOUND,
                      "front-end file not installed: run 'make deps'");
  }
  return send_error(c, MHD_HTTP_NOT_FOUND, "not found");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls) {
  static int seen;
  kb_server *s = cls;
  if (strcmp(method, MHD_HTTP_METHOD_GET) &&
      strcmp(method, MHD_HTTP_METHOD_HEAD))
    return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                      "read-only: GET and HEAD only");
  /* Answering on the first call would close the connection (the request
   * might have a body still unread): wait for the second, keep-alive. */
  if (!*con_cls) {
    *con_cls = &seen;
    if (has_body(c))
      return send_error(c, MHD_HTTP_BAD_REQUEST, "no request body expected");
    return MHD_YES;
  }
  if (*upload_size) return MHD_NO; /* a body nobody announced */
  if (!host_ok(s, c))
    return send_error(c, MHD_HTTP_FORBIDDEN,
                      "unexpected Host header: open the page as "
                      "http://127.0.0.1:PORT/ or http://localhost:PORT/");
  params ps = {.n = 0};
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect, &ps);
  if (strlen(url) + ps.bytes > KB_SERVE_MAX_URL)
    return send_error(c, MHD_HTTP_URI_TOO_LONG, "request URL too long");
  if (!path_ok(url)) return send_error(c, MHD_HTTP_BAD_REQUEST, "bad path");
  if (!strcmp(url, "/api") || !strncmp(url, "/api/", 5))
    return serve_api(s, c, url, &ps);
  return serve_file(s, c, url);
}

/* ---- start and stop ----------------------------------------------------- */

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  kb_buf b;
  kb_buf_init(&b, KB_SERVE_MAX_FILE);
  char tmp[65536];
  size_t n;
  int bad = 0;
  while (!bad && (n = fread(tmp, 1, sizeof tmp, f)) > 0)
    bad = kb_buf_add(&b, tmp, n) != KB_OK;
  bad |= ferror(f);
  fclose(f);
  if (bad) {
    kb_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return kb_buf_steal(&b);
}

static void note_missing(kb_server *s, const char *path) {
  size_t n = strlen(s->missing);
  snprintf(s->missing + n, sizeof s->missing - n, "%s%s", n ? ", " : "", path);
}

static kb_status load_files(kb_server *s, const kb_server_config *cfg,
                            kb_error *err) {
  const char *web = cfg->web_dir;
  if (!web || !*web) web = getenv("KIBARU_WEB");
  if (!web || !*web) web = KB_WEB_DIR;
  char modules[4096], path[8192];
  const char *mods = cfg->modules_dir;
  if (!mods || !*mods) mods = getenv("KIBARU_NODE_MODULES");
  if (mods && *mods)
    snprintf(modules, sizeof modules, "%s", mods);
  else
    snprintf(modules, sizeof modules, "%s/../node_modules", web);
  for (size_t i = 0; i < N_FILES; i++) {
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", allowed[i].module ? modules : web,
             allowed[i].path);
    s->data[i] = read_file(path, &len);
    if (!s->data[i] && !allowed[i].module)
      return kb_error_set(err, KB_ERR_IO, path, 0, -1,
                          "cannot read the page's file (--web DIR or "
                          "$KIBARU_WEB names the folder of index.html)");
    if (!s->data[i]) {
      note_missing(s, path);
      continue;
    }
    s->files[i] = MHD_create_response_from_buffer(len, s->data[i],
                                                  MHD_RESPMEM_PERSISTENT);
    if (!s->files[i])
      return kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    add_headers(s->files[i], allowed[i].type, "no-cache");
  }
  return KB_OK;
}

static kb_status open_dbs(kb_server *s, const kb_server_config *cfg,
                          kb_error *err) {
  int n = cfg->threads;
  if (n <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
  }
  if (n > KB_SERVE_MAX_THREADS) n = KB_SERVE_MAX_THREADS;
  for (int i = 0; i < n; i++) {
    s->dbs[i] = kb_api_db_open(cfg->db, err);
    if (!s->dbs[i]) return err ? err->code : KB_ERR_DB;
    s->idle[s->n_idle++] = s->dbs[i];
    s->n_dbs++;
  }
  return KB_OK;
}

typedef union addr {
  struct sockaddr sa;
  struct sockaddr_in v4;
  struct sockaddr_in6 v6;
} addr;

static kb_status parse_bind(kb_server *s, const kb_server_config *cfg, addr *a,
                            kb_error *err) {
  const char *bind = cfg->bind && *cfg->bind ? cfg->bind : "127.0.0.1";
  memset(a, 0, sizeof *a);
  if (cfg->port < 0 || cfg->port > 65535)
    return kb_error_set(err, KB_ERR_ARG, "", 0, -1, "bad port %d", cfg->port);
  if (inet_pton(AF_INET, bind, &a->v4.sin_addr) == 1) {
    a->v4.sin_family = AF_INET;
    a->v4.sin_port = htons((uint16_t)cfg->port);
    s->loopback = (ntohl(a->v4.sin_addr.s_addr) >> 24) == 127;
    return KB_OK;
  }
  if (inet_pton(AF_INET6, bind, &a->v6.sin6_addr) == 1) {
    a->v6.sin6_family = AF_INET6;
    a->v6.sin6_port = htons((uint16_t)cfg->port);
    s->loopback = IN6_IS_ADDR_LOOPBACK(&a->v6.sin6_addr);
    return KB_OK;
  }
  return kb_error_set(err, KB_ERR_ARG, bind, 0, -1,
                      "not an IPv4 or IPv6 address");
}

static kb_status listen_on(kb_server *s, addr *a, const char *bind,
                           kb_error *err) {
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
  if (a->sa.sa_family == AF_INET6) flags |= MHD_USE_IPv6;
  s->d = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &a->sa,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->n_dbs,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)KB_SERVE_MAX_CONNECTIONS,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)KB_SERVE_CONN_MEMORY,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)KB_SERVE_CONN_TIMEOUT,
      MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
      MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
  if (!s->d)
    return kb_error_set(
        err, KB_ERR_IO, bind, 0, -1, "cannot listen on port %d (in use?)",
        ntohs(a->sa.sa_family == AF_INET6 ? a->v6.sin6_port : a->v4.sin_port));
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : 0;
  return KB_OK;
}

kb_server *kb_server_start(const kb_server_config *cfg, kb_error *err) {
  if (!cfg || !cfg->db || !*cfg->db) {
    kb_error_set(err, KB_ERR_ARG, "", 0, -1, "no database to serve");
    return NULL;
  }
  kb_server *s = kb_calloc(1, sizeof *s);
  if (!s) {
    kb_error_set(err, KB_ERR_NOMEM, "", 0, -1, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  json_object_seed(0); /* before any thread makes an object */
  addr a;
  kb_status st = parse_bind(s, cfg, &a, err);
  if (st == KB_OK) st = load_files(s, cfg, err);
  if (st == KB_OK) st = open_dbs(s, cfg, err);
  if (st == KB_OK)
    st = listen_on(s, &a, cfg->bind ? cfg->bind : "127.0.0.1", err);
  if (st != KB_OK) {
    kb_server_stop(s);
    return NULL;
  }
  return s;
}

int kb_server_port(const kb_server *s) { return s ? s->port : 0; }

const char *kb_server_missing(const kb_server *s) {
  return s && s->missing[0] ? s->missing : NULL;
}

void kb_server_stop(kb_server *s) {
  if (!s) return;
  if (s->d) MHD_stop_daemon(s->d);
  for (size_t i = 0; i < N_FILES; i++) {
    if (s->files[i]) MHD_destroy_response(s->files[i]);
    kb_free(s->data[i]);
  }
  for (int i = 0; i < s->n_dbs; i++)
    kb_api_db_free(s->dbs[i]);
  pthread_cond_destroy(&s->cv);
  pthread_mutex_destroy(&s->mu);
  kb_free(s);
}
