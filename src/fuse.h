/* Cross-document event clustering (fuse.c) and the vote that consolidates a
 * cluster's fields (fuse_vote.c). */
#ifndef KB_FUSE_H
#define KB_FUSE_H
#include <stdint.h>

#include "daterange.h"
#include "store.h"

/* Two reports of one event may give dates this many days apart (a Thursday
 * and a Friday, an arrival and a ceremony, "hier" read against the wrong
 * day) and still be one event. Wider would merge the next delivery. */
#define KB_FUSE_DATE_SLACK 3

/* Attacks farther apart than this are different attacks, even by the same
 * group on the same day; a neighbourhood and its city are one place. */
#define KB_FUSE_ATTACK_KM 50.0

/* What fusion knows of an event, or of a cluster so far. */
typedef struct kb_fz_item {
  const char *type;
  const char *source, *target; /* NULL: unknown */
  kb_dr date; /* prec NONE with has_range: the window before publication */
  int has_range;
  uint32_t categories;
  const char *place_fold; /* a named place, not a whole country */
  int has_coords;
  double lat, lon;
} kb_fz_item;

int kb_fz_unordered(const char *type);
/* 1 when an event can be a report of the cluster's event. */
int kb_fz_compatible(const kb_fz_item *ev, const kb_fz_item *cl);
/* Higher is a better match among compatible clusters. */
double kb_fz_score(const kb_fz_item *ev, const kb_fz_item *cl, int size);

/* Gives every document without one a syndication group (neardup.c). */
kb_status kb_fuse_neardup(kb_store *s, kb_fuse_stats *stats, kb_error *err);

/* Recomputes the consolidated fields, conflicts and counts of one cluster
 * from its events. */
kb_status kb_fuse_consolidate(kb_store *s, sqlite3_int64 cluster,
                              kb_error *err);
#endif
