/* Output helpers shared by the event and cluster renderers: CSV fields,
 * table cells, JSON values, summaries and the PLOVER vocabulary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "query.h"

kb_status kb_out_json(kb_buf *out, json_t *j) {
  if (!j) return KB_ERR_NOMEM;
  char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
  json_decref(j);
  if (!s) return KB_ERR_NOMEM;
  kb_status st = kb_buf_adds(out, s);
  free(s);
  return st;
}

kb_status kb_table_row(kb_buf *out, const char *const *cells, const int *widths,
                       int n) {
  kb_status st = KB_OK;
  for (int i = 0; !st && i < n; i++)
    st = kb_table_cell(out, cells[i], widths[i]);
  while (!st && out->len && out->data[out->len - 1] == ' ')
    out->len--;
  return st ? st : kb_buf_addc(out, '\n');
}

kb_status kb_csv_field(kb_buf *out, const char *s, int first, int guard) {
  kb_status st = first ? KB_OK : kb_buf_addc(out, ',');
  if (st || !s) return st;
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  int formula = guard && strchr("=+-@\t\r", s[0]) && s[0];
  if (quote || formula) st = kb_buf_addc(out, '"');
  if (!st && formula) st = kb_buf_addc(out, '\'');
  for (const char *p = s; !st && *p; p++)
    st = *p == '"' ? kb_buf_add(out, "\"\"", 2) : kb_buf_addc(out, *p);
  if (!st && (quote || formula)) st = kb_buf_addc(out, '"');
  return st;
}

kb_status kb_csv_num(kb_buf *out, sqlite3_stmt *row, int col) {
  kb_status st = kb_buf_addc(out, ',');
  if (st || sqlite3_column_type(row, col) == SQLITE_NULL) return st;
  char num[64];
  if (sqlite3_column_type(row, col) == SQLITE_INTEGER)
    snprintf(num, sizeof num, "%lld",
             (long long)sqlite3_column_int64(row, col));
  else
    snprintf(num, sizeof num, "%.10g", sqlite3_column_double(row, col));
  return kb_buf_adds(out, num);
}

/* RFC 4180 ends records with CRLF. */
kb_status kb_csv_end(kb_buf *out) { return kb_buf_add(out, "\r\n", 2); }

static size_t utf8_next(const char *s, size_t i) {
  i++;
  while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

kb_status kb_table_cell(kb_buf *out, const char *s, int width) {
  if (!s || !*s) s = "-";
  if (width <= 0) return kb_buf_adds(out, s); /* last column: whole */
  size_t i = 0;
  int n = 0;
  while (s[i] && n < width) {
    size_t j = utf8_next(s, i);
    if (n == width - 1 && s[j]) break; /* room for the ellipsis */
    i = j;
    n++;
  }
  kb_status st = kb_buf_add(out, s, i);
  if (!st && s[i]) {
    st = kb_buf_adds(out, "\xE2\x80\xA6");
    n++;
  }
  for (; !st && n < width; n++)
    st = kb_buf_addc(out, ' ');
  return st ? st : kb_buf_add(out, "  ", 2);
}

json_t *kb_col_json(sqlite3_stmt *row, int col) {
  switch (sqlite3_column_type(row, col)) {
  case SQLITE_INTEGER:
    return json_integer((json_int_t)sqlite3_column_int64(row, col));
  case SQLITE_FLOAT: return json_real(sqlite3_column_double(row, col));
  case SQLITE_NULL: return json_null();
  default: return json_string(kb_col_text(row, col));
  }
}

static void add_quantity(kb_buf *b, json_t *q) {
  char num[48];
  if (json_is_integer(q))
    snprintf(num, sizeof num, " x%lld", (long long)json_integer_value(q));
  else if (json_is_real(q))
    snprintf(num, sizeof num, " x%g", json_real_value(q));
  else
    return;
  kb_buf_adds(b, num);
}

char *kb_equipment_summary(const char *text) {
  json_t *a = text ? json_loads(text, 0, NULL) : NULL;
  kb_buf b;
  kb_buf_init(&b, 1u << 20);
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e) {
    const char *cat = json_string_value(json_object_get(e, "category"));
    const char *des = json_string_value(json_object_get(e, "designation"));
    if (!cat) continue;
    if (b.len) kb_buf_adds(&b, "; ");
    kb_buf_adds(&b, cat);
    if (des) {
      kb_buf_addc(&b, ' ');
      kb_buf_adds(&b, des);
    }
    add_quantity(&b, json_object_get(e, "quantity"));
  }
  json_decref(a);
  return kb_buf_steal(&b);
}

static void add_value(kb_buf *b, json_t *v) {
  json_t *val = json_object_get(v, "value");
  char tmp[64];
  if (json_is_string(val))
    kb_buf_adds(b, json_string_value(val));
  else if (json_is_integer(val))
    snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(val)),
        kb_buf_adds(b, tmp);
  else if (json_is_real(val))
    snprintf(tmp, sizeof tmp, "%g", json_real_value(val)), kb_buf_adds(b, tmp);
  snprintf(tmp, sizeof tmp, " [%lld]",
           (long long)json_integer_value(json_object_get(v, "sources")));
  kb_buf_adds(b, tmp);
}

char *kb_conflicts_summary(const char *text) {
  json_t *a = text ? json_loads(text, 0, NULL) : NULL;
  kb_buf b;
  kb_buf_init(&b, 1u << 20);
  size_t i, j;
  json_t *c, *v;
  json_array_foreach(a, i, c) {
    const char *field = json_string_value(json_object_get(c, "field"));
    const char *cat = json_string_value(json_object_get(c, "category"));
    if (b.len) kb_buf_adds(&b, "; ");
    kb_buf_adds(&b, field ? field : "?");
    if (cat) kb_buf_addc(&b, ' '), kb_buf_adds(&b, cat);
    kb_buf_adds(&b, ": ");
    json_array_foreach(json_object_get(c, "values"), j, v) {
      if (j) kb_buf_adds(&b, " vs ");
      add_value(&b, v);
    }
  }
  json_decref(a);
  return kb_buf_steal(&b);
}

/* DESIGN.md, event types: the PLOVER category when the extractor gave
 * none. */
const char *kb_plover_default(const char *type) {
  static const char *const map[][2] = {
      {"DELIVERY", "AID"},         {"ORDER", "COOPERATE"},
      {"INTENT_ACQUIRE", "AGREE"}, {"PRODUCTION", "COOPERATE"},
      {"AGREEMENT", "SUPPORT"},    {"VISIT", "CONSULT"},
      {"MEETING", "CONSULT"},      {"TRAINING", "AID"},
      {"DEPLOYMENT", "AID"},       {"WITHDRAWAL", "RETREAT"},
      {"ATTACK", "ASSAULT"}};
  for (size_t i = 0; type && i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(type, map[i][0])) return map[i][1];
  return NULL;
}

/* PLOVER modes: CONSULT "visit", RETREAT "withdraw", AID "military". */
const char *kb_plover_mode(const char *type, const char *plover) {
  if (type && !strcmp(type, "VISIT")) return "visit";
  if (plover && !strcmp(plover, "RETREAT")) return "withdraw";
  if (plover && !strcmp(plover, "AID")) return "military";
  return NULL;
}

int kb_plover_reciprocal(const char *type) {
  return type && (!strcmp(type, "MEETING") || !strcmp(type, "AGREEMENT"));
}

int kb_plover_quad(const char *p) {
  static const char *const quad[][6] = {
      {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", NULL},
      {"COOPERATE", "AID", "RETREAT", "INVESTIGATE", NULL},
      {"DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN", NULL},
      {"PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", NULL}};
  for (int q = 0; p && q < 4; q++)
    for (int i = 0; quad[q][i]; i++)
      if (!strcmp(p, quad[q][i])) return q + 1;
  return 0;
}
