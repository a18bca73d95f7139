/* Store handle: open, pragmas, migrations, cached statements, transactions.
 * The ingest, fusion and query code is in store_ingest.c, fuse*.c,
 * query*.c and show.c. */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "alloc.h"

static const char *const stmt_sql[KB_ST_COUNT] = {
    [KB_ST_DOC_FIND] = "SELECT id FROM documents WHERE hash = ?1",
    [KB_ST_DOC_INSERT] =
        "INSERT INTO documents(hash, input_id, url, publisher, published,"
        " title, lang, body_start, text, n_paragraphs, n_mentions, n_events,"
        " ingested, minhash, syn_group)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?13, NULL)",
    [KB_ST_DOC_COPY] =
        "INSERT OR IGNORE INTO document_copies(doc, input_id, url, publisher,"
        " published) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS"
        " (SELECT 1 FROM documents WHERE id = ?1 AND input_id = ?2)",
    [KB_ST_PARA_INSERT] = "INSERT INTO paragraphs(doc, seq, start, end)"
                          " VALUES(?1, ?2, ?3, ?4)",
    [KB_ST_FTS_INSERT] =
        "INSERT INTO paragraphs_fts(rowid, text) VALUES(?1, ?2)",
    [KB_ST_MENTION_INSERT] =
        "INSERT INTO mentions(doc, kind, start, end, text, code, sector,"
        " category, designation, place, country, lat, lon, value, quantity)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
        " ?15)",
    [KB_ST_EVENT_INSERT] =
        "INSERT INTO events(uid, doc, seq, type, source, source_text, target,"
        " target_text, date, date_text, date_prec, date_lo, date_hi, lo_day,"
        " hi_day, place, place_fold, place_country, lat, lon,"
        " place_precision, modality, evidence, ev_start, ev_end, para,"
        " confidence, plover, cameo, categories, json)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
        " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27,"
        " ?28, ?29, ?30, ?31)",
    [KB_ST_EQUIP_INSERT] =
        "INSERT INTO event_equipment(event, seq, category, designation,"
        " quantity, text) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [KB_ST_SKETCH_INSERT] = "INSERT INTO doc_sketch(doc, bands) VALUES(?1, ?2)",
};

kb_status kb_store_dberr(kb_store *s, kb_error *err, const char *what) {
  return kb_error_set(err, KB_ERR_DB, s && s->path ? s->path : "", 0, -1,
                      "%s: %s", what,
                      s && s->db ? sqlite3_errmsg(s->db) : "no database");
}

kb_status kb_store_exec(kb_store *s, const char *sql, kb_error *err) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return KB_OK;
  kb_error_set(err, KB_ERR_DB, s->path, 0, -1, "%s", msg ? msg : "error");
  sqlite3_free(msg);
  return KB_ERR_DB;
}

sqlite3_stmt *kb_store_cached(kb_store *s, kb_stmt_id id, const char *sql) {
  if (!s->st[id] &&
      (!sql || sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                  &s->st[id], NULL) != SQLITE_OK))
    return NULL;
  sqlite3_reset(s->st[id]);
  sqlite3_clear_bindings(s->st[id]);
  return s->st[id];
}

sqlite3_stmt *kb_store_stmt(kb_store *s, kb_stmt_id id) {
  return kb_store_cached(s, id, stmt_sql[id]);
}

void kb_bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

void kb_bind_textn(sqlite3_stmt *st, int i, const char *v, size_t n) {
  if (v)
    sqlite3_bind_text64(st, i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
  else
    sqlite3_bind_null(st, i);
}

const char *kb_col_text(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

static int user_version(kb_store *s) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
      SQLITE_OK)
    return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

int kb_store_schema_version(kb_store *s) { return s ? user_version(s) : -1; }

/* Applies each missing migration and the new user_version in one
 * transaction, so a database is never left between two versions. */
kb_status kb_store_migrate(kb_store *s, int target, kb_error *err) {
  if (kb_store_exec(s, "BEGIN IMMEDIATE", err)) return KB_ERR_DB;
  int v = user_version(s);
  kb_status st = KB_OK;
  if (v < 0) st = kb_store_dberr(s, err, "cannot read the schema version");
  for (int i = v + 1; st == KB_OK && i <= target; i++) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i);
    st = kb_store_exec(s, kb_store_migration(i), err);
    if (st == KB_OK) st = kb_store_exec(s, pragma, err);
  }
  if (st == KB_OK) return kb_store_exec(s, "COMMIT", err);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

/* WAL: readers (kibaru serve, queries) never block the ingest and a killed
 * writer leaves the last committed batch intact. synchronous=NORMAL is
 * durable against a process crash; only power loss can drop the last
 * commits, never corrupt the file. */
static kb_status configure(kb_store *s, kb_error *err) {
  sqlite3_busy_timeout(s->db, 10000);
  const char *common = "PRAGMA foreign_keys = ON;"
                       "PRAGMA cache_size = -65536;"
                       "PRAGMA temp_store = MEMORY;";
  if (kb_store_exec(s, common, err)) return KB_ERR_DB;
  if (s->readonly) return KB_OK;
  return kb_store_exec(s,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = NORMAL;",
                       err);
}

static kb_status check_version(kb_store *s, kb_error *err) {
  int v = user_version(s), latest = kb_store_schema_latest();
  if (v > latest)
    return kb_error_set(err, KB_ERR_DB, s->path, 0, -1,
                        "database schema version %d is newer than this "
                        "kibaru (%d): upgrade kibaru",
                        v, latest);
  if (v < latest && s->readonly)
    return kb_error_set(err, KB_ERR_DB, s->path, 0, -1,
                        "database schema version %d is older than %d: run "
                        "'kibaru fuse --db FILE' once to migrate it",
                        v, latest);
  if (v < latest) return kb_store_migrate(s, latest, err);
  return KB_OK;
}

kb_store *kb_store_open(const char *path, int readonly, kb_error *err) {
  kb_store *s = kb_calloc(1, sizeof *s);
  char *p = kb_strdup(path ? path : "");
  if (!s || !p) {
    kb_free(s);
    kb_free(p);
    kb_error_set(err, KB_ERR_NOMEM, path, 0, -1, "out of memory");
    return NULL;
  }
  s->path = p;
  s->readonly = readonly;
  int flags = readonly ? SQLITE_OPEN_READONLY
                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  kb_status st = KB_OK;
  if (!path || !*path)
    st = kb_error_set(err, KB_ERR_ARG, "", 0, -1, "no database path");
  else if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
           SQLITE_OK)
    st = kb_store_dberr(s, err, "cannot open database");
  if (st == KB_OK) st = configure(s, err);
  if (st == KB_OK) st = check_version(s, err);
  if (st != KB_OK) {
    kb_store_free(s);
    return NULL;
  }
  return s;
}

void kb_store_free(kb_store *s) {
  if (!s) return;
  if (s->in_tx) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  for (int i = 0; i < KB_ST_COUNT; i++)
    sqlite3_finalize(s->st[i]);
  sqlite3_close(s->db);
  kb_free(s->path);
  kb_free(s);
}

kb_status kb_store_begin(kb_store *s, kb_error *err) {
  if (s->readonly)
    return kb_error_set(err, KB_ERR_ARG, s->path, 0, -1,
                        "database opened read-only");
  if (s->in_tx)
    return kb_error_set(err, KB_ERR_ARG, s->path, 0, -1,
                        "a batch is already open");
  if (kb_store_exec(s, "BEGIN IMMEDIATE", err)) return KB_ERR_DB;
  s->in_tx = 1;
  return KB_OK;
}

kb_status kb_store_commit(kb_store *s, kb_error *err) {
  if (!s->in_tx)
    return kb_error_set(err, KB_ERR_ARG, s->path, 0, -1, "no batch open");
  kb_status st = kb_store_exec(s, "COMMIT", err);
  if (st != KB_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_tx = 0;
  return st;
}

void kb_store_rollback(kb_store *s) {
  if (!s || !s->in_tx) return;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_tx = 0;
}

void kb_text_hash(const char *text, size_t n, char out[33]) {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits(text, n));
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    out[2 * i] = hex[c.digest[i] >> 4];
    out[2 * i + 1] = hex[c.digest[i] & 15];
  }
  out[32] = 0;
}

void kb_event_uid(const char *doc_hash, int seq, char out[20]) {
  char key[64];
  int n = snprintf(key, sizeof key, "%s:%d", doc_hash, seq);
  snprintf(out, 20, "ev-%016llx",
           (unsigned long long)XXH3_64bits(key, (size_t)n));
}

int kb_store_contains(kb_store *s, const kb_text *t) {
  char hash[33];
  kb_text_hash(t->text, t->text_len, hash);
  sqlite3_stmt *st = kb_store_stmt(s, KB_ST_DOC_FIND);
  if (!st) return -1;
  kb_bind_text(st, 1, hash);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

char *kb_url_host(const char *url) {
  if (!url) return NULL;
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  size_t n = strcspn(p, "/?#");
  const char *at = memchr(p, '@', n);
  if (at) {
    n -= (size_t)(at + 1 - p);
    p = at + 1;
  }
  size_t colon = strcspn(p, ":/?#");
  if (colon < n) n = colon;
  if (n > 4 && strncasecmp(p, "www.", 4) == 0) {
    p += 4;
    n -= 4;
  }
  if (n == 0) return NULL;
  char *h = kb_strndup(p, n);
  for (char *c = h; c && *c; c++)
    *c = (char)tolower((unsigned char)*c);
  return h;
}

uint32_t kb_category_bit(const char *c) {
  static const char *const names[] = {
      "helicopter",         "combat_aircraft", "trainer_aircraft",
      "transport_aircraft", "drone",           "armored_vehicle",
      "air_defense",        "artillery",       "small_arms",
      "ammunition",         "radar",           "naval"};
  if (!c) return 0;
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(c, names[i]) == 0) return 1u << i;
  return KB_CAT_OTHER_BIT;
}
