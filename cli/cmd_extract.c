/* kibaru mentions, extract and eval. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kibaru.h"

typedef struct run {
  const char *format;
  kb_lexicon *lex;
  int skipped;
  int header_done;
} run;

typedef void (*analysis_fn)(const run *r, kb_analysis *a, FILE *out);

typedef struct analysis_ctx {
  run *r;
  analysis_fn fn;
} analysis_ctx;

static kb_status analyse_one(void *ctx, const kb_text *t, FILE *out,
                             kb_error *err) {
  analysis_ctx *c = ctx;
  kb_analysis *a = kb_analyse(c->r->lex, t, err);
  if (!a) return err->code ? err->code : KB_ERR_FORMAT;
  c->fn(c->r, a, out);
  kb_analysis_free(a);
  return KB_OK;
}

static void print_events(const run *cr, kb_analysis *a, FILE *out);

static const char csv_header[] =
    "doc,type,source,target,equipment,date,place,modality,confidence,"
    "evidence\r\n";

static void each_analysis(run *r, int argc, char **argv, analysis_fn fn) {
  analysis_ctx c = {r, fn};
  /* several jobs: the loop prints the CSV header, before the first row */
  int csv = fn == print_events && !strcmp(r->format, "csv");
  if (cli_jobs > 1) r->header_done = 1;
  r->skipped += cli_each_text(argc, argv, analyse_one, &c,
                              csv && cli_jobs > 1 ? csv_header : NULL);
}

static void put(json_t *o, const char *k, const char *v) {
  if (v) json_object_set_new(o, k, json_string(v));
}

static void print_mentions(const run *r, kb_analysis *a, FILE *out) {
  const kb_mention *m;
  size_t n = kb_analysis_mentions(a, &m);
  const char *doc = kb_analysis_text(a)->doc_id;
  for (size_t i = 0; i < n; i++) {
    if (!strcmp(r->format, "text")) {
      fprintf(out, "%s\t%s\t%zu\t%zu\t%s\t%s\n", doc,
              kb_mention_kind_name(m[i].kind), m[i].start, m[i].end, m[i].text,
              m[i].code       ? m[i].code
              : m[i].category ? m[i].category
              : m[i].place    ? m[i].place
              : m[i].value    ? m[i].value
                              : "");
      continue;
    }
    json_t *o = json_object();
    put(o, "doc", doc);
    put(o, "kind", kb_mention_kind_name(m[i].kind));
    put(o, "text", m[i].text);
    json_object_set_new(o, "start", json_integer((json_int_t)m[i].start));
    json_object_set_new(o, "end", json_integer((json_int_t)m[i].end));
    switch (m[i].kind) {
    case KB_MENTION_ACTOR:
      json_object_set_new(o, "code",
                          m[i].code ? json_string(m[i].code) : json_null());
      put(o, "sector", m[i].sector);
      put(o, "actor_kind", m[i].actor_kind);
      break;
    case KB_MENTION_EQUIPMENT:
      put(o, "category", m[i].category);
      json_object_set_new(o, "designation",
                          m[i].designation ? json_string(m[i].designation)
                                           : json_null());
      json_object_set_new(o, "carrier", json_boolean(m[i].carrier));
      put(o, "maker", m[i].maker);
      if (m[i].has_quantity)
        json_object_set_new(o, "quantity",
                            json_integer((json_int_t)m[i].quantity));
      break;
    case KB_MENTION_PLACE:
      put(o, "name", m[i].place);
      put(o, "country", m[i].country);
      json_object_set_new(o, "lat", json_real(m[i].lat));
      json_object_set_new(o, "lon", json_real(m[i].lon));
      break;
    case KB_MENTION_DATE:
      json_object_set_new(o, "value",
                          m[i].value ? json_string(m[i].value) : json_null());
      break;
    case KB_MENTION_QUANTITY:
      json_object_set_new(o, "quantity",
                          m[i].has_quantity ? json_real(m[i].quantity)
                                            : json_null());
      put(o, "unit", m[i].unit);
      break;
    }
    char *s = json_dumps(o, JSON_COMPACT);
    if (s) fprintf(out, "%s\n", s);
    free(s);
    json_decref(o);
  }
}

/* RFC 4180: quote every field, double inner quotes. */
static void csv_field(FILE *out, const char *s, int last) {
  putc('"', out);
  for (; s && *s; s++) {
    if (*s == '"') putc('"', out);
    putc(*s, out);
  }
  putc('"', out);
  fputs(last ? "\r\n" : ",", out);
}

static void print_events(const run *cr, kb_analysis *a, FILE *out) {
  run *r = (run *)cr; /* header_done: one thread only (see each_analysis) */
  const kb_event *e;
  size_t n = kb_extract(a, &e);
  for (size_t i = 0; i < n; i++) {
    if (!strcmp(r->format, "csv")) {
      if (!r->header_done) { /* read-only with several jobs: preset */
        r->header_done = 1;
        fputs(csv_header, out);
      }
      char equip[1024] = "", conf[16];
      size_t k = 0;
      /* "helicopter Mi-171Sh x4; trainer_aircraft L-39 x2" */
      for (size_t q = 0; q < e[i].n_equipment && k < sizeof equip - 96; q++) {
        const kb_equipment *x = &e[i].equipment[q];
        k += (size_t)snprintf(
            equip + k, sizeof equip - k, "%s%s%s%s", q ? "; " : "", x->category,
            x->designation ? " " : "", x->designation ? x->designation : "");
        if (x->has_quantity && k < sizeof equip - 32)
          k += (size_t)snprintf(equip + k, sizeof equip - k, " x%.0f",
                                x->quantity);
      }
      snprintf(conf, sizeof conf, "%.2f", e[i].confidence);
      csv_field(out, e[i].doc, 0);
      csv_field(out, e[i].type, 0);
      csv_field(out, e[i].source.code, 0);
      csv_field(out, e[i].target.code, 0);
      csv_field(out, equip, 0);
      csv_field(out, e[i].date_value, 0);
      csv_field(out, e[i].place_name, 0);
      csv_field(out, e[i].modality, 0);
      csv_field(out, conf, 0);
      csv_field(out, e[i].evidence_text, 1);
      continue;
    }
    char *s = kb_event_to_json(&e[i], NULL);
    if (s) fprintf(out, "%s\n", s);
    free(s);
  }
}

static int parse_format(int *i, int argc, char **argv, const char **format,
                        const char *const *allowed, const char *cmd) {
  if (strcmp(argv[*i], "--format") || *i + 1 >= argc) return 0;
  *format = argv[++*i];
  for (; *allowed; allowed++)
    if (!strcmp(*allowed, *format)) return 1;
  fprintf(stderr, "kibaru %s: unknown format '%s'\n", cmd, *format);
  return -1;
}

static int run_command(int argc, char **argv, const char *cmd,
                       const char *const *formats, const char *help,
                       analysis_fn fn) {
  run r = {.format = formats[0]};
  int i = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--help")) {
      fputs(help, stdout);
      return 0;
    }
    int f = parse_format(&i, argc, argv, &r.format, formats, cmd);
    if (f == 0) f = cli_jobs_option(&i, argc, argv, cmd);
    if (f < 0) return 2;
    if (f == 0) {
      fprintf(stderr, "kibaru %s: unknown option '%s'\n", cmd, argv[i]);
      return 2;
    }
  }
  if (i == argc) {
    fprintf(stderr, "kibaru %s: no input (use - for stdin)\n", cmd);
    return 2;
  }
  kb_error err = {0};
  r.lex = kb_lexicon_load(NULL, &err);
  if (!r.lex) {
    fprintf(stderr, "kibaru: %s:%lld: %s\n", err.input, err.line, err.message);
    return 2;
  }
  each_analysis(&r, argc - i, argv + i, fn);
  kb_lexicon_free(r.lex);
  return r.skipped ? 1 : 0;
}

int cmd_mentions(int argc, char **argv) {
  static const char *const formats[] = {"jsonl", "text", NULL};
  return run_command(
      argc, argv, "mentions", formats,
      "usage: kibaru mentions [--format jsonl|text] [--jobs N] INPUT...\n"
      "Prints every actor, equipment, place, date and quantity mention:\n"
      "{\"doc\",\"kind\",\"text\",\"start\",\"end\", and code | category,\n"
      "designation, carrier | name, country, lat, lon | value | quantity}.\n"
      "Offsets are bytes into the text 'kibaru text' prints.\n",
      print_mentions);
}

int cmd_extract(int argc, char **argv) {
  static const char *const formats[] = {"jsonl", "csv", NULL};
  return run_command(
      argc, argv, "extract", formats,
      "usage: kibaru extract [--format jsonl|csv] [--jobs N] INPUT...\n"
      "Prints the events of each document (DESIGN.md event record), one per\n"
      "distinct event, with the evidence sentence and its byte offsets.\n"
      "--jobs N: N threads clean and analyse; the output is the same, in\n"
      "input order.\n",
      print_events);
}

static double ratio(int a, int b) { return b ? (double)a / b : 0.0; }

static void prf(const kb_eval_counts *c, double *p, double *r, double *f) {
  *p = ratio(c->tp, c->tp + c->fp);
  *r = ratio(c->tp, c->tp + c->fn);
  *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

static json_t *counts_json(const kb_eval_counts *c) {
  double p, r, f;
  prf(c, &p, &r, &f);
  return json_pack("{s:i,s:i,s:i,s:f,s:f,s:f}", "tp", c->tp, "fp", c->fp, "fn",
                   c->fn, "precision", p, "recall", r, "f1", f);
}

int cmd_eval(int argc, char **argv) {
  const char *gold = NULL, *pred = NULL, *format = "table";
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      puts("usage: kibaru eval --gold GOLD.jsonl [--format table|json] "
           "PRED.jsonl\n"
           "Scores predicted events against gold (DESIGN.md, Scoring):\n"
           "per-type and overall precision, recall, F1, and on matched\n"
           "pairs the accuracy of date, place, modality and the mean\n"
           "equipment-category F1.");
      return 0;
    }
    if (!strcmp(argv[i], "--gold") && i + 1 < argc)
      gold = argv[++i];
    else if (!strcmp(argv[i], "--format") && i + 1 < argc)
      format = argv[++i];
    else if (argv[i][0] != '-')
      pred = argv[i];
    else {
      fprintf(stderr, "kibaru eval: unknown option '%s'\n", argv[i]);
      return 2;
    }
  }
  if (!gold || !pred) {
    fputs("kibaru eval: need --gold GOLD.jsonl and PRED.jsonl\n", stderr);
    return 2;
  }
  kb_eval_result r;
  kb_error err = {0};
  if (kb_eval_files(gold, pred, &r, &err) != KB_OK) {
    fprintf(stderr, "kibaru eval: %s:%lld: %s\n", err.input, err.line,
            err.message);
    return 2;
  }
  double m = r.matched ? r.matched : 1;
  if (!strcmp(format, "json")) {
    json_t *o = json_object();
    json_object_set_new(o, "all", counts_json(&r.all));
    json_t *types = json_object();
    for (size_t i = 0; i < r.ntypes; i++)
      json_object_set_new(types, r.types[i].type, counts_json(&r.types[i]));
    json_object_set_new(o, "types", types);
    json_object_set_new(
        o, "slots",
        json_pack("{s:i,s:f,s:f,s:f,s:f}", "matched", r.matched, "date",
                  r.date_ok / m, "place", r.place_ok / m, "equipment",
                  r.equipment_f1_sum / m, "modality", r.modality_ok / m));
    char *s = json_dumps(o, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(o);
    return 0;
  }
  printf("%-16s %5s %5s %5s %9s %7s %6s\n", "type", "tp", "fp", "fn",
         "precision", "recall", "f1");
  for (size_t i = 0; i <= r.ntypes; i++) {
    const kb_eval_counts *c = i < r.ntypes ? &r.types[i] : &r.all;
    double p, rc, f;
    prf(c, &p, &rc, &f);
    printf("%-16s %5d %5d %5d %9.3f %7.3f %6.3f\n", c->type, c->tp, c->fp,
           c->fn, p, rc, f);
  }
  printf("\nslots on %d matched events: date %.3f  place %.3f  equipment %.3f"
         "  modality %.3f\n",
         r.matched, r.date_ok / m, r.place_ok / m, r.equipment_f1_sum / m,
         r.modality_ok / m);
  return 0;
}
