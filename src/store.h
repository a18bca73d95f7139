/* Internal interface of the store modules (store.c, store_schema.c,
 * store_ingest.c, fuse.c, fuse_vote.c, query*.c, show.c). All SQL lives in
 * these files and every value goes through sqlite3_bind_*. */
#ifndef KB_STORE_H
#define KB_STORE_H
#include <sqlite3.h>

#include "internal.h"

/* Prepared statements kept for the life of the handle. */
typedef enum kb_stmt_id {
  KB_ST_DOC_FIND,
  KB_ST_DOC_INSERT,
  KB_ST_DOC_COPY,
  KB_ST_PARA_INSERT,
  KB_ST_FTS_INSERT,
  KB_ST_MENTION_INSERT,
  KB_ST_EVENT_INSERT,
  KB_ST_EQUIP_INSERT,
  KB_ST_SKETCH_INSERT,
  /* fuse_vote.c, prepared from its own SQL (kb_store_cached) */
  KB_ST_VOTE_TYPE,
  KB_ST_VOTE_MEMBERS,
  KB_ST_VOTE_EQUIPMENT,
  KB_ST_VOTE_UPDATE,
  KB_ST_COUNT
} kb_stmt_id;

struct kb_store {
  sqlite3 *db;
  char *path;
  int readonly;
  int in_tx;
  sqlite3_stmt *st[KB_ST_COUNT];
};

const char *kb_store_migration(int version);
/* Brings the schema to `target` (tests use it to build an old database). */
kb_status kb_store_migrate(kb_store *s, int target, kb_error *err);

/* The cached statement, reset and unbound; NULL on prepare failure. */
sqlite3_stmt *kb_store_stmt(kb_store *s, kb_stmt_id id);
/* The same for a statement whose SQL lives with its user. */
sqlite3_stmt *kb_store_cached(kb_store *s, kb_stmt_id id, const char *sql);
/* Fills err with the connection's last message; returns KB_ERR_DB. */
kb_status kb_store_dberr(kb_store *s, kb_error *err, const char *what);
kb_status kb_store_exec(kb_store *s, const char *sql, kb_error *err);

/* Binding helpers: NULL strings bind SQL NULL. */
void kb_bind_text(sqlite3_stmt *st, int i, const char *v);
void kb_bind_textn(sqlite3_stmt *st, int i, const char *v, size_t n);
/* Column text or NULL. */
const char *kb_col_text(sqlite3_stmt *st, int i);

/* Equipment categories as bits, so that blocking and compatibility are a
 * mask test. Unknown categories count as "other". */
uint32_t kb_category_bit(const char *category);
#define KB_CAT_OTHER_BIT (1u << 12)

/* XXH3-128 of the text as 32 hex digits plus NUL. */
void kb_text_hash(const char *text, size_t n, char out[33]);
/* The host of a URL, lower-cased, without a leading "www."; NULL if none.
 * Caller frees with kb_free. */
char *kb_url_host(const char *url);
/* "ev-" and 16 hex digits of XXH3-64 over the document hash and the
 * event's rank in it: the same in every database that holds the document. */
void kb_event_uid(const char *doc_hash, int seq, char out[20]);
#endif
