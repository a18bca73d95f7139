/* Internal interface between the HTTP layer (serve.c: sockets, static
 * files, request hygiene) and the JSON API (serve_api.c: parameters,
 * queries, JSON). The API part needs no socket, so tests can call it. */
#ifndef KB_SERVE_H
#define KB_SERVE_H
#include <stddef.h>

#include "kibaru.h"

/* One read-only database connection of the server, used by one thread at a
 * time; queries on it are interrupted after KB_SERVE_QUERY_MS. */
typedef struct kb_api_db kb_api_db;
kb_api_db *kb_api_db_open(const char *path, kb_error *err);
void kb_api_db_free(kb_api_db *db);

/* One decoded query parameter; value NULL for "?key" without "=". */
typedef struct kb_api_param {
  const char *key, *value;
  size_t key_len, value_len;
} kb_api_param;

/* A reply: HTTP status and a JSON body (kb_malloc'd, the caller frees it
 * with kb_free; NULL only when even the error could not be allocated). */
typedef struct kb_api_reply {
  int status;
  char *body;
  size_t len;
} kb_api_reply;

/* Answers GET path (it starts with "/api") with its parameters. Every
 * failure is a JSON error with a 4xx or 5xx status; nothing is written. */
void kb_api_handle(kb_api_db *db, const char *path, const kb_api_param *params,
                   size_t n_params, kb_api_reply *r);

/* {"error":{"status":..,"message":..[,"param":..]}} into r. */
void kb_api_error(kb_api_reply *r, int status, const char *param,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#endif
