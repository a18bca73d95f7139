/* The ingest pipeline: one thread reads the inputs, worker threads clean,
 * analyse and extract (pure functions of one document, DESIGN.md), and the
 * calling thread stores the results in input order, so that the database is
 * the same whatever the number of threads. At most `cap` documents are in
 * flight, which bounds memory. Workers look up whether a text is already
 * stored through their own read-only connection (WAL lets readers run
 * beside the writer), so re-ingesting skips analysis. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "store.h"

typedef struct job {
  long seq;
  kb_doc doc; /* deep copy; strings in mem */
  char *mem;
  kb_error err;
  int failed;  /* err says why; nothing to store */
  int present; /* text already stored: no analysis */
  kb_text *text;
  kb_analysis *an;
  const kb_mention *m;
  const kb_event *ev;
  size_t nm, ne;
  struct job *next;
} job;

typedef struct pipeline {
  pthread_mutex_t mu;
  pthread_cond_t work, done, space;
  job *head, *tail; /* waiting for a worker */
  job **ready;      /* finished, by seq % cap */
  int cap, in_flight;
  long next_read, next_store;
  int reader_done, stop;
  kb_store *s;
  const kb_lexicon *lex;
  const char *const *inputs;
  size_t n_inputs;
} pipeline;

/* ---- jobs --------------------------------------------------------------- */

static size_t slen(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *put(char **p, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  memcpy(*p, s, n);
  const char *r = *p;
  *p += n;
  return r;
}

/* The reader's document is borrowed until its next call: copy it. */
static job *job_of_doc(const kb_doc *d, long seq) {
  job *j = kb_calloc(1, sizeof *j);
  size_t n = slen(d->id) + slen(d->url) + slen(d->published) + slen(d->lang) +
             slen(d->title) + slen(d->publisher) + d->raw_len + 1;
  if (j && !(j->mem = kb_malloc(n))) {
    kb_free(j);
    j = NULL;
  }
  if (!j) return NULL;
  char *p = j->mem;
  j->seq = seq;
  j->doc = *d;
  j->doc.id = put(&p, d->id);
  j->doc.url = put(&p, d->url);
  j->doc.published = put(&p, d->published);
  j->doc.lang = put(&p, d->lang);
  j->doc.title = put(&p, d->title);
  j->doc.publisher = put(&p, d->publisher);
  memcpy(p, d->raw, d->raw_len);
  p[d->raw_len] = 0;
  j->doc.raw = p;
  return j;
}

static job *job_of_error(const kb_error *e, long seq) {
  job *j = kb_calloc(1, sizeof *j);
  if (!j) return NULL;
  j->seq = seq;
  j->err = *e;
  j->failed = 1;
  return j;
}

static void job_free(job *j) {
  if (!j) return;
  kb_analysis_free(j->an);
  kb_text_free(j->text);
  kb_free(j->mem);
  kb_free(j);
}

/* ---- workers ------------------------------------------------------------ */

static void work(pipeline *p, kb_store *ro, job *j) {
  j->text = kb_clean(&j->doc, &j->err);
  if (!j->text) {
    j->failed = 1;
    return;
  }
  if (ro && kb_store_contains(ro, j->text) == 1) {
    j->present = 1;
    return;
  }
  j->an = kb_analyse(p->lex, j->text, &j->err);
  if (!j->an) {
    j->failed = 1;
    return;
  }
  j->nm = kb_analysis_mentions(j->an, &j->m);
  j->ne = kb_extract(j->an, &j->ev);
}

static void finish(pipeline *p, job *j) {
  pthread_mutex_lock(&p->mu);
  p->ready[j->seq % p->cap] = j;
  pthread_cond_broadcast(&p->done);
  pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg) {
  pipeline *p = arg;
  kb_error err;
  kb_store *ro = kb_store_open(p->s->path, 1, &err); /* NULL: no skipping */
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (!p->head && !p->reader_done)
      pthread_cond_wait(&p->work, &p->mu);
    job *j = p->head;
    if (j && !(p->head = j->next)) p->tail = NULL;
    pthread_mutex_unlock(&p->mu);
    if (!j) break;
    if (!j->failed) work(p, ro, j);
    finish(p, j);
  }
  kb_store_free(ro);
  return NULL;
}

/* ---- reader ------------------------------------------------------------- */

/* Waits for room, then queues j (NULL: out of memory, reported as an
 * error job). Returns 0 when the pipeline is stopping. */
static int submit(pipeline *p, job *j, const char *input) {
  kb_error oom;
  if (!j) {
    kb_error_set(&oom, KB_ERR_NOMEM, input, 0, -1, "out of memory");
    if (!(j = job_of_error(&oom, 0))) return 0;
  }
  pthread_mutex_lock(&p->mu);
  while (p->in_flight >= p->cap && !p->stop)
    pthread_cond_wait(&p->space, &p->mu);
  int go = !p->stop;
  if (go) {
    j->seq = p->next_read++;
    p->in_flight++;
    if (p->tail)
      p->tail->next = j;
    else
      p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->work);
  }
  pthread_mutex_unlock(&p->mu);
  if (!go) job_free(j);
  return go;
}

static int read_input(pipeline *p, const char *path) {
  kb_error err;
  kb_error_clear(&err);
  kb_reader *r = kb_reader_open(path, &err);
  if (!r) return submit(p, job_of_error(&err, 0), path);
  int go = 1;
  while (go) {
    const kb_doc *d = NULL;
    kb_error_clear(&err);
    kb_status st = kb_reader_next(r, &d, &err);
    if (st == KB_END) break;
    go =
        submit(p, st == KB_OK ? job_of_doc(d, 0) : job_of_error(&err, 0), path);
  }
  kb_reader_free(r);
  return go;
}

static void *reader(void *arg) {
  pipeline *p = arg;
  for (size_t i = 0; i < p->n_inputs && read_input(p, p->inputs[i]); i++)
    ;
  pthread_mutex_lock(&p->mu);
  p->reader_done = 1;
  pthread_cond_broadcast(&p->work);
  pthread_cond_broadcast(&p->done);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* ---- writer (the calling thread) ---------------------------------------- */

static void stop(pipeline *p);

typedef struct writer {
  pipeline *p;
  const kb_ingest_opts *o;
  kb_ingest_stats *stats;
  kb_ingest_progress prog;
  long in_batch;
  kb_error *err;
} writer;

/* The next job in input order; NULL when all are done. */
static job *next_done(pipeline *p) {
  pthread_mutex_lock(&p->mu);
  job *j;
  while (!(j = p->ready[p->next_store % p->cap]) &&
         !(p->reader_done && p->next_store == p->next_read))
    pthread_cond_wait(&p->done, &p->mu);
  if (j) {
    p->ready[p->next_store % p->cap] = NULL;
    p->next_store++;
  }
  pthread_mutex_unlock(&p->mu);
  return j;
}

static void release(pipeline *p, job *j) {
  job_free(j);
  pthread_mutex_lock(&p->mu);
  p->in_flight--;
  pthread_cond_signal(&p->space);
  pthread_mutex_unlock(&p->mu);
}

static kb_status store_job(writer *w, job *j) {
  kb_store *s = w->p->s;
  kb_status st = KB_OK;
  if (!s->in_tx && (st = kb_store_begin(s, w->err))) return st;
  st = kb_store_add(s, j->text, j->m, j->nm, j->ev, j->ne, w->stats, w->err);
  if (st == KB_ERR_DB) return st; /* the database, not the document */
  if (st != KB_OK) {
    if (w->o->on_error) w->o->on_error(w->o->ctx, w->err);
    w->prog.skipped++;
  }
  if (++w->in_batch >= w->o->batch) {
    w->in_batch = 0;
    return kb_store_commit(s, w->err);
  }
  return KB_OK;
}

static kb_status write_all(writer *w) {
  job *j;
  kb_status st = KB_OK;
  while ((j = next_done(w->p))) {
    if (st == KB_OK) {
      w->prog.documents += j->mem != NULL;
      w->prog.bytes += (long long)j->doc.raw_len;
      if (j->failed) {
        if (w->o->on_error) w->o->on_error(w->o->ctx, &j->err);
        w->prog.skipped++;
      } else {
        st = store_job(w, j);
      }
      w->prog.events = w->stats->events;
      if (st == KB_OK && w->o->on_progress)
        w->o->on_progress(w->o->ctx, &w->prog);
    }
    if (st != KB_OK) stop(w->p); /* stop reading; drain what is in flight */
    release(w->p, j);
  }
  if (st == KB_OK && w->p->s->in_tx) st = kb_store_commit(w->p->s, w->err);
  if (st != KB_OK) kb_store_rollback(w->p->s);
  return st;
}

/* ---- setup -------------------------------------------------------------- */

static int jobs_of(const kb_ingest_opts *o) {
  long n = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void stop(pipeline *p) {
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->space);
  pthread_mutex_unlock(&p->mu);
}

static kb_status run(pipeline *p, writer *w, int jobs) {
  pthread_t rd, wk[64];
  int started = 0;
  if (pthread_create(&rd, NULL, reader, p))
    return kb_error_set(w->err, KB_ERR_NOMEM, "", 0, -1,
                        "cannot start the reader thread");
  for (; started < jobs; started++)
    if (pthread_create(&wk[started], NULL, worker, p)) break;
  if (!started) { /* nobody to work: drop what was read, report */
    stop(p);
    pthread_join(rd, NULL);
    for (job *j = p->head; j; j = p->head) {
      p->head = j->next;
      job_free(j);
    }
    return kb_error_set(w->err, KB_ERR_NOMEM, "", 0, -1,
                        "cannot start worker threads");
  }
  kb_status st = write_all(w);
  pthread_join(rd, NULL);
  for (int i = 0; i < started; i++)
    pthread_join(wk[i], NULL);
  return st;
}

kb_status kb_ingest_inputs(kb_store *s, const kb_lexicon *lex,
                           const char *const *inputs, size_t n,
                           const kb_ingest_opts *o, kb_ingest_stats *stats,
                           kb_error *err) {
  static const kb_ingest_opts defaults = {0};
  kb_ingest_opts opts = o ? *o : defaults;
  kb_ingest_stats local = {0};
  if (opts.batch <= 0) opts.batch = 1000;
  if (!s || !lex || (n && !inputs))
    return kb_error_set(err, KB_ERR_ARG, "", 0, -1,
                        "kb_ingest_inputs: "
                        "missing argument");
  int jobs = jobs_of(&opts);
  pipeline p = {.cap = 4 * jobs + 16,
                .s = s,
                .lex = lex,
                .inputs = inputs,
                .n_inputs = n};
  p.ready = kb_calloc((size_t)p.cap, sizeof *p.ready);
  if (!p.ready)
    return kb_error_set(err, KB_ERR_NOMEM, "", 0, -1, "out of memory");
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.done, NULL);
  pthread_cond_init(&p.space, NULL);
  writer w = {.p = &p, .o = &opts, .stats = stats ? stats : &local, .err = err};
  kb_status st = run(&p, &w, jobs);
  pthread_cond_destroy(&p.space);
  pthread_cond_destroy(&p.done);
  pthread_cond_destroy(&p.work);
  pthread_mutex_destroy(&p.mu);
  kb_free(p.ready);
  return st;
}
