/* Event rows in each output format. The event record is written by the
 * extractor's own kb_event_to_json from the columns (what the filters saw),
 * with the stored extra members and the database's id and cluster. */
#include <stdlib.h>
#include <string.h>

#include "query.h"

static const char *const columns =
    "e.id, e.uid, e.type, e.source, e.source_text, e.target, e.target_text,"
    " e.date, e.date_text, e.date_lo, e.date_hi, e.place, e.place_country,"
    " e.lat, e.lon, e.place_precision, e.modality, e.evidence, e.ev_start,"
    " e.ev_end, e.confidence, e.plover, e.cameo, e.json, c.uid, c.n_sources,"
    " d.input_id, d.url, d.publisher, d.published, d.title, d.lang, e.para,"
    " (SELECT json_group_array(json_object('category', q.category,"
    " 'designation', q.designation, 'quantity', q.quantity, 'text', q.text))"
    " FROM event_equipment q WHERE q.event = e.id)";

const char *kb_event_columns(void) { return columns; }

#define TEXT(c) kb_col_text(row, (c))

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

/* Quantities were stored as REAL: give whole numbers back as integers. */
static json_t *equipment(const char *text) {
  json_t *a = text ? json_loads(text, 0, NULL) : NULL;
  if (!json_is_array(a)) {
    json_decref(a);
    return json_array();
  }
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e) {
    json_t *q = json_object_get(e, "quantity");
    if (json_is_real(q) &&
        json_real_value(q) == (double)(json_int_t)json_real_value(q))
      json_object_set_new(e, "quantity",
                          json_integer((json_int_t)json_real_value(q)));
  }
  return a;
}

static void row_place(sqlite3_stmt *row, kb_event *e) {
  e->place_name = TEXT(EC_PLACE);
  e->place_country = TEXT(EC_PLACE_COUNTRY);
  e->place_precision = TEXT(EC_PLACE_PRECISION);
  e->place_has_coords = sqlite3_column_type(row, EC_LAT) != SQLITE_NULL &&
                        sqlite3_column_type(row, EC_LON) != SQLITE_NULL;
  e->place_lat = sqlite3_column_double(row, EC_LAT);
  e->place_lon = sqlite3_column_double(row, EC_LON);
}

/* The stored event as a kb_event again; equipment strings are borrowed
 * from eq_json. */
static size_t row_event(sqlite3_stmt *row, json_t *eq_json, kb_event *e,
                        kb_equipment *eq, size_t max_eq) {
  memset(e, 0, sizeof *e);
  e->doc = TEXT(EC_DOC);
  e->type = TEXT(EC_TYPE) ? TEXT(EC_TYPE) : "";
  e->source = (kb_actor_ref){TEXT(EC_SOURCE), TEXT(EC_SOURCE_TEXT)};
  e->target = (kb_actor_ref){TEXT(EC_TARGET), TEXT(EC_TARGET_TEXT)};
  e->date_value = TEXT(EC_DATE);
  e->date_text = TEXT(EC_DATE_TEXT);
  row_place(row, e);
  e->modality = TEXT(EC_MODALITY) ? TEXT(EC_MODALITY) : "";
  e->evidence_text = TEXT(EC_EVIDENCE);
  e->evidence_start = (size_t)sqlite3_column_int64(row, EC_EV_START);
  e->evidence_end = (size_t)sqlite3_column_int64(row, EC_EV_END);
  e->confidence = sqlite3_column_double(row, EC_CONFIDENCE);
  e->plover = TEXT(EC_PLOVER);
  e->cameo = TEXT(EC_CAMEO);
  size_t i, n = 0;
  json_t *q;
  json_array_foreach(eq_json, i, q) {
    if (n == max_eq) break;
    json_t *qty = json_object_get(q, "quantity");
    eq[n] = (kb_equipment){json_string_value(json_object_get(q, "category")),
                           json_string_value(json_object_get(q, "designation")),
                           json_number_value(qty), json_is_number(qty),
                           json_string_value(json_object_get(q, "text"))};
    if (eq[n].category) n++;
  }
  e->equipment = eq;
  e->n_equipment = n;
  return n;
}

/* The members kb_event_to_json does not know: the stored extras, then the
 * database's own (id, cluster, where the document came from). */
static char *extras(sqlite3_stmt *row) {
  json_t *x = TEXT(EC_JSON) ? json_loads(TEXT(EC_JSON), 0, NULL) : NULL;
  if (!json_is_object(x)) {
    json_decref(x);
    x = json_object();
  }
  json_object_set_new(x, "id", json_string(TEXT(EC_UID)));
  json_object_set_new(x, "cluster", str_or_null(TEXT(EC_CLUSTER)));
  json_object_set_new(x, "url", str_or_null(TEXT(EC_URL)));
  json_object_set_new(x, "publisher", str_or_null(TEXT(EC_PUBLISHER)));
  json_object_set_new(x, "published", str_or_null(TEXT(EC_PUBLISHED)));
  char *s = json_dumps(x, JSON_COMPACT);
  json_decref(x);
  return s;
}

/* One serializer for the event record: the extractor's kb_event_to_json,
 * fed from the columns (what the filters saw). */
json_t *kb_event_record(sqlite3_stmt *row) {
  json_t *eq_json = equipment(TEXT(EC_EQUIPMENT));
  kb_equipment eq[64];
  kb_event e;
  row_event(row, eq_json, &e, eq, sizeof eq / sizeof *eq);
  char *x = extras(row);
  char *s = kb_event_to_json(&e, x);
  json_t *r = s ? json_loads(s, 0, NULL) : NULL;
  free(x);
  free(s);
  json_decref(eq_json);
  return r ? r : json_object();
}

/* ---- CSV and GeoJSON ---------------------------------------------------- */

static const char *const csv_header =
    "id,cluster,doc,url,publisher,published,type,source,source_text,target,"
    "target_text,date,date_text,equipment,place,place_country,lat,lon,"
    "modality,confidence,plover,cameo,evidence,evidence_start,evidence_end,"
    "n_sources";

static kb_status csv_row(kb_buf *o, sqlite3_stmt *row) {
  static const int text_cols[] = {EC_CLUSTER,     EC_DOC,         EC_URL,
                                  EC_PUBLISHER,   EC_PUBLISHED,   EC_TYPE,
                                  EC_SOURCE,      EC_SOURCE_TEXT, EC_TARGET,
                                  EC_TARGET_TEXT, EC_DATE,        EC_DATE_TEXT};
  kb_status st = kb_csv_field(o, TEXT(EC_UID), 1, 0);
  for (size_t i = 0; !st && i < sizeof text_cols / sizeof *text_cols; i++)
    st = kb_csv_field(o, TEXT(text_cols[i]), 0, 1);
  char *eq = kb_equipment_summary(TEXT(EC_EQUIPMENT));
  if (!st) st = kb_csv_field(o, eq, 0, 1);
  free(eq);
  if (!st) st = kb_csv_field(o, TEXT(EC_PLACE), 0, 1);
  if (!st) st = kb_csv_field(o, TEXT(EC_PLACE_COUNTRY), 0, 1);
  if (!st) st = kb_csv_num(o, row, EC_LAT);
  if (!st) st = kb_csv_num(o, row, EC_LON);
  if (!st) st = kb_csv_field(o, TEXT(EC_MODALITY), 0, 1);
  if (!st) st = kb_csv_num(o, row, EC_CONFIDENCE);
  if (!st) st = kb_csv_field(o, TEXT(EC_PLOVER), 0, 1);
  if (!st) st = kb_csv_field(o, TEXT(EC_CAMEO), 0, 1);
  if (!st) st = kb_csv_field(o, TEXT(EC_EVIDENCE), 0, 1);
  if (!st) st = kb_csv_num(o, row, EC_EV_START);
  if (!st) st = kb_csv_num(o, row, EC_EV_END);
  if (!st) st = kb_csv_num(o, row, EC_N_SOURCES);
  return st ? st : kb_csv_end(o);
}

/* Flat properties: QGIS shows nested objects as opaque strings. */
static kb_status geojson_row(kb_buf *o, sqlite3_stmt *row, int first) {
  char *eq = kb_equipment_summary(TEXT(EC_EQUIPMENT));
  json_t *props = json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o,"
      " s:o, s:o}",
      "id", TEXT(EC_UID), "cluster", str_or_null(TEXT(EC_CLUSTER)), "doc",
      str_or_null(TEXT(EC_DOC)), "url", str_or_null(TEXT(EC_URL)), "publisher",
      str_or_null(TEXT(EC_PUBLISHER)), "type", str_or_null(TEXT(EC_TYPE)),
      "source", str_or_null(TEXT(EC_SOURCE)), "target",
      str_or_null(TEXT(EC_TARGET)), "date", str_or_null(TEXT(EC_DATE)),
      "equipment", eq ? eq : "", "place", str_or_null(TEXT(EC_PLACE)),
      "place_country", str_or_null(TEXT(EC_PLACE_COUNTRY)), "modality",
      str_or_null(TEXT(EC_MODALITY)), "evidence",
      str_or_null(TEXT(EC_EVIDENCE)), "n_sources",
      kb_col_json(row, EC_N_SOURCES));
  free(eq);
  json_t *f =
      json_pack("{s:s, s:s, s:{s:s, s:[f, f]}, s:o}", "type", "Feature", "id",
                TEXT(EC_UID), "geometry", "type", "Point", "coordinates",
                sqlite3_column_double(row, EC_LON),
                sqlite3_column_double(row, EC_LAT), "properties", props);
  kb_status st = kb_buf_adds(o, first ? "\n" : ",\n");
  return st ? st : kb_out_json(o, f);
}

/* ---- PLOVER ------------------------------------------------------------- */

static json_t *plover_actor(const char *code, const char *text) {
  if (!code && !text) return json_array();
  return json_pack("[{s:o, s:o}]", "code", str_or_null(code), "actor_text",
                   str_or_null(text));
}

/* PLOVER wants YYYY-MM-DD: a partial date becomes its range (date and
 * enddate), a missing one the window before publication. */
static void plover_dates(json_t *r, sqlite3_stmt *row) {
  const char *lo = TEXT(EC_DATE_LO), *hi = TEXT(EC_DATE_HI);
  json_object_set_new(r, "date", str_or_null(lo));
  if (lo && hi && strcmp(lo, hi))
    json_object_set_new(r, "enddate", json_string(hi));
  if (!TEXT(EC_DATE))
    json_object_set_new(r, "date_from", json_string("published"));
}

static json_t *plover_context(const char *modality) {
  json_t *c = json_pack("[s]", "military");
  if (modality && !strcmp(modality, "planned"))
    json_array_append_new(c, json_string("future"));
  if (modality && !strcmp(modality, "denied"))
    json_array_append_new(c, json_string("negation"));
  return c;
}

static json_t *plover_cite(sqlite3_stmt *row) {
  return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "corpus",
                   "kibaru", "citation", str_or_null(TEXT(EC_DOC)), "url",
                   str_or_null(TEXT(EC_URL)), "title",
                   str_or_null(TEXT(EC_TITLE)), "language",
                   str_or_null(TEXT(EC_LANG)), "publication",
                   str_or_null(TEXT(EC_PUBLISHER)), "coder",
                   "kibaru " KB_VERSION, "codebook", "plover-0.7b1");
}

static json_t *plover_loc(sqlite3_stmt *row) {
  if (!TEXT(EC_PLACE)) return json_null();
  return json_pack("{s:s, s:o, s:o, s:o}", "name", TEXT(EC_PLACE), "latitude",
                   kb_col_json(row, EC_LAT), "longitude",
                   kb_col_json(row, EC_LON), "cc3",
                   str_or_null(TEXT(EC_PLACE_COUNTRY)));
}

static json_t *plover_record(sqlite3_stmt *row) {
  const char *ev =
      TEXT(EC_PLOVER) ? TEXT(EC_PLOVER) : kb_plover_default(TEXT(EC_TYPE));
  json_t *r = json_pack("{s:s}", "id", TEXT(EC_UID));
  plover_dates(r, row);
  json_t *a = plover_actor(TEXT(EC_SOURCE), TEXT(EC_SOURCE_TEXT));
  json_t *rec = plover_actor(TEXT(EC_TARGET), TEXT(EC_TARGET_TEXT));
  if (kb_plover_reciprocal(TEXT(EC_TYPE))) {
    json_array_extend(a, rec); /* PLOVER: all parties are the source */
    json_array_clear(rec);
  }
  json_object_set(r, "actor", a);
  json_object_set_new(r, "source", a);
  json_object_set_new(r, "recipient", rec);
  json_object_set_new(r, "event", ev ? json_pack("[s]", ev) : json_array());
  const char *mode = kb_plover_mode(TEXT(EC_TYPE), ev);
  json_object_set_new(r, "mode", str_or_null(mode));
  json_object_set_new(r, "context", plover_context(TEXT(EC_MODALITY)));
  json_object_set_new(r, "quad_code", json_integer(kb_plover_quad(ev)));
  json_object_set_new(r, "event_loc", plover_loc(row));
  json_object_set_new(r, "event_text",
                      json_pack("[o]", str_or_null(TEXT(EC_EVIDENCE))));
  json_object_set_new(r, "link", str_or_null(TEXT(EC_CLUSTER)));
  json_object_set_new(r, "text_info",
                      json_pack("{s:o, s:o, s:o}", "sequence",
                                kb_col_json(row, EC_PARA), "start",
                                kb_col_json(row, EC_EV_START), "end",
                                kb_col_json(row, EC_EV_END)));
  json_object_set_new(r, "cite_info", plover_cite(row));
  json_object_set_new(r, "kibaru",
                      json_pack("{s:o, s:o, s:o, s:o, s:o}", "type",
                                str_or_null(TEXT(EC_TYPE)), "cameo",
                                str_or_null(TEXT(EC_CAMEO)), "modality",
                                str_or_null(TEXT(EC_MODALITY)), "equipment",
                                equipment(TEXT(EC_EQUIPMENT)), "confidence",
                                kb_col_json(row, EC_CONFIDENCE)));
  return r;
}

/* ---- table -------------------------------------------------------------- */

static kb_status table_row(kb_buf *o, sqlite3_stmt *row) {
  char actors[128];
  snprintf(actors, sizeof actors, "%s>%s",
           TEXT(EC_SOURCE) ? TEXT(EC_SOURCE) : "?",
           TEXT(EC_TARGET) ? TEXT(EC_TARGET) : "?");
  char *eq = kb_equipment_summary(TEXT(EC_EQUIPMENT));
  kb_status st = kb_table_cell(o, TEXT(EC_UID), 19);
  if (!st) st = kb_table_cell(o, TEXT(EC_DATE), 10);
  if (!st) st = kb_table_cell(o, TEXT(EC_TYPE), 14);
  if (!st) st = kb_table_cell(o, actors, 15);
  if (!st) st = kb_table_cell(o, eq, 24);
  if (!st) st = kb_table_cell(o, TEXT(EC_PLACE), 14);
  if (!st) st = kb_table_cell(o, TEXT(EC_MODALITY), 9);
  if (!st) st = kb_table_cell(o, TEXT(EC_DOC), 12);
  if (!st) st = kb_table_cell(o, TEXT(EC_CLUSTER), 19);
  free(eq);
  if (!st) {
    while (o->len && o->data[o->len - 1] == ' ')
      o->len--;
    st = kb_buf_addc(o, '\n');
  }
  return st;
}

kb_status kb_render_event_header(kb_buf *o, kb_output fmt) {
  switch (fmt) {
  case KB_OUTPUT_CSV:
    return kb_buf_adds(o, csv_header) ? KB_ERR_NOMEM : kb_csv_end(o);
  case KB_OUTPUT_GEOJSON:
    return kb_buf_adds(o, "{\"type\":\"FeatureCollection\",\"features\":[");
  case KB_OUTPUT_TABLE: {
    static const char *const h[] = {"ID",       "DATE",      "TYPE",
                                    "ACTORS",   "EQUIPMENT", "PLACE",
                                    "MODALITY", "DOC",       "CLUSTER"};
    static const int w[] = {19, 10, 14, 15, 24, 14, 9, 12, 19};
    return kb_table_row(o, h, w, 9);
  }
  default: return KB_OK;
  }
}

kb_status kb_render_event(kb_buf *o, kb_output fmt, sqlite3_stmt *row,
                          long long *emitted) {
  kb_status st;
  if (fmt == KB_OUTPUT_GEOJSON) {
    if (sqlite3_column_type(row, EC_LAT) == SQLITE_NULL ||
        sqlite3_column_type(row, EC_LON) == SQLITE_NULL)
      return KB_OK;
    return geojson_row(o, row, (*emitted)++ == 0);
  }
  (*emitted)++;
  switch (fmt) {
  case KB_OUTPUT_JSONL:
    st = kb_out_json(o, kb_event_record(row));
    return st ? st : kb_buf_addc(o, '\n');
  case KB_OUTPUT_PLOVER:
    st = kb_out_json(o, plover_record(row));
    return st ? st : kb_buf_addc(o, '\n');
  case KB_OUTPUT_CSV: return csv_row(o, row);
  case KB_OUTPUT_TABLE: return table_row(o, row);
  default: break;
  }
  return KB_ERR_ARG;
}
