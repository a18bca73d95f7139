/* Fuzzes the analysis and event stages on plain text: tokens, sentences,
 * the date and number parsers, lexicon matching, role frames and the
 * event record's JSON. Checks the promises of kibaru.h: mention and
 * evidence offsets inside the text, evidence equal to its span, the JSON
 * readable back by jansson. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kibaru.h"

static kb_lexicon *lex;

static void check_events(const kb_text *t, const kb_event *ev, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const kb_event *e = &ev[i];
    if (e->evidence_end > t->text_len || e->evidence_start > e->evidence_end)
      abort();
    size_t len = e->evidence_end - e->evidence_start;
    if (strlen(e->evidence_text) != len ||
        memcmp(e->evidence_text, t->text + e->evidence_start, len))
      abort();
    char *js = kb_event_to_json(e, NULL);
    json_t *o = js ? json_loads(js, 0, NULL) : NULL;
    if (js && !o) abort(); /* the record must be valid JSON */
    json_decref(o);
    free(js);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!lex) {
    kb_error err = {0};
    lex = kb_lexicon_load(NULL, &err);
    if (!lex) abort();
  }
  char *raw = malloc(size + 1);
  if (!raw) return 0;
  if (size) memcpy(raw, data, size);
  raw[size] = 0;
  kb_doc doc = {
      .id = "fuzz", .raw = raw, .raw_len = size, .published = "2024-05-10"};
  kb_error err = {0};
  kb_text *t = kb_clean(&doc, &err);
  kb_analysis *a = t ? kb_analyse(lex, t, &err) : NULL;
  if (a) {
    const kb_mention *m;
    size_t nm = kb_analysis_mentions(a, &m);
    for (size_t i = 0; i < nm; i++)
      if (m[i].end > t->text_len || m[i].start > m[i].end) abort();
    const kb_event *ev;
    size_t ne = kb_extract(a, &ev);
    check_events(t, ev, ne);
  }
  kb_analysis_free(a);
  kb_text_free(t);
  free(raw);
  return 0;
}
