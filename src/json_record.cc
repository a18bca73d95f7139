// A C shim over simdjson's DOM parser for input records: jansson decodes
// about 60 MB/s and was a fifth of `kibaru extract`; simdjson validates and
// decodes the same line at several GB/s. Only the fields of DESIGN's input
// record are read. jsonl.c falls back to jansson for the error message.
#include "json_record.h"

#include <new>
#include <simdjson.h>

static_assert(KB_JSON_PADDING >= simdjson::SIMDJSON_PADDING,
              "KB_JSON_PADDING must cover simdjson's padding");

struct kb_json_parser {
  simdjson::dom::parser parser;
};

extern "C" kb_json_parser *kb_json_parser_new(void) {
  return new (std::nothrow) kb_json_parser;
}

extern "C" void kb_json_parser_free(kb_json_parser *p) { delete p; }

static const char *const field_names[KB_JF_COUNT] = {
    "id", "url", "published", "lang", "title", "publisher", "text", "html"};

extern "C" int kb_json_record_parse(kb_json_parser *p, const char *s, size_t n,
                                    size_t cap, kb_json_record *rec) {
  *rec = kb_json_record{};
  if (!p) return 0;
  // a buffer with room for simdjson's padding is read in place
  bool copy = cap < n + simdjson::SIMDJSON_PADDING;
  simdjson::dom::element doc;
  try {
    if (p->parser.parse(s, n, copy).get(doc) != simdjson::SUCCESS) return 0;
  } catch (...) { // std::bad_alloc from the copy
    return 0;
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return 1;
  rec->is_object = 1;
  for (int i = 0; i < KB_JF_COUNT; i++) {
    kb_json_field *f = &rec->field[i];
    simdjson::dom::element v;
    if (obj[field_names[i]].get(v) != simdjson::SUCCESS) continue; // absent
    if (v.is_null()) {
      f->state = KB_JF_NULL;
    } else if (v.is_string()) {
      std::string_view sv;
      const char *cs;
      if (v.get_string().get(sv) != simdjson::SUCCESS ||
          v.get_c_str().get(cs) != simdjson::SUCCESS)
        return 0;
      f->state = KB_JF_STRING;
      f->s = cs; // NUL-terminated in the parser's string buffer
      f->len = sv.size();
    } else {
      f->state = KB_JF_OTHER;
    }
  }
  return 1;
}
