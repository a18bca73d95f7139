/* Every limit kibaru enforces, with its reason. Hitting one is an error the
 * caller sees (KB_ERR_TOO_LARGE), never a silent cut, unless said. */
#ifndef KB_LIMITS_H
#define KB_LIMITS_H

/* One document's raw bytes. A news page is under 2 MB; 64 MB leaves room for
 * inline images in base64 while keeping a hostile record from eating memory. */
#define KB_MAX_DOC_BYTES (64u << 20)

/* One JSONL line. A record carries one document, plus JSON escaping. */
#define KB_MAX_JSONL_LINE (96u << 20)

/* One WARC header block. Real headers are under 4 kB. */
#define KB_MAX_WARC_HEADER (64u << 10)

/* Cleaned text of one document. Longer bodies are cut at a paragraph
 * boundary: no article is this long, and analysis cost is linear in it. */
#define KB_MAX_TEXT_BYTES (8u << 20)

/* HTML element depth we walk. libxml2 itself stops at 256 unless
 * HTML_PARSE_HUGE; we never recurse, so this only bounds our own stack. */
#define KB_MAX_HTML_DEPTH 4096

/* Directory recursion depth (symlink loops, hostile trees). */
#define KB_MAX_DIR_DEPTH 64

/* Sentences, tokens and mentions per document. */
#define KB_MAX_TOKENS (2u << 20)

/* A lexicon line. */
#define KB_MAX_LEXICON_LINE 8192

/* Near-duplicate candidates compared per new document. Real copies share
 * bands with a handful of documents; template-like pages (agendas, weather)
 * can share bands with thousands, and the first ones are enough to group. */
#define KB_MAX_NEARDUP_CANDIDATES 64

/* Members of one event cluster read back to vote on its fields. A real
 * event is told by dozens of outlets, not thousands. */
#define KB_MAX_CLUSTER_EVENTS 4096

/* ---- kibaru serve (serve.c, serve_api.c) ------------------------------- *
 * The server trusts nothing a client sends (the redis habit): each limit
 * bounds what one request can make it read, allocate or compute. */

/* Request path with its query string, decoded. Real calls are under 1 kB;
 * a longer one is refused (414) before any parameter is looked at. */
#define KB_SERVE_MAX_URL 4096

/* One query parameter value (a place name, a full-text query). */
#define KB_SERVE_MAX_PARAM 256

/* Query parameters in one request; the API knows ten names. */
#define KB_SERVE_MAX_PARAMS 16

/* Rows a list call returns when it gives no limit, and the most it may ask
 * for. A page shows a few hundred rows; more is an export (kibaru events). */
#define KB_SERVE_DEFAULT_LIMIT 500
#define KB_SERVE_MAX_LIMIT 5000

/* One JSON response. Past it the call fails (400) and asks for a narrower
 * filter: a cluster told by thousands of outlets carries all its evidence. */
#define KB_SERVE_MAX_RESPONSE (64u << 20)

/* Wall time of one API call's queries; SQLite is interrupted past it (503).
 * A full-text query over a month of news runs in milliseconds. */
#define KB_SERVE_QUERY_MS 5000

/* Open connections, and the memory libmicrohttpd may use for each (request
 * line and headers; larger requests get 414/431): 128 x 256 kB = 32 MB. */
#define KB_SERVE_MAX_CONNECTIONS 128
#define KB_SERVE_CONN_MEMORY (256u << 10)

/* Seconds a connection may stay idle (slow clients holding a slot). */
#define KB_SERVE_CONN_TIMEOUT 30

/* Worker threads, each with its own read-only database connection. */
#define KB_SERVE_MAX_THREADS 32

/* One static file, loaded at start-up (country boundaries are 0.8 MB). */
#define KB_SERVE_MAX_FILE (16u << 20)

#endif
