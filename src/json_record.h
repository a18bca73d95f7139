/* The fields of one input record (DESIGN "Input record"), parsed by
 * simdjson through a small C++ shim (json_record.cc). */
#ifndef KB_JSON_RECORD_H
#define KB_JSON_RECORD_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum kb_json_field_id {
  KB_JF_ID,
  KB_JF_URL,
  KB_JF_PUBLISHED,
  KB_JF_LANG,
  KB_JF_TITLE,
  KB_JF_PUBLISHER,
  KB_JF_TEXT,
  KB_JF_HTML,
  KB_JF_COUNT
};

enum kb_json_field_state {
  KB_JF_ABSENT,
  KB_JF_NULL,
  KB_JF_STRING,
  KB_JF_OTHER /* a number, object, array or boolean */
};

typedef struct kb_json_field {
  int state;
  const char *s; /* NUL-terminated; len excludes the NUL and may include
                    "\u0000" escapes */
  size_t len;
} kb_json_field;

typedef struct kb_json_record {
  int is_object;
  kb_json_field field[KB_JF_COUNT];
} kb_json_record;

/* Bytes a buffer should have allocated past its content for the parser to
 * read it in place (simdjson::SIMDJSON_PADDING). */
#define KB_JSON_PADDING 64

typedef struct kb_json_parser kb_json_parser;

kb_json_parser *kb_json_parser_new(void);
void kb_json_parser_free(kb_json_parser *p);

/* Parses s[0..n) (cap: bytes allocated at s, padding lets the parser read
 * in place). 1 when s is valid JSON (rec filled, its strings valid until
 * the next call), 0 otherwise. */
int kb_json_record_parse(kb_json_parser *p, const char *s, size_t n, size_t cap,
                         kb_json_record *rec);

#ifdef __cplusplus
}
#endif
#endif
