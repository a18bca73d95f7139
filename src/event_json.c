/* The event record of DESIGN.md as one line of JSON. Written directly
 * into a buffer: it is on the hot path of extract and ingest, and its
 * shape is fixed. jansson still reads the caller's extra members. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "internal.h"

enum { JSON_MAX = 64u << 20 };

/* A JSON string: quotes, backslashes and control characters escaped; the
 * text is valid UTF-8 already (the UTF-8 policy of the cleaning stage). */
static void put_str(kb_buf *b, const char *s) {
  if (!s) {
    kb_buf_adds(b, "null");
    return;
  }
  kb_buf_addc(b, '"');
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    kb_buf_add(b, run, (size_t)(s - run));
    char esc[8];
    switch (c) {
    case '"': kb_buf_adds(b, "\\\""); break;
    case '\\': kb_buf_adds(b, "\\\\"); break;
    case '\n': kb_buf_adds(b, "\\n"); break;
    case '\t': kb_buf_adds(b, "\\t"); break;
    case '\r': kb_buf_adds(b, "\\r"); break;
    case '\b': kb_buf_adds(b, "\\b"); break;
    case '\f': kb_buf_adds(b, "\\f"); break;
    default: snprintf(esc, sizeof esc, "\\u%04x", c); kb_buf_adds(b, esc);
    }
    run = s + 1;
  }
  kb_buf_add(b, run, (size_t)(s - run));
  kb_buf_addc(b, '"');
}

static void put_key(kb_buf *b, const char *k, int first) {
  if (!first) kb_buf_addc(b, ',');
  kb_buf_addc(b, '"');
  kb_buf_adds(b, k);
  kb_buf_adds(b, "\":");
}

/* Reals as jansson prints them with JSON_REAL_PRECISION(6). The same few
 * values come back all the time (a place's coordinates, confidences), and
 * printf of a double costs more than the rest of the record: each thread
 * keeps the last texts it made, by the value's bits. */
static void put_real(kb_buf *b, double v) {
  static __thread struct {
    double v;
    char text[40];
  } memo[256];
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  unsigned slot = (unsigned)((bits * 0x9E3779B97F4A7C15ull) >> 56);
  if (!memo[slot].text[0] || memcmp(&memo[slot].v, &v, sizeof v)) {
    char *num = memo[slot].text;
    snprintf(num, sizeof memo[slot].text - 2, "%.6g", v);
    if (!strpbrk(num, ".eE")) strcat(num, ".0");
    memo[slot].v = v;
  }
  kb_buf_adds(b, memo[slot].text);
}

static void put_int(kb_buf *b, long long v) {
  char num[24], *p = num + sizeof num;
  unsigned long long u =
      v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  *--p = 0;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  kb_buf_adds(b, p);
}

static void put_actor(kb_buf *b, const kb_actor_ref *r) {
  if (!r->code) {
    kb_buf_adds(b, "null");
    return;
  }
  kb_buf_adds(b, "{\"code\":");
  put_str(b, r->code);
  kb_buf_adds(b, ",\"text\":");
  put_str(b, r->text);
  kb_buf_addc(b, '}');
}

static void put_equipment(kb_buf *b, const kb_event *e) {
  kb_buf_addc(b, '[');
  for (size_t i = 0; i < e->n_equipment; i++) {
    const kb_equipment *q = &e->equipment[i];
    if (i) kb_buf_addc(b, ',');
    kb_buf_adds(b, "{\"category\":");
    put_str(b, q->category);
    kb_buf_adds(b, ",\"designation\":");
    put_str(b, q->designation);
    kb_buf_adds(b, ",\"quantity\":");
    if (q->has_quantity)
      put_int(b, (long long)q->quantity);
    else
      kb_buf_adds(b, "null");
    kb_buf_adds(b, ",\"text\":");
    put_str(b, q->text);
    kb_buf_addc(b, '}');
  }
  kb_buf_addc(b, ']');
}

static void put_place(kb_buf *b, const kb_event *e) {
  if (!e->place_name) {
    kb_buf_adds(b, "null");
    return;
  }
  kb_buf_adds(b, "{\"name\":");
  put_str(b, e->place_name);
  kb_buf_adds(b, ",\"country\":");
  put_str(b, e->place_country);
  if (e->place_has_coords) {
    kb_buf_adds(b, ",\"lat\":");
    put_real(b, e->place_lat);
    kb_buf_adds(b, ",\"lon\":");
    put_real(b, e->place_lon);
  }
  kb_buf_adds(b, ",\"precision\":");
  put_str(b, e->place_precision);
  kb_buf_addc(b, '}');
}

static int known_key(const char *k) {
  static const char *const keys[] = {
      "doc",    "type",  "source",   "target",   "equipment",
      "date",   "place", "modality", "evidence", "confidence",
      "plover", "cameo", NULL};
  for (const char *const *p = keys; *p; p++)
    if (!strcmp(*p, k)) return 1;
  return 0;
}

/* The extra members, in their order, after the record's own. */
static void put_extra(kb_buf *b, json_t *extra) {
  const char *k;
  json_t *v;
  json_object_foreach(extra, k, v) {
    char *s =
        json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
    if (!s) continue;
    put_key(b, k, 0);
    kb_buf_adds(b, s);
    free(s);
  }
}

/* Extras that replace members of the record (rare): jansson merges. */
static char *merged(const kb_event *e, json_t *extra) {
  char *base = kb_event_to_json(e, NULL);
  json_t *o = base ? json_loads(base, 0, NULL) : NULL;
  free(base);
  if (o) json_object_update(o, extra);
  char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
  json_decref(o);
  return s;
}

char *kb_event_to_json(const kb_event *e, const char *extra_json) {
  json_t *extra = extra_json ? json_loads(extra_json, 0, NULL) : NULL;
  if (!json_is_object(extra)) {
    json_decref(extra);
    extra = NULL;
  }
  const char *k;
  json_t *v;
  int overrides = 0;
  if (extra) json_object_foreach(extra, k, v) overrides |= known_key(k);
  if (overrides) {
    char *s = merged(e, extra);
    json_decref(extra);
    return s;
  }
  kb_buf b;
  kb_buf_init(&b, JSON_MAX);
  kb_buf_addc(&b, '{');
  put_key(&b, "doc", 1);
  put_str(&b, e->doc);
  put_key(&b, "type", 0);
  put_str(&b, e->type);
  put_key(&b, "source", 0);
  put_actor(&b, &e->source);
  put_key(&b, "target", 0);
  put_actor(&b, &e->target);
  put_key(&b, "equipment", 0);
  put_equipment(&b, e);
  put_key(&b, "date", 0);
  if (e->date_value) {
    kb_buf_adds(&b, "{\"value\":");
    put_str(&b, e->date_value);
    kb_buf_adds(&b, ",\"text\":");
    put_str(&b, e->date_text);
    kb_buf_addc(&b, '}');
  } else {
    kb_buf_adds(&b, "null");
  }
  put_key(&b, "place", 0);
  put_place(&b, e);
  put_key(&b, "modality", 0);
  put_str(&b, e->modality);
  put_key(&b, "evidence", 0);
  kb_buf_adds(&b, "{\"text\":");
  put_str(&b, e->evidence_text);
  kb_buf_adds(&b, ",\"start\":");
  put_int(&b, (long long)e->evidence_start);
  kb_buf_adds(&b, ",\"end\":");
  put_int(&b, (long long)e->evidence_end);
  kb_buf_addc(&b, '}');
  put_key(&b, "confidence", 0);
  put_real(&b, e->confidence);
  put_key(&b, "plover", 0);
  put_str(&b, e->plover);
  put_key(&b, "cameo", 0);
  put_str(&b, e->cameo);
  if (extra) put_extra(&b, extra);
  json_decref(extra);
  if (kb_buf_addc(&b, '}') != KB_OK) {
    kb_buf_free(&b);
    return NULL;
  }
  return kb_buf_steal(&b);
}
