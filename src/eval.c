/* kibaru eval: the scoring rule of DESIGN.md over two JSON Lines files. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "internal.h"

typedef struct ev {
  char doc[256], type[24], src[32], tgt[32], date[16], modality[16];
  char *place; /* folded, or NULL */
  char cats[16][24];
  int ncats;
  int used;
} ev;

typedef struct ev_list {
  ev *v;
  size_t n, cap;
} ev_list;

/* A field that is either "CODE" or {"code": "CODE"} (or value/name). */
static const char *field_str(json_t *o, const char *key, const char *sub) {
  json_t *v = json_object_get(o, key);
  if (json_is_string(v)) return json_string_value(v);
  if (json_is_object(v)) {
    json_t *s = json_object_get(v, sub);
    if (json_is_string(s)) return json_string_value(s);
  }
  return "";
}

static void copy(char *dst, size_t n, const char *s) {
  snprintf(dst, n, "%s", s ? s : "");
}

static kb_status parse_event(json_t *o, ev *e) {
  memset(e, 0, sizeof *e);
  copy(e->doc, sizeof e->doc, field_str(o, "doc", ""));
  copy(e->type, sizeof e->type, field_str(o, "type", ""));
  copy(e->src, sizeof e->src, field_str(o, "source", "code"));
  copy(e->tgt, sizeof e->tgt, field_str(o, "target", "code"));
  copy(e->date, sizeof e->date, field_str(o, "date", "value"));
  copy(e->modality, sizeof e->modality, field_str(o, "modality", ""));
  const char *place = field_str(o, "place", "name");
  e->place = *place ? kb_fold_dup(place, strlen(place)) : NULL;
  json_t *eq = json_object_get(o, "equipment");
  size_t i;
  json_t *item;
  json_array_foreach(eq, i, item) {
    const char *c = field_str(item, "category", "");
    int dup = 0;
    for (int k = 0; k < e->ncats; k++)
      if (!strcmp(e->cats[k], c)) dup = 1;
    if (!dup && *c && e->ncats < 16) copy(e->cats[e->ncats++], 24, c);
  }
  return e->doc[0] && e->type[0] ? KB_OK : KB_ERR_FORMAT;
}

static kb_status read_events(const char *path, ev_list *out, kb_error *err) {
  FILE *f = fopen(path, "r");
  if (!f) return kb_error_set(err, KB_ERR_IO, path, 0, -1, "cannot open");
  char *line = NULL;
  size_t cap = 0;
  long long lineno = 0;
  kb_status st = KB_OK;
  while (getline(&line, &cap, f) > 0 && st == KB_OK) {
    lineno++;
    if (line[strspn(line, " \t\r\n")] == 0) continue;
    json_error_t je;
    json_t *o = json_loads(line, 0, &je);
    if (!json_is_object(o)) {
      st = kb_error_set(err, KB_ERR_FORMAT, path, lineno, -1,
                        "not a JSON object: %s", je.text);
      json_decref(o);
      break;
    }
    if (out->n == out->cap) {
      size_t nc = out->cap ? out->cap * 2 : 64;
      ev *v = kb_realloc(out->v, nc * sizeof *v);
      if (!v)
        st = KB_ERR_NOMEM;
      else {
        out->v = v;
        out->cap = nc;
      }
    }
    if (st == KB_OK) {
      if (parse_event(o, &out->v[out->n]) == KB_OK)
        out->n++;
      else {
        kb_free(out->v[out->n].place);
        st = kb_error_set(err, KB_ERR_FORMAT, path, lineno, -1,
                          "event without doc or type");
      }
    }
    json_decref(o);
  }
  free(line);
  fclose(f);
  return st;
}

static void free_events(ev_list *l) {
  for (size_t i = 0; i < l->n; i++)
    kb_free(l->v[i].place);
  kb_free(l->v);
}

static int unordered(const char *type) {
  return !strcmp(type, "AGREEMENT") || !strcmp(type, "MEETING");
}

static int matches(const ev *g, const ev *p) {
  if (strcmp(g->doc, p->doc) || strcmp(g->type, p->type)) return 0;
  if (!strcmp(g->src, p->src) && !strcmp(g->tgt, p->tgt)) return 1;
  return unordered(g->type) && !strcmp(g->src, p->tgt) &&
         !strcmp(g->tgt, p->src);
}

static int date_right(const ev *g, const ev *p) {
  if (!g->date[0]) return !p->date[0];
  return !strncmp(g->date, p->date, strlen(g->date));
}

static double equipment_f1(const ev *g, const ev *p) {
  if (!g->ncats && !p->ncats) return 1.0;
  int common = 0;
  for (int i = 0; i < g->ncats; i++)
    for (int j = 0; j < p->ncats; j++)
      if (!strcmp(g->cats[i], p->cats[j])) common++;
  if (!common) return 0.0;
  double pr = (double)common / p->ncats, rc = (double)common / g->ncats;
  return 2 * pr * rc / (pr + rc);
}

static kb_eval_counts *type_counts(kb_eval_result *r, const char *type) {
  for (size_t i = 0; i < r->ntypes; i++)
    if (!strcmp(r->types[i].type, type)) return &r->types[i];
  if (r->ntypes == sizeof r->types / sizeof *r->types) return NULL;
  kb_eval_counts *c = &r->types[r->ntypes++];
  copy(c->type, sizeof c->type, type);
  return c;
}

static void score(ev_list *gold, ev_list *pred, kb_eval_result *r) {
  for (size_t i = 0; i < gold->n; i++) {
    ev *g = &gold->v[i];
    if (!strcmp(g->type, "OTHER")) continue;
    /* prefer the candidate whose date also agrees */
    ev *best = NULL;
    for (size_t j = 0; j < pred->n; j++) {
      ev *p = &pred->v[j];
      if (p->used || !matches(g, p)) continue;
      if (!best || (date_right(g, p) && !date_right(g, best))) best = p;
    }
    kb_eval_counts *c = type_counts(r, g->type);
    if (best) {
      best->used = 1;
      r->all.tp++;
      if (c) c->tp++;
      r->matched++;
      r->date_ok += date_right(g, best);
      r->place_ok +=
          (!g->place && !best->place) ||
          (g->place && best->place && !strcmp(g->place, best->place));
      r->modality_ok += !strcmp(g->modality, best->modality);
      r->equipment_f1_sum += equipment_f1(g, best);
    } else {
      r->all.fn++;
      if (c) c->fn++;
    }
  }
  for (size_t j = 0; j < pred->n; j++) {
    ev *p = &pred->v[j];
    if (p->used) continue;
    r->all.fp++;
    kb_eval_counts *c = type_counts(r, p->type);
    if (c) c->fp++;
  }
}

kb_status kb_eval_files(const char *gold_path, const char *pred_path,
                        kb_eval_result *r, kb_error *err) {
  memset(r, 0, sizeof *r);
  copy(r->all.type, sizeof r->all.type, "ALL");
  ev_list gold = {0}, pred = {0};
  kb_status st = read_events(gold_path, &gold, err);
  if (st == KB_OK) st = read_events(pred_path, &pred, err);
  if (st == KB_OK) score(&gold, &pred, r);
  free_events(&gold);
  free_events(&pred);
  return st;
}
