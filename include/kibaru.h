/* kibaru — news pages to a verifiable record of security cooperation.
 *
 * Public interface. Every object returned by a kb_X_new or kb_X_open call is
 * owned by the caller and released by the matching kb_X_free, which accepts
 * NULL. Strings inside returned structs are borrowed from the owning object and
 * live as long as it does. The library never prints and never exits: errors
 * come back as a kb_status plus a kb_error filled with a message naming the
 * input. Objects are not thread-safe; use one per thread. */
#ifndef KIBARU_H
#define KIBARU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KB_BUILDING) && defined(__GNUC__)
#define KB_API __attribute__((visibility("default")))
#else
#define KB_API
#endif

#define KB_VERSION "0.1.0"

typedef enum kb_status {
  KB_OK = 0,
  KB_END,           /* no more documents */
  KB_ERR_IO,        /* cannot open or read */
  KB_ERR_FORMAT,    /* malformed input: the record was skipped */
  KB_ERR_TOO_LARGE, /* a limit of limits.h was hit: the record was skipped */
  KB_ERR_NOMEM,
  KB_ERR_LEXICON, /* a lexicon line is wrong: message names file and line */
  KB_ERR_DB,
  KB_ERR_ARG
} kb_status;

typedef struct kb_error {
  kb_status code;
  char input[512];   /* file (and record) the error is about */
  long long line;    /* 1-based line or record number, 0 if none */
  long long offset;  /* byte offset in the input, -1 if none */
  char message[512]; /* human sentence, no trailing newline */
} kb_error;

KB_API const char *kb_status_name(kb_status s);

/* ---- documents ---------------------------------------------------------- */

/* One input document, as read. All strings NUL-terminated (raw too); any may
 * be NULL but id and raw. Borrowed from the reader until its next call. */
typedef struct kb_doc {
  const char *id;
  const char *url;
  const char *published; /* YYYY, YYYY-MM or YYYY-MM-DD as given */
  const char *lang;
  const char *title;
  const char *publisher;
  const char *raw; /* text or HTML bytes */
  size_t raw_len;
  int is_html;
} kb_doc;

typedef struct kb_reader kb_reader;

/* Opens a file, a directory (recursive, sorted) or "-" for stdin. The format
 * (txt, html, jsonl, warc, any of them gzip-compressed) comes from the
 * extension, else from sniffing the first bytes. */
KB_API kb_reader *kb_reader_open(const char *path, kb_error *err);
/* KB_OK: *doc is set. KB_END: done. Any other status: one record or file was
 * skipped and err says which; call again to go on with the rest. */
KB_API kb_status kb_reader_next(kb_reader *r, const kb_doc **doc,
                                kb_error *err);
KB_API void kb_reader_free(kb_reader *r);

/* ---- cleaning ----------------------------------------------------------- */

typedef struct kb_span {
  size_t start, end; /* byte offsets into kb_text.text, end exclusive */
} kb_span;

/* The cleaned main text of one document: the title as first paragraph (when
 * known), then the body paragraphs, separated by "\n\n". Valid UTF-8, no NUL.
 * Evidence and mention offsets are byte offsets into text. */
typedef struct kb_text {
  const char *doc_id;
  const char *url;
  const char *title;
  const char *published; /* normalised YYYY[-MM[-DD]] or NULL */
  const char *publisher;
  const char *lang; /* ISO 639-1 from cld2, or the input's, or "un" */
  const char *text;
  size_t text_len;
  size_t body_start; /* offset of the first body paragraph */
  const kb_span *paragraphs;
  size_t n_paragraphs;
} kb_text;

KB_API kb_text *kb_clean(const kb_doc *doc, kb_error *err);
KB_API void kb_text_free(kb_text *t);

/* ---- lexicons ----------------------------------------------------------- */

/* All lexicons of a data directory (NULL: $KIBARU_DATA, else the built-in
 * path). Immutable once loaded: share one between threads. A bad line fails
 * the load with err naming the file and line. */
typedef struct kb_lexicon kb_lexicon;
KB_API kb_lexicon *kb_lexicon_load(const char *dir, kb_error *err);
KB_API void kb_lexicon_free(kb_lexicon *lex);

/* ---- analysis and mentions --------------------------------------------- */

typedef enum kb_mention_kind {
  KB_MENTION_ACTOR,
  KB_MENTION_EQUIPMENT,
  KB_MENTION_PLACE,
  KB_MENTION_DATE,
  KB_MENTION_QUANTITY
} kb_mention_kind;

KB_API const char *kb_mention_kind_name(kb_mention_kind k);

/* One mention; which fields are set depends on kind. Offsets are bytes into
 * kb_text.text. Strings are borrowed from the analysis. */
typedef struct kb_mention {
  kb_mention_kind kind;
  size_t start, end;
  const char *text;
  /* actor */
  const char *code;       /* RUS, MLI, WAGNER, ARMED_GROUP ... */
  const char *sector;     /* GOV, MIL, BUS or NULL */
  const char *actor_kind; /* name, adj, capital, org, person, title */
  /* equipment */
  const char *category;
  const char *designation; /* NULL for a generic noun */
  const char *maker;
  int carrier;
  /* place */
  const char *place; /* canonical name */
  const char *country;
  const char *place_kind;
  double lat, lon;
  /* date: YYYY, YYYY-MM or YYYY-MM-DD; NULL when it cannot be resolved */
  const char *value;
  /* quantity (kind quantity), or the count attached to equipment */
  double quantity;
  int has_quantity;
  const char *unit; /* quantity: "tonnes", "tons", "kg" ... or NULL */
} kb_mention;

/* Sentences, tokens, stems and mentions of one cleaned text. Keeps a
 * pointer to t and lex: both must outlive it. */
typedef struct kb_analysis kb_analysis;
KB_API kb_analysis *kb_analyse(const kb_lexicon *lex, const kb_text *t,
                               kb_error *err);
KB_API void kb_analysis_free(kb_analysis *a);
KB_API size_t kb_analysis_mentions(const kb_analysis *a,
                                   const kb_mention **out);
KB_API size_t kb_analysis_sentences(const kb_analysis *a, const kb_span **out);
KB_API const kb_text *kb_analysis_text(const kb_analysis *a);

/* ---- events ------------------------------------------------------------- */

typedef struct kb_actor_ref {
  const char *code; /* NULL: unknown (null in JSON) */
  const char *text;
} kb_actor_ref;

typedef struct kb_equipment {
  const char *category;
  const char *designation; /* may be NULL */
  double quantity;
  int has_quantity;
  const char *text;
} kb_equipment;

typedef struct kb_event {
  const char *doc;
  const char *type; /* DELIVERY, ORDER, ... (DESIGN.md) */
  kb_actor_ref source, target;
  const kb_equipment *equipment;
  size_t n_equipment;
  const char *date_value; /* NULL: no date */
  const char *date_text;
  const char *place_name; /* NULL: no place */
  const char *place_country;
  double place_lat, place_lon;
  int place_has_coords;
  const char *place_precision; /* "place" or "country" */
  const char *modality;        /* asserted reported hedged planned denied */
  const char *evidence_text;
  size_t evidence_start, evidence_end;
  double confidence;
  const char *plover, *cameo;
} kb_event;

/* Events of an analysed document, one per distinct event. The array and its
 * strings are borrowed from the analysis. */
KB_API size_t kb_extract(kb_analysis *a, const kb_event **out);

/* The event record of DESIGN.md as one line of JSON (no newline); caller
 * frees with free(). extra_json, when not NULL, is a JSON object whose
 * members are appended (e.g. {"id":..,"cluster":..}). */
KB_API char *kb_event_to_json(const kb_event *e, const char *extra_json);

/* ---- evaluation -----------------------------------------------------------
 */

/* Scoring of DESIGN.md: a predicted event matches a gold event of the same
 * document with the same type and the same source and target codes (an
 * unordered pair for AGREEMENT and MEETING); one-to-one; gold type OTHER is
 * ignored. Slot accuracies are over matched pairs. */
typedef struct kb_eval_counts {
  char type[24];
  int tp, fp, fn;
} kb_eval_counts;

typedef struct kb_eval_result {
  kb_eval_counts all;
  kb_eval_counts types[16];
  size_t ntypes;
  int date_ok, place_ok, modality_ok, matched;
  double equipment_f1_sum;
} kb_eval_result;

/* Reads gold and predicted JSON Lines (either may use the gold or the event
 * record format) and scores. Every predicted event counts: predict on the
 * same documents as the gold (a gold document may have no events). */
KB_API kb_status kb_eval_files(const char *gold_path, const char *pred_path,
                               kb_eval_result *r, kb_error *err);

/* ---- store, fusion and queries ----------------------------------------- */

/* One SQLite file (DESIGN.md, Store): documents keyed by the XXH3-128 of
 * their cleaned text, paragraphs with a full-text index, mentions, events
 * with their evidence, near-duplicate groups and cross-document clusters.
 * Every write happens inside a transaction. */
typedef struct kb_store kb_store;

/* Opens or creates the database and brings its schema up to date (numbered
 * migrations, PRAGMA user_version). readonly: the file must exist and be
 * current; nothing is written. NULL on failure, err says why. */
KB_API kb_store *kb_store_open(const char *path, int readonly, kb_error *err);
KB_API void kb_store_free(kb_store *s);
/* The schema version this library writes, and the one the file has. */
KB_API int kb_store_schema_latest(void);
KB_API int kb_store_schema_version(kb_store *s);

typedef struct kb_ingest_stats {
  long long docs_added;   /* new documents stored */
  long long docs_present; /* same cleaned text already stored: nothing added */
  long long paragraphs, mentions, events;
} kb_ingest_stats;

/* A batch is one transaction: begin, add documents, commit. A crash or kill
 * loses at most the batch in flight, never part of a document. */
KB_API kb_status kb_store_begin(kb_store *s, kb_error *err);
/* Stores one cleaned document with its mentions and events (either array may
 * be NULL when its count is 0). A document whose text is already stored adds
 * nothing (stats->docs_present). On failure the document leaves no trace and
 * the batch stays open. stats may be NULL; counts are added to it. */
KB_API kb_status kb_store_add(kb_store *s, const kb_text *t,
                              const kb_mention *mentions, size_t n_mentions,
                              const kb_event *events, size_t n_events,
                              kb_ingest_stats *stats, kb_error *err);
KB_API kb_status kb_store_commit(kb_store *s, kb_error *err);
KB_API void kb_store_rollback(kb_store *s);
/* 1 when a document with this cleaned text is stored (ingest then skips
 * analysis), 0 when not, -1 on error. */
KB_API int kb_store_contains(kb_store *s, const kb_text *t);

typedef struct kb_store_doc {
  const kb_text *text;
  const kb_mention *mentions;
  size_t n_mentions;
  const kb_event *events;
  size_t n_events;
} kb_store_doc;
/* begin + add each + commit; all or nothing. */
KB_API kb_status kb_store_ingest_batch(kb_store *s, const kb_store_doc *docs,
                                       size_t n, kb_ingest_stats *stats,
                                       kb_error *err);

/* The whole ingest of a list of inputs (files, directories, "-"): read,
 * clean, analyse, extract, store, in input order, in batches of o->batch
 * documents per transaction. Cleaning and analysis run on o->jobs threads
 * (0: one per core) while the calling thread writes. A document already
 * stored is not analysed again. A record or document that cannot be read,
 * cleaned or analysed is reported through on_error and skipped; the
 * callbacks run on the calling thread. Returns KB_OK unless the database
 * failed (err says how); fusion is a separate call (kb_store_fuse). */
typedef struct kb_ingest_progress {
  long long documents; /* read so far, skipped ones included */
  long long bytes;     /* raw bytes of those documents */
  long long events;    /* events stored so far */
  long long skipped;
} kb_ingest_progress;

typedef struct kb_ingest_opts {
  int jobs;
  long batch; /* 0: 1000 */
  void (*on_error)(void *ctx, const kb_error *e);
  void (*on_progress)(void *ctx, const kb_ingest_progress *p);
  void *ctx;
} kb_ingest_opts;

KB_API kb_status kb_ingest_inputs(kb_store *s, const kb_lexicon *lex,
                                  const char *const *inputs, size_t n,
                                  const kb_ingest_opts *o,
                                  kb_ingest_stats *stats, kb_error *err);

typedef struct kb_fuse_stats {
  long long documents;       /* documents given a syndication group */
  long long near_duplicates; /* of which copies of an earlier document */
  long long events;          /* events clustered by this call */
  long long clusters_new;    /* clusters founded */
  long long clusters_grown;  /* existing clusters that gained events */
  long long comparisons;     /* event-cluster compatibility checks */
  double seconds;
} kb_fuse_stats;

/* Puts each new document in a syndication group (itself, or the group of
 * an earlier near-duplicate: MinHash with LSH bands), then clusters every
 * event not yet in a cluster, in order of first report, and recomputes the
 * consolidated fields of the clusters it touched. Existing groups and
 * clusters keep their ids and members; candidates come from LSH bands and
 * from blocking on type, actor and month, never from comparing all pairs.
 * One transaction. */
KB_API kb_status kb_store_fuse(kb_store *s, kb_fuse_stats *stats,
                               kb_error *err);

typedef enum kb_output {
  KB_OUTPUT_TABLE,   /* aligned columns for a terminal */
  KB_OUTPUT_JSONL,   /* DESIGN event record + id, cluster; or cluster record */
  KB_OUTPUT_CSV,     /* RFC 4180, UTF-8, CRLF, header line */
  KB_OUTPUT_GEOJSON, /* one FeatureCollection; rows without a point left out */
  KB_OUTPUT_PLOVER   /* PLOVER JSON record, one a line */
} kb_output;
/* "table", "jsonl", "csv", "geojson", "plover": 0 and *out set, else -1. */
KB_API int kb_output_parse(const char *name, kb_output *out);

/* Query filters; NULL or 0 members do not filter. Dates are YYYY[-MM[-DD]]
 * and compare at their precision (since 2024-09 keeps a 2024-09-30 event).
 * actor: source or target code. place: place name (case and accents
 * ignored) or country code. q: FTS5 query over the documents' paragraphs. */
typedef struct kb_filter {
  const char *type, *actor, *since, *until, *place, *modality, *q;
  int min_sources; /* independent publishers of the event's cluster */
  long long limit; /* 0: no limit */
} kb_filter;

typedef enum kb_query_what { KB_QUERY_EVENTS, KB_QUERY_CLUSTERS } kb_query_what;

/* A running query that yields its output already formatted: a header chunk
 * (CSV header, GeoJSON opening, table heading) when the format has one, one
 * chunk per row, then a closing chunk. */
typedef struct kb_query kb_query;
KB_API kb_query *kb_query_new(kb_store *s, kb_query_what what,
                              const kb_filter *f, kb_output fmt, kb_error *err);
/* KB_OK: *out and *len hold the next chunk, borrowed until the next call.
 * KB_END: done. Other: an error, err says which. */
KB_API kb_status kb_query_next(kb_query *q, const char **out, size_t *len,
                               kb_error *err);
KB_API long long kb_query_rows(const kb_query *q); /* rows yielded so far */
KB_API void kb_query_free(kb_query *q);

/* A cluster (cl-...), an event (ev-...) or a document (its input id or
 * content hash) with all its sources and evidence sentences: readable text
 * for KB_OUTPUT_TABLE, one JSON object for KB_OUTPUT_JSONL. Caller frees
 * with free(). NULL with err (KB_ERR_ARG when no such id). */
KB_API char *kb_store_show(kb_store *s, const char *id, kb_output fmt,
                           kb_error *err);

/* ---- web server --------------------------------------------------------- */

/* kibaru serve (DESIGN.md, Web page): a JSON API under /api/ and one page,
 * over a database opened read-only, on libmicrohttpd with its own threads.
 * Static files come only from an allow-list of exact paths loaded at start:
 * the page (web_dir) and a few front-end files from npm (modules_dir). */
typedef struct kb_server_config {
  const char *db;          /* database file; must exist and be current */
  const char *bind;        /* IPv4 or IPv6 literal; NULL: 127.0.0.1 */
  int port;                /* 0: any free port (see kb_server_port) */
  const char *web_dir;     /* NULL: $KIBARU_WEB, else the source tree's web/ */
  const char *modules_dir; /* NULL: $KIBARU_NODE_MODULES, else
                              web_dir/../node_modules */
  int threads;             /* worker threads; 0: one per core, at most 8 */
} kb_server_config;

typedef struct kb_server kb_server;
/* Opens one read-only connection per thread, loads the static files and
 * starts listening; returns at once. NULL with err (KB_ERR_ARG: bad bind
 * address or port; KB_ERR_IO: no page in web_dir or the port is taken;
 * KB_ERR_DB: the database cannot be opened). Thread-safe once started. */
KB_API kb_server *kb_server_start(const kb_server_config *cfg, kb_error *err);
/* The port listened on (useful with port 0). */
KB_API int kb_server_port(const kb_server *s);
/* Front-end files of the allow-list that were not found (npm packages not
 * installed), as "a, b"; NULL when none. Borrowed from s. */
KB_API const char *kb_server_missing(const kb_server *s);
/* Stops listening, waits for requests in flight, frees everything. */
KB_API void kb_server_stop(kb_server *s);

#ifdef __cplusplus
}
#endif
#endif
