/* Runs tests/cases/events.tsv: each sentence must give the event its line
 * names (type, source, target, modality), or none of a type written "!TYPE".
 * Cases are data: add a line to add a case. */
#include <stdlib.h>
#include <string.h>

#include "kibaru.h"
#include "test.h"

static kb_lexicon *lex;

static int field_eq(const char *want, const char *got) {
  if (!strcmp(want, "-")) return got == NULL;
  return got && !strcmp(want, got);
}

static void run_case(int lineno, char **col) {
  kb_doc d;
  memset(&d, 0, sizeof d);
  d.id = "case";
  d.raw = col[5];
  d.raw_len = strlen(col[5]);
  d.published = strcmp(col[0], "-") ? col[0] : NULL;
  kb_error err = {0};
  kb_text *t = kb_clean(&d, &err);
  kb_analysis *a = t ? kb_analyse(lex, t, &err) : NULL;
  const kb_event *ev = NULL;
  size_t n = a ? kb_extract(a, &ev) : 0;
  if (col[1][0] == '!') { /* "!TYPE": the sentence must give no such event */
    int unexpected = 0;
    for (size_t i = 0; i < n; i++)
      if (!strcmp(ev[i].type, col[1] + 1)) {
        fprintf(stderr, "line %d: unexpected %s in \"%s\"\n", lineno,
                ev[i].type, col[5]);
        unexpected++;
      }
    CHECK(unexpected == 0);
    kb_analysis_free(a);
    kb_text_free(t);
    return;
  }
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(ev[i].type, col[1]) &&
        ((field_eq(col[2], ev[i].source.code) &&
          field_eq(col[3], ev[i].target.code)) ||
         ((!strcmp(col[1], "AGREEMENT") || !strcmp(col[1], "MEETING")) &&
          field_eq(col[2], ev[i].target.code) &&
          field_eq(col[3], ev[i].source.code)))) {
      found = 1;
      if (strcmp(ev[i].modality, col[4]))
        fprintf(stderr, "line %d: modality %s, expected %s\n", lineno,
                ev[i].modality, col[4]);
      CHECK(!strcmp(ev[i].modality, col[4]));
    }
  if (!found) {
    fprintf(stderr, "line %d: no %s %s->%s in \"%s\"; got:", lineno, col[1],
            col[2], col[3], col[5]);
    for (size_t i = 0; i < n; i++)
      fprintf(stderr, " %s %s->%s", ev[i].type,
              ev[i].source.code ? ev[i].source.code : "-",
              ev[i].target.code ? ev[i].target.code : "-");
    fputc('\n', stderr);
  }
  CHECK(found);
  kb_analysis_free(a);
  kb_text_free(t);
}

int main(void) {
  kb_error err = {0};
  lex = kb_lexicon_load(NULL, &err);
  if (!lex) {
    fprintf(stderr, "lexicon: %s\n", err.message);
    return 1;
  }
  char path[1024];
  snprintf(path, sizeof path, "%s/cases/events.tsv", getenv("KB_TEST_DIR"));
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  char line[4096];
  int lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (line[0] == '#' || !line[0]) continue;
    char *col[6];
    int k = 0;
    for (char *p = line; k < 6; k++) {
      col[k] = p;
      char *tab = strchr(p, '\t');
      if (!tab) {
        k++;
        break;
      }
      *tab = 0;
      p = tab + 1;
    }
    if (k != 6) {
      fprintf(stderr, "line %d: expected 6 columns\n", lineno);
      kb_test_failures++;
      continue;
    }
    run_case(lineno, col);
  }
  fclose(f);
  kb_lexicon_free(lex);
  TEST_DONE();
}
