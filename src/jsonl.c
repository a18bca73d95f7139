/* JSON Lines input records (DESIGN "Input record"): one document a line,
 * parsed with jansson. A bad line is reported with its number and skipped;
 * the next call goes on with the next line. */
#include <string.h>

#include "internal.h"
#include "reader_internal.h"
#include "utf8.h"

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strchr(" \t\r\f\v", s[i])) return 0;
  return 1;
}

/* An optional string field: absent and null give NULL. 0 on a wrong type. */
static int opt_string(json_t *o, const char *key, const char **out) {
  json_t *v = json_object_get(o, key);
  *out = json_is_string(v) ? json_string_value(v) : NULL;
  return !v || json_is_null(v) || json_is_string(v);
}

static kb_status bad(kb_reader *r, kb_error *err, const char *what) {
  return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1, "%s", what);
}

/* Fills r->doc from a parsed record, borrowing its strings. */
static kb_status take_fields(kb_reader *r, json_t *o, kb_error *err) {
  kb_doc *d = &r->doc;
  if (!json_is_object(o)) return bad(r, err, "record is not a JSON object");
  json_t *id = json_object_get(o, "id");
  if (!id || json_is_null(id)) return bad(r, err, "missing \"id\"");
  if (!json_is_string(id)) return bad(r, err, "\"id\" must be a string");
  if (!*(d->id = json_string_value(id))) return bad(r, err, "empty \"id\"");
  static const char *const keys[] = {"url", "published", "lang", "title",
                                     "publisher"};
  const char **slots[] = {&d->url, &d->published, &d->lang, &d->title,
                          &d->publisher};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!opt_string(o, keys[i], slots[i]))
      return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1,
                          "\"%s\" must be a string or null", keys[i]);
  const char *text, *html;
  if (!opt_string(o, "text", &text))
    return bad(r, err, "\"text\" must be a string or null");
  if (!opt_string(o, "html", &html))
    return bad(r, err, "\"html\" must be a string or null");
  if (!text && !html) return bad(r, err, "missing \"text\" or \"html\"");
  /* html wins: the page carries title and metadata the cleaner uses */
  json_t *body = json_object_get(o, html ? "html" : "text");
  d->raw = json_string_value(body);
  d->raw_len = json_string_length(body);
  d->is_html = html != NULL;
  return KB_OK;
}

/* Parses r->line. Invalid UTF-8 is repaired first (U+FFFD, as everywhere
 * else) rather than losing the record to jansson's strict decoder. */
static kb_status parse_line(kb_reader *r, kb_error *err) {
  const char *s = r->line.data;
  size_t n = r->line.len;
  if (r->recno == 1) {
    size_t bom = kb_rd_bom(s, n);
    s += bom;
    n -= bom;
  }
  if (!kb_utf8_valid(s, n)) {
    kb_buf_reset(&r->tmp);
    r->tmp.max = 3 * r->max_line;
    if (kb_utf8_sanitize(s, n, &r->tmp, NULL) != KB_OK)
      return kb_error_set(err, KB_ERR_NOMEM, r->path, r->recno, -1,
                          "out of memory");
    s = r->tmp.data;
    n = r->tmp.len;
  }
  json_error_t je;
  r->json = json_loadb(s, n, 0, &je);
  if (!r->json)
    return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1,
                        "not valid JSON: %s at column %d", je.text, je.column);
  kb_status st = take_fields(r, r->json, err);
  if (st != KB_OK) {
    json_decref(r->json);
    r->json = NULL;
    memset(&r->doc, 0, sizeof r->doc);
  }
  return st;
}

kb_status kb_jsonl_next(kb_reader *r, const kb_doc **doc, kb_error *err) {
  char size[32];
  for (;;) {
    int got, ended;
    long long at = r->src.offset;
    kb_buf_reset(&r->line);
    r->line.max = r->max_line;
    kb_status st = kb_src_line(&r->src, &r->line, &got, &ended);
    if (!got) return KB_END;
    r->recno++;
    r->rec_offset = at;
    if (!ended && r->src.fail) return kb_rd_src_error(r, r->recno, err);
    if (st == KB_ERR_TOO_LARGE)
      return kb_error_set(err, st, r->path, r->recno, at,
                          "line longer than %s: skipped",
                          kb_rd_size(r->max_line, size, sizeof size));
    if (st != KB_OK)
      return kb_error_set(err, st, r->path, r->recno, at, "out of memory");
    if (blank(r->line.data, r->line.len)) continue;
    if ((st = parse_line(r, err)) != KB_OK) {
      if (err) err->offset = at;
      return st;
    }
    *doc = &r->doc;
    return KB_OK;
  }
}
