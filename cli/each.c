/* The loop every document command shares: open each input, read its
 * documents, clean them, hand each cleaned text on; print every skip on
 * stderr naming the input (and record), and count the skips.
 *
 * With --jobs N, N threads clean and analyse while this thread reads: each
 * document's output is written to memory and printed in input order, with
 * its errors, so the result is byte for byte the one of a single thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_jobs = 1;

int cli_jobs_option(int *i, int argc, char **argv, const char *cmd) {
  if (strcmp(argv[*i], "--jobs")) return 0;
  char *end = NULL;
  long n = *i + 1 < argc ? strtol(argv[*i + 1], &end, 10) : 0;
  if (!end || *end || n < 1 || n > 256) {
    fprintf(stderr, "kibaru %s: --jobs wants a number from 1 to 256\n", cmd);
    return -1;
  }
  cli_jobs = (int)n;
  ++*i;
  return 1;
}

void cli_report(int *skipped, const kb_error *e) {
  if (e->line > 0)
    fprintf(stderr, "kibaru: %s: record %lld: %s\n", e->input, e->line,
            e->message);
  else
    fprintf(stderr, "kibaru: %s: %s\n", e->input, e->message);
  (*skipped)++;
}

/* A later stage refused a document: name its file and record too, as an
 * id alone (a WARC record's UUID) does not say where to look. */
static void report_doc(int *skipped, const kb_error *at, const char *id,
                       kb_error *e) {
  if (at->input[0] && strcmp(at->input, id)) {
    char msg[sizeof e->message];
    memcpy(msg, e->message, sizeof msg);
    snprintf(e->message, sizeof e->message, "%.200s: %.300s", id, msg);
    snprintf(e->input, sizeof e->input, "%s", at->input);
    e->line = at->line;
  }
  cli_report(skipped, e);
}

/* Cleans one document and runs fn on it; 0 when it was skipped (err). */
static int run_one(const kb_doc *d, cli_text_fn fn, void *ctx, FILE *out,
                   kb_error *err) {
  memset(err, 0, sizeof *err);
  kb_text *t = kb_clean(d, err);
  int ok = t && fn(ctx, t, out, err) == KB_OK;
  kb_text_free(t);
  return ok;
}

static void each_in(const char *path, cli_text_fn fn, void *ctx, int *skipped) {
  kb_error err = {0};
  kb_reader *r = kb_reader_open(path, &err);
  if (!r) {
    cli_report(skipped, &err);
    return;
  }
  for (;;) {
    const kb_doc *d = NULL;
    memset(&err, 0, sizeof err);
    kb_status st = kb_reader_next(r, &d, &err);
    if (st == KB_END) break;
    if (st != KB_OK) {
      cli_report(skipped, &err);
      continue;
    }
    kb_error at = err; /* the reader says where d came from */
    if (!run_one(d, fn, ctx, stdout, &err))
      report_doc(skipped, &at, d->id, &err);
  }
  kb_reader_free(r);
}

/* ---- several threads ---------------------------------------------------- */

/* Documents travel in batches (news articles are small: one hand-over per
 * document cost more than it saved). */
enum { BATCH_DOCS = 64, BATCH_BYTES = 1 << 20 };
enum { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

typedef struct item {
  int reader_error; /* err is the reader's: nothing to run */
  kb_doc doc;       /* a copy: the reader reuses its buffers */
  char *strings[7];
  kb_error at, err;
  int failed;
} item;

typedef struct slot {
  int state;
  int n;
  size_t bytes;
  item items[BATCH_DOCS];
  char *out; /* the batch's output, in order */
  size_t outlen;
} slot;

typedef struct pool {
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  slot *ring;
  size_t nring;
  unsigned long long queued, next_run; /* batch sequence numbers */
  int closing;
  cli_text_fn fn;
  void *ctx;
} pool;

static void set_oom(kb_error *e, const char *id) {
  memset(e, 0, sizeof *e);
  e->code = KB_ERR_NOMEM;
  snprintf(e->input, sizeof e->input, "%s", id);
  snprintf(e->message, sizeof e->message, "out of memory");
}

static char *dup_n(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (p) {
    if (n) memcpy(p, s, n);
    p[n] = 0;
  }
  return p;
}

static void slot_clear(slot *s) {
  for (int k = 0; k < s->n; k++)
    for (size_t i = 0; i < 7; i++)
      free(s->items[k].strings[i]);
  free(s->out);
  s->out = NULL;
  s->outlen = 0;
  s->n = 0;
  s->bytes = 0;
  s->state = SLOT_FREE;
}

/* 0 when out of memory. */
static int item_take_doc(item *it, const kb_doc *d) {
  const char *src[] = {d->id,   d->url,   d->published,
                       d->lang, d->title, d->publisher};
  const char **dst[] = {&it->doc.id,   &it->doc.url,   &it->doc.published,
                        &it->doc.lang, &it->doc.title, &it->doc.publisher};
  for (size_t i = 0; i < sizeof src / sizeof *src; i++)
    if (src[i]) {
      it->strings[i] = dup_n(src[i], strlen(src[i]));
      if (!it->strings[i]) return 0;
      *dst[i] = it->strings[i];
    }
  it->strings[6] = dup_n(d->raw ? d->raw : "", d->raw_len);
  if (!it->strings[6]) return 0;
  it->doc.raw = it->strings[6];
  it->doc.raw_len = d->raw_len;
  it->doc.is_html = d->is_html;
  return 1;
}

static void run_batch(pool *p, slot *s) {
  FILE *mem = open_memstream(&s->out, &s->outlen);
  for (int k = 0; k < s->n; k++) {
    item *it = &s->items[k];
    if (it->reader_error || it->failed) continue;
    if (!mem) {
      it->failed = 1;
      set_oom(&it->err, it->doc.id);
      continue;
    }
    it->failed = !run_one(&it->doc, p->fn, p->ctx, mem, &it->err);
  }
  if (mem) fclose(mem);
}

static void *worker(void *arg) {
  pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next_run == p->queued && !p->closing)
      pthread_cond_wait(&p->work, &p->mu);
    if (p->next_run == p->queued) break; /* closing, nothing left */
    slot *s = &p->ring[p->next_run++ % p->nring];
    s->state = SLOT_RUNNING;
    pthread_mutex_unlock(&p->mu);
    run_batch(p, s);
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_DONE;
    pthread_cond_broadcast(&p->done);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

typedef struct emitter {
  pool *p;
  slot *filling; /* the batch being filled, not yet queued */
  unsigned long long next_emit;
  int *skipped;
  const char *header; /* printed before the first output, once */
} emitter;

/* Prints the oldest batch, waiting for it; 0 when none is queued. */
static int emit_one(emitter *e) {
  pool *p = e->p;
  pthread_mutex_lock(&p->mu);
  if (e->next_emit == p->queued) {
    pthread_mutex_unlock(&p->mu);
    return 0;
  }
  slot *s = &p->ring[e->next_emit % p->nring];
  while (s->state != SLOT_DONE)
    pthread_cond_wait(&p->done, &p->mu);
  pthread_mutex_unlock(&p->mu);
  if (s->outlen) {
    if (e->header) fputs(e->header, stdout);
    e->header = NULL;
    fwrite(s->out, 1, s->outlen, stdout);
  }
  for (int k = 0; k < s->n; k++) {
    item *it = &s->items[k];
    if (it->reader_error)
      cli_report(e->skipped, &it->err);
    else if (it->failed)
      report_doc(e->skipped, &it->at, it->doc.id, &it->err);
  }
  slot_clear(s);
  e->next_emit++;
  return 1;
}

/* Hands the batch being filled to the workers. */
static void queue_batch(emitter *e) {
  pool *p = e->p;
  if (!e->filling || !e->filling->n) return;
  pthread_mutex_lock(&p->mu);
  e->filling->state = SLOT_QUEUED;
  p->queued++;
  pthread_cond_signal(&p->work);
  pthread_mutex_unlock(&p->mu);
  e->filling = NULL;
}

/* The next item of the batch being filled (a new batch when full; waits
 * for the oldest batch to be printed when every slot is taken). */
static item *next_item(emitter *e) {
  pool *p = e->p;
  if (e->filling &&
      (e->filling->n == BATCH_DOCS || e->filling->bytes >= BATCH_BYTES))
    queue_batch(e);
  if (!e->filling) {
    while (p->queued - e->next_emit == p->nring)
      emit_one(e);
    e->filling = &p->ring[p->queued % p->nring];
  }
  item *it = &e->filling->items[e->filling->n];
  memset(it, 0, sizeof *it);
  return it;
}

static void each_in_parallel(const char *path, emitter *e) {
  item *it = next_item(e);
  kb_reader *r = kb_reader_open(path, &it->err);
  if (!r) {
    it->reader_error = 1;
    e->filling->n++;
    return;
  }
  for (;;) {
    it = next_item(e);
    const kb_doc *d = NULL;
    kb_status st = kb_reader_next(r, &d, &it->err);
    if (st == KB_END) break;
    if (st != KB_OK) {
      it->reader_error = 1;
      e->filling->n++;
      continue;
    }
    it->at = it->err; /* the reader says where d came from */
    memset(&it->err, 0, sizeof it->err);
    if (!item_take_doc(it, d)) {
      it->failed = 1;
      it->doc.id = it->strings[0] ? it->strings[0] : "";
      set_oom(&it->err, it->doc.id);
    }
    e->filling->n++;
    e->filling->bytes += d->raw_len;
  }
  kb_reader_free(r);
}

static int each_parallel(int argc, char **argv, cli_text_fn fn, void *ctx,
                         const char *header) {
  int skipped = 0, n = cli_jobs;
  pool p = {.fn = fn, .ctx = ctx, .nring = (size_t)n * 3};
  p.ring = calloc(p.nring, sizeof *p.ring);
  pthread_t *th = calloc((size_t)n, sizeof *th);
  int started = 0;
  if (p.ring && th) {
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    for (; started < n; started++)
      if (pthread_create(&th[started], NULL, worker, &p)) break;
  }
  if (!started) { /* no memory or no thread: do the work here */
    free(p.ring);
    free(th);
    cli_jobs = 1;
    return cli_each_text(argc, argv, fn, ctx, header);
  }
  emitter e = {.p = &p, .skipped = &skipped, .header = header};
  for (int i = 0; i < argc; i++)
    each_in_parallel(argv[i], &e);
  queue_batch(&e);
  while (emit_one(&e))
    ;
  pthread_mutex_lock(&p.mu);
  p.closing = 1;
  pthread_cond_broadcast(&p.work);
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  pthread_cond_destroy(&p.work);
  pthread_cond_destroy(&p.done);
  pthread_mutex_destroy(&p.mu);
  free(p.ring);
  free(th);
  return skipped;
}

/* ------------------------------------------------------------------------- */

/* The header goes out before the first output (CSV); NULL for none. In one
 * thread, fn writes it itself (see cmd_extract.c). */
int cli_each_text(int argc, char **argv, cli_text_fn fn, void *ctx,
                  const char *header) {
  if (cli_jobs > 1) return each_parallel(argc, argv, fn, ctx, header);
  int skipped = 0;
  for (int i = 0; i < argc; i++)
    each_in(argv[i], fn, ctx, &skipped);
  return skipped;
}
