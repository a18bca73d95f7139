/* Date finding, kibaru side: reads bench/dates_cases.tsv (anchor, expected,
 * sentence), writes what kb_dates_find finds for each sentence (one line a
 * case: index, values space-separated, "~" for an unresolved hit) and times
 * fold + find over the whole set, repeated for at least MIN_SECONDS.
 * Usage: kb_bench_dates CASES.tsv PRED.tsv [MIN_SECONDS] */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "dates.h"
#include "fold.h"

#define MAX_CASES 4096
#define MAX_LINE 4096
#define MAX_HITS 32

typedef struct bcase {
  char anchor[32];
  char *text;
} bcase;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int load(const char *path, bcase *cases, int *n) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return 1;
  }
  char line[MAX_LINE];
  *n = 0;
  while (fgets(line, sizeof line, f) && *n < MAX_CASES) {
    line[strcspn(line, "\r\n")] = 0;
    if (line[0] == '#' || !line[0]) continue;
    char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2) {
      fprintf(stderr, "%s: bad line: %s\n", path, line);
      fclose(f);
      return 1;
    }
    *t1 = 0;
    snprintf(cases[*n].anchor, sizeof cases[*n].anchor, "%.31s", line);
    cases[*n].text = kb_strdup(t2 + 1);
    (*n)++;
  }
  fclose(f);
  return 0;
}

/* Folds and finds; returns the hit count, adds the values to *sum. */
static size_t find(const bcase *c, kb_date_hit *hits, unsigned long *sum) {
  char *folded = kb_fold_dup(c->text, strlen(c->text));
  if (!folded) return 0;
  const char *anchor = strcmp(c->anchor, "-") ? c->anchor : NULL;
  size_t n = kb_dates_find(folded, strlen(folded), anchor, hits, MAX_HITS);
  for (size_t i = 0; i < n; i++)
    for (const char *p = hits[i].value; *p; p++)
      *sum = *sum * 31 + *p;
  kb_free(folded);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CASES.tsv PRED.tsv [MIN_SECONDS]\n", argv[0]);
    return 2;
  }
  double min_s = argc > 3 ? atof(argv[3]) : 1.0;
  static bcase cases[MAX_CASES];
  int n;
  if (load(argv[1], cases, &n)) return 1;
  FILE *out = fopen(argv[2], "w");
  if (!out) {
    perror(argv[2]);
    return 1;
  }
  kb_date_hit hits[MAX_HITS];
  unsigned long sum = 0;
  for (int i = 0; i < n; i++) {
    size_t k = find(&cases[i], hits, &sum);
    fprintf(out, "%d\t", i);
    for (size_t j = 0; j < k; j++)
      fprintf(out, "%s%s", j ? " " : "",
              hits[j].value[0] ? hits[j].value : "~");
    fprintf(out, "\n");
  }
  fclose(out);
  long texts = 0;
  double t0 = now(), t;
  do {
    for (int i = 0; i < n; i++)
      find(&cases[i], hits, &sum);
    texts += n;
  } while ((t = now() - t0) < min_s);
  printf("kibaru\ttexts=%ld\tseconds=%.3f\ttexts_per_sec=%.1f\tchecksum=%lu\n",
         texts, t, texts / t, sum);
  for (int i = 0; i < n; i++)
    kb_free(cases[i].text);
  return 0;
}
