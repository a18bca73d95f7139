/* Shared by the cleaner harnesses: the input is one document's raw bytes;
 * the cleaned text must keep the promises of kibaru.h (valid UTF-8, no
 * NUL, paragraph spans in order and inside the text). */
#ifndef KB_FUZZ_CLEAN_H
#define KB_FUZZ_CLEAN_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kibaru.h"
#include "utf8.h"

static void kb_fuzz_check_text(const kb_text *t) {
  if (!t->text || t->text[t->text_len] != 0) abort();
  if (!kb_utf8_valid(t->text, t->text_len)) abort();
  size_t last = 0;
  for (size_t i = 0; i < t->n_paragraphs; i++) {
    const kb_span *s = &t->paragraphs[i];
    if (s->start < last || s->end < s->start || s->end > t->text_len) abort();
    last = s->end;
  }
  if (t->body_start > t->text_len + 2) abort();
}

static void kb_fuzz_clean(const uint8_t *data, size_t size, int is_html) {
  char *raw = malloc(size + 1);
  if (!raw) return;
  if (size) memcpy(raw, data, size);
  raw[size] = 0;
  kb_doc doc = {.id = "fuzz", .raw = raw, .raw_len = size, .is_html = is_html};
  kb_error err;
  memset(&err, 0, sizeof err);
  kb_text *t = kb_clean(&doc, &err);
  if (t)
    kb_fuzz_check_text(t);
  else if (!err.message[0])
    abort(); /* a refusal always says why */
  kb_text_free(t);
  free(raw);
}
#endif
