/* Internal interface between the query runner (query.c) and the row
 * renderers (query_events.c, query_clusters.c, export.c). */
#ifndef KB_QUERY_H
#define KB_QUERY_H
#include <jansson.h>

#include "buf.h"
#include "store.h"

/* Columns of an event row, in SELECT order (query.c builds the list). */
enum {
  EC_ID,
  EC_UID,
  EC_TYPE,
  EC_SOURCE,
  EC_SOURCE_TEXT,
  EC_TARGET,
  EC_TARGET_TEXT,
  EC_DATE,
  EC_DATE_TEXT,
  EC_DATE_LO,
  EC_DATE_HI,
  EC_PLACE,
  EC_PLACE_COUNTRY,
  EC_LAT,
  EC_LON,
  EC_PLACE_PRECISION,
  EC_MODALITY,
  EC_EVIDENCE,
  EC_EV_START,
  EC_EV_END,
  EC_CONFIDENCE,
  EC_PLOVER,
  EC_CAMEO,
  EC_JSON,
  EC_CLUSTER,
  EC_N_SOURCES,
  EC_DOC,
  EC_URL,
  EC_PUBLISHER,
  EC_PUBLISHED,
  EC_TITLE,
  EC_LANG,
  EC_PARA,
  EC_EQUIPMENT,
  EC_COUNT
};

/* Columns of a cluster row. */
enum {
  CC_ID,
  CC_UID,
  CC_TYPE,
  CC_SOURCE,
  CC_TARGET,
  CC_DATE,
  CC_DATE_LO,
  CC_DATE_HI,
  CC_PLACE,
  CC_PLACE_COUNTRY,
  CC_LAT,
  CC_LON,
  CC_EQUIPMENT,
  CC_MODALITY,
  CC_N_EVENTS,
  CC_N_DOCS,
  CC_N_SOURCES,
  CC_EARLIEST,
  CC_EARLIEST_DOC,
  CC_CONFLICTS,
  CC_COUNT
};

const char *kb_event_columns(void);   /* "e.id, e.uid, ..." */
const char *kb_cluster_columns(void); /* "c.id, c.uid, ..." */

/* Renderers append one row (or a header/footer) to out. */
/* emitted counts rows written (GeoJSON leaves out rows without coordinates
 * and needs it to place commas). */
kb_status kb_render_event(kb_buf *out, kb_output fmt, sqlite3_stmt *row,
                          long long *emitted);
kb_status kb_render_event_header(kb_buf *out, kb_output fmt);
kb_status kb_render_cluster(kb_buf *out, kb_output fmt, sqlite3_stmt *row,
                            sqlite3_stmt *evidence, long long *emitted);
/* Closing chunk (GeoJSON). */
kb_status kb_render_footer(kb_buf *out, kb_output fmt);
kb_status kb_render_cluster_header(kb_buf *out, kb_output fmt);
/* The statement kb_render_cluster reads evidence from (bound per row). */
const char *kb_cluster_evidence_sql(void);

/* The event record of DESIGN.md rebuilt from a row, with id and cluster. */
json_t *kb_event_record(sqlite3_stmt *row);
/* Cluster record with its evidence list. */
json_t *kb_cluster_record(sqlite3_stmt *row, sqlite3_stmt *evidence);

/* ---- export.c: format helpers ---- */
kb_status kb_out_json(kb_buf *out, json_t *j); /* compact, steals j */
/* RFC 4180 field; first: no comma before it. guard: free text, so a
 * leading = + - @ gets a ' (spreadsheets would run it as a formula). */
kb_status kb_csv_field(kb_buf *out, const char *s, int first, int guard);
kb_status kb_csv_num(kb_buf *out, sqlite3_stmt *row, int col);
kb_status kb_csv_end(kb_buf *out);
/* A cell padded or cut (with an ellipsis) to width code points; width 0:
 * the whole text (last column). */
kb_status kb_table_cell(kb_buf *out, const char *s, int width);
/* A whole table line of n cells, trailing blanks trimmed, newline added. */
kb_status kb_table_row(kb_buf *out, const char *const *cells, const int *widths,
                       int n);
/* JSON value of a column: string, number or null. */
json_t *kb_col_json(sqlite3_stmt *row, int col);
/* "helicopter Mi-171Sh x4; drone" from an equipment JSON array text. */
char *kb_equipment_summary(const char *json_text);
/* "quantity helicopter: 2 [2] vs 4 [2]; date: ..." from conflicts JSON. */
char *kb_conflicts_summary(const char *json_text);
/* PLOVER's names and codes for our event types (DESIGN.md). */
const char *kb_plover_default(const char *type);
const char *kb_plover_mode(const char *type, const char *plover);
int kb_plover_quad(const char *plover);
/* Meetings and agreements: PLOVER lists both parties as the source and no
 * recipient (its manual, Compound and Reciprocal Actors). */
int kb_plover_reciprocal(const char *type);
/* ---- a filter as SQL conditions (query.c; the HTTP API's charts too) ---- */

#define KB_WHERE_MAX 16

/* The conditions of a filter as " AND ..." over events ("e", with their
 * cluster "c") or clusters ("c"). Parameters are numbered (?1, ?2, ...) so
 * that one clause may appear twice in a statement. */
typedef struct kb_where {
  kb_buf sql;
  const char *text[KB_WHERE_MAX]; /* NULL: the integer in num[] */
  long long num[KB_WHERE_MAX];
  int n;
  char *owned[KB_WHERE_MAX]; /* strings made here (upper-cased, folded) */
  int n_owned;
  char since[11], until[11];
  int full_text; /* a MATCH condition: SQL errors are the query's syntax */
} kb_where;

/* KB_ERR_ARG for a bad date; kb_where_free in every case. */
kb_status kb_where_build(kb_where *w, kb_query_what what, const kb_filter *f,
                         kb_error *err);
void kb_where_bind(sqlite3_stmt *st, const kb_where *w);
void kb_where_free(kb_where *w);

#endif
