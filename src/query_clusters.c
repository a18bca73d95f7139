/* Cluster rows in each output format: consolidated fields, counts of
 * independent sources, conflicts and, for the record formats, every piece
 * of evidence with the document it comes from. */
#include <stdlib.h>
#include <string.h>

#include "kb_limits.h"
#include "query.h"

#define KB_STR_(x) #x
#define KB_STR(x) KB_STR_(x)

static const char *const columns =
    "c.id, c.uid, c.type, c.source, c.target, c.date, c.date_lo, c.date_hi,"
    " c.place, c.place_country, c.lat, c.lon, c.equipment, c.modality,"
    " c.n_events, c.n_docs, c.n_sources, c.earliest,"
    " (SELECT input_id FROM documents WHERE id = c.earliest_doc),"
    " c.conflicts";

const char *kb_cluster_columns(void) { return columns; }

enum {
  EV_UID,
  EV_DOC,
  EV_PUBLISHER,
  EV_URL,
  EV_PUBLISHED,
  EV_MODALITY,
  EV_TEXT,
  EV_START,
  EV_END,
  EV_SYNDICATION,
  EV_DATE,
  EV_SOURCE,
  EV_TARGET,
  EV_TITLE,
  EV_PARA,
  EV_LANG,
  EV_PLOVER
};

static const char *const evidence_sql =
    "SELECT e.uid, d.input_id, d.publisher, d.url, d.published, e.modality,"
    " e.evidence, e.ev_start, e.ev_end,"
    " (SELECT g.input_id FROM documents g"
    " WHERE g.id = coalesce(d.syn_group, d.id)),"
    " e.date, e.source, e.target, d.title, e.para, d.lang, e.plover"
    " FROM events e JOIN documents d ON d.id = e.doc WHERE e.cluster = ?1"
    " ORDER BY coalesce(d.published, '9999'), d.id, e.seq LIMIT " KB_STR(
        KB_MAX_CLUSTER_EVENTS);

const char *kb_cluster_evidence_sql(void) { return evidence_sql; }

#define TEXT(c) kb_col_text(row, (c))
#define ETEXT(c) kb_col_text(ev, (c))

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *json_text(const char *text, json_t *fallback) {
  json_t *j = text ? json_loads(text, 0, NULL) : NULL;
  if (j) {
    json_decref(fallback);
    return j;
  }
  return fallback;
}

static json_t *evidence_item(sqlite3_stmt *ev) {
  return json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "event",
      ETEXT(EV_UID), "doc", str_or_null(ETEXT(EV_DOC)), "publisher",
      str_or_null(ETEXT(EV_PUBLISHER)), "url", str_or_null(ETEXT(EV_URL)),
      "published", str_or_null(ETEXT(EV_PUBLISHED)), "syndication",
      str_or_null(ETEXT(EV_SYNDICATION)), "modality",
      str_or_null(ETEXT(EV_MODALITY)), "date", str_or_null(ETEXT(EV_DATE)),
      "text", str_or_null(ETEXT(EV_TEXT)), "start", kb_col_json(ev, EV_START),
      "end", kb_col_json(ev, EV_END));
}

/* Runs the evidence statement for one cluster; fn sees each row. */
static void each_evidence(sqlite3_stmt *row, sqlite3_stmt *ev,
                          void (*fn)(sqlite3_stmt *ev, void *ctx), void *ctx) {
  sqlite3_reset(ev);
  sqlite3_bind_int64(ev, 1, sqlite3_column_int64(row, CC_ID));
  while (sqlite3_step(ev) == SQLITE_ROW)
    fn(ev, ctx);
  sqlite3_reset(ev);
}

static void add_evidence(sqlite3_stmt *ev, void *ctx) {
  json_array_append_new((json_t *)ctx, evidence_item(ev));
}

static json_t *place(sqlite3_stmt *row) {
  if (!TEXT(CC_PLACE)) return json_null();
  return json_pack("{s:s, s:o, s:o, s:o}", "name", TEXT(CC_PLACE), "country",
                   str_or_null(TEXT(CC_PLACE_COUNTRY)), "lat",
                   kb_col_json(row, CC_LAT), "lon", kb_col_json(row, CC_LON));
}

json_t *kb_cluster_record(sqlite3_stmt *row, sqlite3_stmt *ev) {
  json_t *r = json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:[o, o], s:o, s:o, s:o, s:o, s:o, s:o,"
      " s:{s:o, s:o}}",
      "id", TEXT(CC_UID), "type", str_or_null(TEXT(CC_TYPE)), "source",
      str_or_null(TEXT(CC_SOURCE)), "target", str_or_null(TEXT(CC_TARGET)),
      "date", str_or_null(TEXT(CC_DATE)), "date_range",
      str_or_null(TEXT(CC_DATE_LO)), str_or_null(TEXT(CC_DATE_HI)), "place",
      place(row), "equipment", json_text(TEXT(CC_EQUIPMENT), json_array()),
      "modality", str_or_null(TEXT(CC_MODALITY)), "n_events",
      kb_col_json(row, CC_N_EVENTS), "n_docs", kb_col_json(row, CC_N_DOCS),
      "n_sources", kb_col_json(row, CC_N_SOURCES), "earliest", "date",
      str_or_null(TEXT(CC_EARLIEST)), "doc",
      str_or_null(TEXT(CC_EARLIEST_DOC)));
  json_object_set_new(r, "conflicts",
                      json_text(TEXT(CC_CONFLICTS), json_array()));
  json_t *evidence = json_array();
  if (ev) each_evidence(row, ev, add_evidence, evidence);
  json_object_set_new(r, "evidence", evidence);
  return r;
}

/* ---- CSV, GeoJSON ------------------------------------------------------- */

static const char *const csv_header =
    "id,type,source,target,date,date_lo,date_hi,place,place_country,lat,lon,"
    "equipment,modality,n_events,n_docs,n_sources,earliest,earliest_doc,"
    "conflicts";

static kb_status csv_row(kb_buf *o, sqlite3_stmt *row) {
  static const int text_cols[] = {CC_TYPE,  CC_SOURCE,       CC_TARGET,
                                  CC_DATE,  CC_DATE_LO,      CC_DATE_HI,
                                  CC_PLACE, CC_PLACE_COUNTRY};
  kb_status st = kb_csv_field(o, TEXT(CC_UID), 1, 0);
  for (size_t i = 0; !st && i < sizeof text_cols / sizeof *text_cols; i++)
    st = kb_csv_field(o, TEXT(text_cols[i]), 0, 1);
  if (!st) st = kb_csv_num(o, row, CC_LAT);
  if (!st) st = kb_csv_num(o, row, CC_LON);
  char *eq = kb_equipment_summary(TEXT(CC_EQUIPMENT));
  char *cf = kb_conflicts_summary(TEXT(CC_CONFLICTS));
  if (!st) st = kb_csv_field(o, eq, 0, 1);
  if (!st) st = kb_csv_field(o, TEXT(CC_MODALITY), 0, 1);
  if (!st) st = kb_csv_num(o, row, CC_N_EVENTS);
  if (!st) st = kb_csv_num(o, row, CC_N_DOCS);
  if (!st) st = kb_csv_num(o, row, CC_N_SOURCES);
  if (!st) st = kb_csv_field(o, TEXT(CC_EARLIEST), 0, 1);
  if (!st) st = kb_csv_field(o, TEXT(CC_EARLIEST_DOC), 0, 1);
  if (!st) st = kb_csv_field(o, cf, 0, 1);
  free(eq);
  free(cf);
  return st ? st : kb_csv_end(o);
}

static kb_status geojson_row(kb_buf *o, sqlite3_stmt *row, int first) {
  char *eq = kb_equipment_summary(TEXT(CC_EQUIPMENT));
  char *cf = kb_conflicts_summary(TEXT(CC_CONFLICTS));
  json_t *props = json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
      " s:o, s:s}",
      "id", TEXT(CC_UID), "type", str_or_null(TEXT(CC_TYPE)), "source",
      str_or_null(TEXT(CC_SOURCE)), "target", str_or_null(TEXT(CC_TARGET)),
      "date", str_or_null(TEXT(CC_DATE)), "equipment", eq ? eq : "", "place",
      str_or_null(TEXT(CC_PLACE)), "place_country",
      str_or_null(TEXT(CC_PLACE_COUNTRY)), "modality",
      str_or_null(TEXT(CC_MODALITY)), "n_events", kb_col_json(row, CC_N_EVENTS),
      "n_docs", kb_col_json(row, CC_N_DOCS), "n_sources",
      kb_col_json(row, CC_N_SOURCES), "earliest",
      str_or_null(TEXT(CC_EARLIEST)), "earliest_doc",
      str_or_null(TEXT(CC_EARLIEST_DOC)), "conflicts", cf ? cf : "");
  free(eq);
  free(cf);
  json_t *f =
      json_pack("{s:s, s:s, s:{s:s, s:[f, f]}, s:o}", "type", "Feature", "id",
                TEXT(CC_UID), "geometry", "type", "Point", "coordinates",
                sqlite3_column_double(row, CC_LON),
                sqlite3_column_double(row, CC_LAT), "properties", props);
  kb_status st = kb_buf_adds(o, first ? "\n" : ",\n");
  return st ? st : kb_out_json(o, f);
}

/* ---- PLOVER ------------------------------------------------------------- */

static json_t *plover_actor(const char *code) {
  return code ? json_pack("[{s:s}]", "code", code) : json_array();
}

typedef struct plover_acc {
  json_t *texts, *docs, *cite;
  const char *plover;
  char plover_buf[32];
} plover_acc;

static void plover_evidence(sqlite3_stmt *ev, void *ctx) {
  plover_acc *acc = ctx;
  json_array_append_new(acc->texts, str_or_null(ETEXT(EV_TEXT)));
  json_array_append_new(acc->docs, str_or_null(ETEXT(EV_DOC)));
  if (!acc->plover && ETEXT(EV_PLOVER)) {
    snprintf(acc->plover_buf, sizeof acc->plover_buf, "%s", ETEXT(EV_PLOVER));
    acc->plover = acc->plover_buf;
  }
  if (!acc->cite)
    acc->cite = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "corpus",
                          "kibaru", "citation", str_or_null(ETEXT(EV_DOC)),
                          "url", str_or_null(ETEXT(EV_URL)), "title",
                          str_or_null(ETEXT(EV_TITLE)), "language",
                          str_or_null(ETEXT(EV_LANG)), "publication",
                          str_or_null(ETEXT(EV_PUBLISHER)), "coder",
                          "kibaru " KB_VERSION, "codebook", "plover-0.7b1");
}

static json_t *plover_context(const char *modality) {
  json_t *c = json_pack("[s]", "military");
  if (modality && !strcmp(modality, "planned"))
    json_array_append_new(c, json_string("future"));
  if (modality && !strcmp(modality, "denied"))
    json_array_append_new(c, json_string("negation"));
  return c;
}

static json_t *plover_record(sqlite3_stmt *row, sqlite3_stmt *ev) {
  plover_acc acc = {json_array(), json_array(), NULL, NULL, {0}};
  each_evidence(row, ev, plover_evidence, &acc);
  const char *type = TEXT(CC_TYPE);
  const char *p = acc.plover ? acc.plover : kb_plover_default(type);
  json_t *r = json_pack("{s:s, s:o}", "id", TEXT(CC_UID), "date",
                        str_or_null(TEXT(CC_DATE_LO)));
  if (TEXT(CC_DATE_LO) && TEXT(CC_DATE_HI) &&
      strcmp(TEXT(CC_DATE_LO), TEXT(CC_DATE_HI)))
    json_object_set_new(r, "enddate", json_string(TEXT(CC_DATE_HI)));
  json_t *a = plover_actor(TEXT(CC_SOURCE));
  json_t *rec = plover_actor(TEXT(CC_TARGET));
  if (kb_plover_reciprocal(type)) {
    json_array_extend(a, rec); /* PLOVER: all parties are the source */
    json_array_clear(rec);
  }
  json_object_set(r, "actor", a);
  json_object_set_new(r, "source", a);
  json_object_set_new(r, "recipient", rec);
  json_object_set_new(r, "event", p ? json_pack("[s]", p) : json_array());
  json_object_set_new(r, "mode", str_or_null(kb_plover_mode(type, p)));
  json_object_set_new(r, "context", plover_context(TEXT(CC_MODALITY)));
  json_object_set_new(r, "quad_code", json_integer(kb_plover_quad(p)));
  json_object_set_new(
      r, "event_loc",
      TEXT(CC_PLACE) ? json_pack("{s:s, s:o, s:o, s:o}", "name", TEXT(CC_PLACE),
                                 "latitude", kb_col_json(row, CC_LAT),
                                 "longitude", kb_col_json(row, CC_LON), "cc3",
                                 str_or_null(TEXT(CC_PLACE_COUNTRY)))
                     : json_null());
  json_object_set_new(r, "event_text", acc.texts);
  json_object_set_new(r, "link", json_string(TEXT(CC_UID)));
  json_object_set_new(r, "cite_info", acc.cite ? acc.cite : json_null());
  json_object_set_new(
      r, "kibaru",
      json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "type",
                str_or_null(type), "n_sources", kb_col_json(row, CC_N_SOURCES),
                "n_events", kb_col_json(row, CC_N_EVENTS), "docs", acc.docs,
                "equipment", json_text(TEXT(CC_EQUIPMENT), json_array()),
                "conflicts", json_text(TEXT(CC_CONFLICTS), json_array()),
                "modality", str_or_null(TEXT(CC_MODALITY))));
  return r;
}

/* ---- table -------------------------------------------------------------- */

static kb_status table_row(kb_buf *o, sqlite3_stmt *row) {
  char actors[128], counts[32];
  snprintf(actors, sizeof actors, "%s>%s",
           TEXT(CC_SOURCE) ? TEXT(CC_SOURCE) : "?",
           TEXT(CC_TARGET) ? TEXT(CC_TARGET) : "?");
  snprintf(counts, sizeof counts, "%d/%d",
           sqlite3_column_int(row, CC_N_SOURCES),
           sqlite3_column_int(row, CC_N_EVENTS));
  char *eq = kb_equipment_summary(TEXT(CC_EQUIPMENT));
  char *cf = kb_conflicts_summary(TEXT(CC_CONFLICTS));
  kb_status st = kb_table_cell(o, TEXT(CC_UID), 19);
  if (!st) st = kb_table_cell(o, TEXT(CC_DATE), 10);
  if (!st) st = kb_table_cell(o, TEXT(CC_TYPE), 14);
  if (!st) st = kb_table_cell(o, actors, 15);
  if (!st) st = kb_table_cell(o, eq, 24);
  if (!st) st = kb_table_cell(o, TEXT(CC_PLACE), 14);
  if (!st) st = kb_table_cell(o, counts, 7);
  if (!st) st = kb_table_cell(o, cf && *cf ? cf : "-", 0);
  free(eq);
  free(cf);
  while (!st && o->len && o->data[o->len - 1] == ' ')
    o->len--;
  return st ? st : kb_buf_addc(o, '\n');
}

kb_status kb_render_cluster_header(kb_buf *o, kb_output fmt) {
  switch (fmt) {
  case KB_OUTPUT_CSV:
    return kb_buf_adds(o, csv_header) ? KB_ERR_NOMEM : kb_csv_end(o);
  case KB_OUTPUT_GEOJSON:
    return kb_buf_adds(o, "{\"type\":\"FeatureCollection\",\"features\":[");
  case KB_OUTPUT_TABLE: {
    static const char *const h[] = {"ID",     "DATE",      "TYPE",
                                    "ACTORS", "EQUIPMENT", "PLACE",
                                    "SRC/EV", "CONFLICTS"};
    static const int w[] = {19, 10, 14, 15, 24, 14, 7, 0};
    return kb_table_row(o, h, w, 8);
  }
  default: return KB_OK;
  }
}

kb_status kb_render_cluster(kb_buf *o, kb_output fmt, sqlite3_stmt *row,
                            sqlite3_stmt *ev, long long *emitted) {
  kb_status st;
  if (fmt == KB_OUTPUT_GEOJSON) {
    if (sqlite3_column_type(row, CC_LAT) == SQLITE_NULL ||
        sqlite3_column_type(row, CC_LON) == SQLITE_NULL)
      return KB_OK;
    return geojson_row(o, row, (*emitted)++ == 0);
  }
  (*emitted)++;
  switch (fmt) {
  case KB_OUTPUT_JSONL:
    st = kb_out_json(o, kb_cluster_record(row, ev));
    return st ? st : kb_buf_addc(o, '\n');
  case KB_OUTPUT_PLOVER:
    st = kb_out_json(o, plover_record(row, ev));
    return st ? st : kb_buf_addc(o, '\n');
  case KB_OUTPUT_CSV: return csv_row(o, row);
  case KB_OUTPUT_TABLE: return table_row(o, row);
  default: return KB_ERR_ARG;
  }
}

kb_status kb_render_footer(kb_buf *o, kb_output fmt) {
  return fmt == KB_OUTPUT_GEOJSON ? kb_buf_adds(o, "\n]}\n") : KB_OK;
}
