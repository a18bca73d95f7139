/* Temporary stubs so the tree links while analysis and events are written. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "internal.h"

struct kb_lexicon { int unused; };
struct kb_analysis { const kb_text *t; };

kb_lexicon *kb_lexicon_load(const char *dir, kb_error *err) {
  (void)dir; (void)err;
  return kb_calloc(1, sizeof(kb_lexicon));
}
void kb_lexicon_free(kb_lexicon *lex) { kb_free(lex); }
const char *kb_mention_kind_name(kb_mention_kind k) { (void)k; return "actor"; }
kb_analysis *kb_analyse(const kb_lexicon *lex, const kb_text *t, kb_error *err) {
  (void)lex; (void)err;
  kb_analysis *a = kb_calloc(1, sizeof *a);
  if (a) a->t = t;
  return a;
}
void kb_analysis_free(kb_analysis *a) { kb_free(a); }
size_t kb_analysis_mentions(const kb_analysis *a, const kb_mention **out) { (void)a; *out = NULL; return 0; }
size_t kb_analysis_sentences(const kb_analysis *a, const kb_span **out) { (void)a; *out = NULL; return 0; }
const kb_text *kb_analysis_text(const kb_analysis *a) { return a->t; }
size_t kb_extract(kb_analysis *a, const kb_event **out) { (void)a; *out = NULL; return 0; }
char *kb_event_to_json(const kb_event *e, const char *extra) { (void)e; (void)extra; return strdup("{}"); }
