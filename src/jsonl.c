/* JSON Lines input records (DESIGN "Input record"): one document a line,
 * parsed with jansson. A bad line is reported with its number and skipped;
 * the next call goes on with the next line. */
#include <string.h>

#include "internal.h"
#include "json_record.h"
#include "reader_internal.h"
#include "utf8.h"

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strchr(" \t\r\f\v", s[i])) return 0;
  return 1;
}

static kb_status bad(kb_reader *r, kb_error *err, const char *what) {
  return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1, "%s", what);
}

/* The record jansson parsed, when simdjson refused the line: only the
 * lines jansson also refuses are errors. */
static void record_from_jansson(json_t *o, kb_json_record *rec) {
  static const char *const names[KB_JF_COUNT] = {
      "id", "url", "published", "lang", "title", "publisher", "text", "html"};
  memset(rec, 0, sizeof *rec);
  rec->is_object = json_is_object(o);
  for (int i = 0; i < KB_JF_COUNT && rec->is_object; i++) {
    json_t *v = json_object_get(o, names[i]);
    kb_json_field *f = &rec->field[i];
    f->state = !v                  ? KB_JF_ABSENT
               : json_is_null(v)   ? KB_JF_NULL
               : json_is_string(v) ? KB_JF_STRING
                                   : KB_JF_OTHER;
    if (f->state == KB_JF_STRING) {
      f->s = json_string_value(v);
      f->len = json_string_length(v);
    }
  }
}

/* An optional string field: absent and null give NULL. 0 on a wrong type. */
static int opt_string(const kb_json_record *rec, int i, const char **out) {
  const kb_json_field *f = &rec->field[i];
  *out = f->state == KB_JF_STRING ? f->s : NULL;
  return f->state != KB_JF_OTHER;
}

/* Fills r->doc from a parsed record, borrowing its strings. */
static kb_status take_fields(kb_reader *r, const kb_json_record *rec,
                             kb_error *err) {
  kb_doc *d = &r->doc;
  if (!rec->is_object) return bad(r, err, "record is not a JSON object");
  const kb_json_field *id = &rec->field[KB_JF_ID];
  if (id->state == KB_JF_ABSENT || id->state == KB_JF_NULL)
    return bad(r, err, "missing \"id\"");
  if (id->state != KB_JF_STRING) return bad(r, err, "\"id\" must be a string");
  if (!*(d->id = id->s)) return bad(r, err, "empty \"id\"");
  static const int keys[] = {KB_JF_URL, KB_JF_PUBLISHED, KB_JF_LANG,
                             KB_JF_TITLE, KB_JF_PUBLISHER};
  static const char *const names[] = {"url", "published", "lang", "title",
                                      "publisher"};
  const char **slots[] = {&d->url, &d->published, &d->lang, &d->title,
                          &d->publisher};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!opt_string(rec, keys[i], slots[i]))
      return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1,
                          "\"%s\" must be a string or null", names[i]);
  const char *text, *html;
  if (!opt_string(rec, KB_JF_TEXT, &text))
    return bad(r, err, "\"text\" must be a string or null");
  if (!opt_string(rec, KB_JF_HTML, &html))
    return bad(r, err, "\"html\" must be a string or null");
  if (!text && !html) return bad(r, err, "missing \"text\" or \"html\"");
  /* html wins: the page carries title and metadata the cleaner uses */
  const kb_json_field *body = &rec->field[html ? KB_JF_HTML : KB_JF_TEXT];
  d->raw = body->s;
  d->raw_len = body->len;
  d->is_html = html != NULL;
  return KB_OK;
}

/* Parses r->line. Invalid UTF-8 is repaired first (U+FFFD, as everywhere
 * else) rather than losing the record to a strict decoder. simdjson reads
 * the line; jansson, much slower, only looks at lines simdjson refused, to
 * say where they are wrong. */
static kb_status parse_line(kb_reader *r, kb_error *err) {
  kb_buf *b = &r->line;
  size_t skip = r->recno == 1 ? kb_rd_bom(b->data, b->len) : 0;
  if (!r->jparser) r->jparser = kb_json_parser_new();
  kb_json_record rec;
  for (int pass = 0;; pass++) {
    size_t cap = kb_buf_pad(b, KB_JSON_PADDING) == KB_OK ? b->cap - skip : 0;
    const char *s = b->data + skip; /* after the padding moved it */
    size_t n = b->len - skip;
    /* simdjson checks UTF-8 as it parses: the line is looked at again
     * only when it fails */
    if (kb_json_record_parse(r->jparser, s, n, cap, &rec)) break;
    if (pass == 0 && !kb_utf8_valid(s, n)) {
      kb_buf_reset(&r->tmp);
      r->tmp.max = 3 * r->max_line;
      if (kb_utf8_sanitize(s, n, &r->tmp, NULL) != KB_OK)
        return kb_error_set(err, KB_ERR_NOMEM, r->path, r->recno, -1,
                            "out of memory");
      b = &r->tmp;
      skip = 0;
      continue;
    }
    json_error_t je;
    r->json = json_loadb(s, n, 0, &je);
    if (!r->json)
      return kb_error_set(err, KB_ERR_FORMAT, r->path, r->recno, -1,
                          "not valid JSON: %s at column %d", je.text,
                          je.column);
    record_from_jansson(r->json, &rec);
    break;
  }
  kb_status st = take_fields(r, &rec, err);
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
