/* The event record of DESIGN.md as JSON, with jansson. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *actor_json(const kb_actor_ref *r) {
  if (!r->code) return json_null();
  json_t *o = json_object();
  json_object_set_new(o, "code", json_string(r->code));
  json_object_set_new(o, "text", str_or_null(r->text));
  return o;
}

static json_t *equipment_json(const kb_event *e) {
  json_t *arr = json_array();
  for (size_t i = 0; i < e->n_equipment; i++) {
    const kb_equipment *q = &e->equipment[i];
    json_t *o = json_object();
    json_object_set_new(o, "category", json_string(q->category));
    json_object_set_new(o, "designation", str_or_null(q->designation));
    json_object_set_new(o, "quantity",
                        q->has_quantity ? json_integer((json_int_t)q->quantity)
                                        : json_null());
    json_object_set_new(o, "text", str_or_null(q->text));
    json_array_append_new(arr, o);
  }
  return arr;
}

static json_t *place_json(const kb_event *e) {
  if (!e->place_name) return json_null();
  json_t *o = json_object();
  json_object_set_new(o, "name", json_string(e->place_name));
  json_object_set_new(o, "country", str_or_null(e->place_country));
  if (e->place_has_coords) {
    json_object_set_new(o, "lat", json_real(e->place_lat));
    json_object_set_new(o, "lon", json_real(e->place_lon));
  }
  json_object_set_new(o, "precision", str_or_null(e->place_precision));
  return o;
}

char *kb_event_to_json(const kb_event *e, const char *extra_json) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_object_set_new(o, "doc", str_or_null(e->doc));
  json_object_set_new(o, "type", json_string(e->type));
  json_object_set_new(o, "source", actor_json(&e->source));
  json_object_set_new(o, "target", actor_json(&e->target));
  json_object_set_new(o, "equipment", equipment_json(e));
  if (e->date_value) {
    json_t *d = json_object();
    json_object_set_new(d, "value", json_string(e->date_value));
    json_object_set_new(d, "text", str_or_null(e->date_text));
    json_object_set_new(o, "date", d);
  } else {
    json_object_set_new(o, "date", json_null());
  }
  json_object_set_new(o, "place", place_json(e));
  json_object_set_new(o, "modality", json_string(e->modality));
  json_t *ev = json_object();
  json_object_set_new(ev, "text", str_or_null(e->evidence_text));
  json_object_set_new(ev, "start", json_integer((json_int_t)e->evidence_start));
  json_object_set_new(ev, "end", json_integer((json_int_t)e->evidence_end));
  json_object_set_new(o, "evidence", ev);
  json_object_set_new(o, "confidence", json_real(e->confidence));
  json_object_set_new(o, "plover", str_or_null(e->plover));
  json_object_set_new(o, "cameo", str_or_null(e->cameo));
  if (extra_json) {
    json_t *extra = json_loads(extra_json, 0, NULL);
    if (json_is_object(extra)) json_object_update(o, extra);
    json_decref(extra);
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
  json_decref(o);
  return s;
}
