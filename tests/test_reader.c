/* Input stage against the library: each format, gzip (also multi-member and
 * cut short), directories, sniffing, JSONL fields and bad lines, WARC
 * records, limits, and allocation failures at every step. Fixtures are
 * written into a fresh temporary directory, besides the committed WARC
 * files of tests/fixtures/input (made by tests/fixtures/make-warc.py). */
#define _GNU_SOURCE /* mkdtemp, symlink, strdup */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "kibaru.h"
#include "reader_internal.h"
#include "test.h"

static char tmp[512];
static char fixtures[512];

/* One call of kb_reader_next, copied so that it outlives the next call. */
typedef struct item {
  kb_status st;
  char *id, *url, *published, *lang, *title, *raw;
  size_t raw_len;
  int is_html;
  long long line;
  char input[512], message[512];
} item;

typedef struct run {
  item it[64];
  int n, docs, errors;
} run;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void record_item(run *r, kb_status st, const kb_doc *d,
                        const kb_error *e) {
  if (r->n == 64) return;
  item *it = &r->it[r->n++];
  memset(it, 0, sizeof *it);
  it->st = st;
  it->line = e->line;
  snprintf(it->input, sizeof it->input, "%s", e->input);
  snprintf(it->message, sizeof it->message, "%s", e->message);
  if (st != KB_OK) {
    r->errors++;
    return;
  }
  r->docs++;
  it->id = dup_or_null(d->id);
  it->url = dup_or_null(d->url);
  it->published = dup_or_null(d->published);
  it->lang = dup_or_null(d->lang);
  it->title = dup_or_null(d->title);
  it->raw = malloc(d->raw_len + 1);
  memcpy(it->raw, d->raw, d->raw_len + 1);
  it->raw_len = d->raw_len;
  it->is_html = d->is_html;
}

static void run_free(run *r) {
  for (int i = 0; i < r->n; i++) {
    item *it = &r->it[i];
    free(it->id), free(it->url), free(it->published), free(it->lang);
    free(it->title), free(it->raw);
  }
  memset(r, 0, sizeof *r);
}

/* Reads path to the end; max_doc/max_line 0 keep the defaults. */
static kb_status read_all_limits(const char *path, run *r, size_t max_doc,
                                 size_t max_line) {
  kb_error e;
  memset(r, 0, sizeof *r);
  memset(&e, 0, sizeof e);
  kb_reader *rd = kb_reader_open(path, &e);
  if (!rd) {
    record_item(r, e.code, NULL, &e);
    return e.code;
  }
  kb_reader_set_limits(rd, max_doc, max_line);
  for (int guard = 0; guard < 1000; guard++) {
    const kb_doc *d = NULL;
    memset(&e, 0, sizeof e);
    kb_status st = kb_reader_next(rd, &d, &e);
    if (st == KB_END) break;
    record_item(r, st, d, &e);
  }
  kb_reader_free(rd);
  return KB_OK;
}

static kb_status read_all(const char *path, run *r) {
  return read_all_limits(path, r, 0, 0);
}

static const char *at(const char *fmt, ...) {
  static char paths[8][1024];
  static int k;
  char *p = paths[k++ % 8];
  int n = snprintf(p, 1024, "%s/", tmp);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p + n, (size_t)(1024 - n), fmt, ap);
  va_end(ap);
  return p;
}

static void write_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fwrite(data, 1, n, f);
  fclose(f);
}

static void write_str(const char *path, const char *s) {
  write_file(path, s, strlen(s));
}

/* mode "wb" writes one gzip member, "ab" appends another. */
static void write_gz(const char *path, const char *mode, const char *s) {
  gzFile g = gzopen(path, mode);
  gzwrite(g, s, (unsigned)strlen(s));
  gzclose(g);
}

static size_t slurp(const char *path, char **out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  *out = malloc((size_t)n + 1);
  size_t got = fread(*out, 1, (size_t)n, f);
  fclose(f);
  return got;
}

static const char *fixture(const char *name) {
  static char p[1024];
  snprintf(p, sizeof p, "%s/%s", fixtures, name);
  return p;
}

#define CHECK_HAS(hay, needle) CHECK((hay) && strstr((hay), (needle)))

/* ---- whole files ---------------------------------------------------- */

static void test_txt_html_gzip(void) {
  run r;
  write_str(at("a.txt"), "\xEF\xBB\xBF"
                         "Bonjour.\n");
  read_all(at("a.txt"), &r);
  CHECK(r.n == 1 && r.docs == 1);
  CHECK_STR(r.it[0].id, at("a.txt"));
  CHECK_STR(r.it[0].raw, "Bonjour.\n"); /* BOM gone */
  CHECK(r.it[0].is_html == 0);
  CHECK(r.it[0].published == NULL && r.it[0].url == NULL);
  run_free(&r);

  write_str(at("p.htm"), "<p>Salut</p>");
  read_all(at("p.htm"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 1);
  run_free(&r);

  write_gz(at("page.html.gz"), "wb", "<html><p>Texte</p></html>");
  read_all(at("page.html.gz"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 1);
  CHECK_STR(r.it[0].raw, "<html><p>Texte</p></html>");
  CHECK_STR(r.it[0].id, at("page.html.gz"));
  run_free(&r);

  /* two members, as Common Crawl writes them: both are read */
  write_gz(at("two.txt.gz"), "wb", "first member\n");
  write_gz(at("two.txt.gz"), "ab", "second member\n");
  read_all(at("two.txt.gz"), &r);
  CHECK(r.docs == 1);
  CHECK_STR(r.it[0].raw, "first member\nsecond member\n");
  run_free(&r);
}

static void test_sniffing(void) {
  run r;
  write_str(at("s1"), "  <!doctype html><p>x</p>");
  read_all(at("s1"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 1);
  run_free(&r);

  write_str(at("s2"), "\n{\"id\": \"j1\", \"text\": \"Un texte.\"}\n");
  read_all(at("s2"), &r);
  CHECK(r.docs == 1);
  CHECK_STR(r.it[0].id, "j1");
  run_free(&r);

  write_str(at("s3"), "Un texte simple.\n");
  read_all(at("s3"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 0);
  CHECK_STR(r.it[0].id, at("s3"));
  run_free(&r);

  /* gzip magic, then the decompressed start decides */
  write_gz(at("s4.data"), "wb", "<html><p>y</p></html>");
  read_all(at("s4.data"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 1);
  run_free(&r);

  char *w;
  size_t n = slurp(fixture("three.warc"), &w);
  write_file(at("s5"), w, n);
  free(w);
  read_all(at("s5"), &r);
  CHECK(r.docs == 1 && r.errors == 0);
  CHECK_STR(r.it[0].id, "urn:uuid:00000000-0000-4000-8000-000000000001");
  run_free(&r);

  /* the extension wins over the content */
  write_str(at("s6.txt"), "<p>balises</p>");
  read_all(at("s6.txt"), &r);
  CHECK(r.docs == 1 && r.it[0].is_html == 0);
  run_free(&r);
}

static void test_bad_files(void) {
  run r;
  write_str(at("empty.txt"), "");
  read_all(at("empty.txt"), &r);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_FORMAT);
  CHECK_STR(r.it[0].message, "empty file");
  CHECK_STR(r.it[0].input, at("empty.txt"));
  run_free(&r);

  write_gz(at("empty.jsonl.gz"), "wb", "");
  read_all(at("empty.jsonl.gz"), &r);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_FORMAT);
  CHECK_STR(r.it[0].message, "empty file");
  run_free(&r);

  unsigned char junk[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof junk; i++) {
    x = x * 1103515245u + 12345u;
    junk[i] = (unsigned char)(x >> 16);
  }
  junk[0] = 'x';
  write_file(at("junk.html"), junk, sizeof junk);
  read_all(at("junk.html"), &r);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_FORMAT);
  CHECK_STR(r.it[0].message, "binary data, not text (NUL bytes)");
  run_free(&r);

  read_all(at("does-not-exist.txt"), &r);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_IO);
  CHECK_STR(r.it[0].message, "cannot open: No such file or directory");
  run_free(&r);

  write_str(at("big.txt"), "0123456789012345678901234567890123456789");
  read_all_limits(at("big.txt"), &r, 16, 0);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_TOO_LARGE);
  CHECK_STR(r.it[0].message, "document larger than 16 bytes");
  run_free(&r);
}

static void test_charsets(void) {
  run r;
  /* latin-1 French text: no valid UTF-8 sequence at all -> windows-1252 */
  write_str(at("latin.txt"), "L'\xE9t\xE9 \x80 Bamako.\n");
  read_all(at("latin.txt"), &r);
  CHECK_STR(r.it[0].raw, "L'\xC3\xA9t\xC3\xA9 \xE2\x82\xAC Bamako.\n");
  run_free(&r);

  /* mostly valid UTF-8 with one bad byte: left for the cleaner's U+FFFD */
  const char *damaged = "\xC3\xA9t\xC3\xA9 \xC3\xA0 Gao \xFF.\n";
  write_str(at("damaged.txt"), damaged);
  read_all(at("damaged.txt"), &r);
  CHECK_STR(r.it[0].raw, damaged);
  run_free(&r);

  write_str(at("meta.html"), "<meta charset=\"windows-1252\"><p>d\xE9"
                             "fense</p>");
  read_all(at("meta.html"), &r);
  CHECK_HAS(r.it[0].raw, "d\xC3\xA9"
                         "fense");
  run_free(&r);

  /* a label that lies about valid UTF-8 is ignored */
  write_str(at("lies.html"), "<meta charset=\"iso-8859-1\"><p>d\xC3\xA9"
                             "fense</p>");
  read_all(at("lies.html"), &r);
  CHECK_HAS(r.it[0].raw, "d\xC3\xA9"
                         "fense");
  run_free(&r);
}

/* ---- directories ------------------------------------------------------ */

static void test_directories(void) {
  run r;
  mkdir(at("d"), 0755);
  mkdir(at("d/sub"), 0755);
  mkdir(at("d/.git"), 0755);
  write_str(at("d/b.txt"), "B.\n");
  write_str(at("d/a.txt"), "A.\n");
  write_str(at("d/sub/c.txt"), "C.\n");
  write_str(at("d/.hidden.txt"), "H.\n");
  write_str(at("d/.git/x.txt"), "X.\n");
  write_str(at("d/empty.txt"), "");
  if (symlink("..", at("d/sub/loop")) != 0) perror("symlink");
  read_all(at("d"), &r);
  CHECK(r.n == 4 && r.docs == 3 && r.errors == 1);
  CHECK_STR(r.it[0].id, at("d/a.txt"));
  CHECK_STR(r.it[1].id, at("d/b.txt"));
  CHECK_STR(r.it[2].input, at("d/empty.txt"));
  CHECK_STR(r.it[2].message, "empty file");
  CHECK_STR(r.it[3].id, at("d/sub/c.txt"));
  run_free(&r);

  /* deeper than KB_MAX_DIR_DEPTH: one error, nothing read below */
  char rel[1024] = "deep";
  mkdir(at("%s", rel), 0755);
  for (int i = 1; i <= 70; i++) {
    strcat(rel, "/d");
    mkdir(at("%s", rel), 0755);
  }
  strcat(rel, "/x.txt");
  write_str(at("%s", rel), "X.\n");
  read_all(at("deep"), &r);
  CHECK(r.n == 1 && r.it[0].st == KB_ERR_TOO_LARGE);
  CHECK_HAS(r.it[0].message, "directory nested deeper than 64 levels");
  run_free(&r);

  /* a truncated gzip in a directory is told once; the next file follows */
  char *gz;
  size_t n = slurp(fixture("three.warc.gz"), &gz);
  mkdir(at("cut"), 0755);
  write_file(at("cut/a.warc.gz"), gz, n - 4000);
  write_str(at("cut/b.txt"), "B.\n");
  free(gz);
  read_all(at("cut"), &r);
  CHECK(r.n == 3);
  CHECK(r.it[0].st == KB_OK);
  CHECK(r.it[1].st == KB_ERR_FORMAT && r.it[1].line == 3);
  CHECK_STR(r.it[1].message, "truncated gzip stream");
  CHECK_STR(r.it[1].input, at("cut/a.warc.gz"));
  CHECK_STR(r.it[2].id, at("cut/b.txt"));
  run_free(&r);
}

/* ---- JSONL ------------------------------------------------------------- */

static void test_jsonl(void) {
  run r;
  write_str(at("in.jsonl"),
            "{\"id\":\"a\",\"url\":\"https://x.example/1\",\"published\":"
            "\"2024-09\",\"lang\":\"fr\",\"title\":\"T\",\"text\":\"Corps.\"}\n"
            "\n"
            "not json at all\n"
            "{\"url\":\"u\",\"text\":\"t\"}\n"
            "{\"id\":\"c\"}\n"
            "{\"id\":\"d\",\"url\":7,\"text\":\"t\"}\n"
            "{\"id\":\"e\",\"html\":\"<p>h</p>\",\"url\":null}\r\n"
            "[1,2]\n"
            "{\"id\":\"f\",\"text\":\"caf\xE9 \xC3\xA9t\xC3\xA9\"}\n"
            "{\"id\":\"g\",\"text\":\"sans fin de ligne\"}");
  read_all(at("in.jsonl"), &r);
  CHECK(r.n == 9 && r.docs == 4 && r.errors == 5);
  item *it = r.it;
  CHECK_STR(it[0].id, "a");
  CHECK_STR(it[0].url, "https://x.example/1");
  CHECK_STR(it[0].published, "2024-09");
  CHECK_STR(it[0].lang, "fr");
  CHECK_STR(it[0].title, "T");
  CHECK_STR(it[0].raw, "Corps.");
  CHECK(it[0].is_html == 0 && it[0].line == 1);
  CHECK_STR(it[0].input, at("in.jsonl"));
  CHECK(it[1].st == KB_ERR_FORMAT && it[1].line == 3);
  CHECK_HAS(it[1].message, "not valid JSON: ");
  CHECK_HAS(it[1].message, " at column ");
  CHECK_STR(it[1].input, at("in.jsonl"));
  CHECK(it[2].line == 4);
  CHECK_STR(it[2].message, "missing \"id\"");
  CHECK(it[3].line == 5);
  CHECK_STR(it[3].message, "missing \"text\" or \"html\"");
  CHECK(it[4].line == 6);
  CHECK_STR(it[4].message, "\"url\" must be a string or null");
  CHECK_STR(it[5].id, "e");
  CHECK(it[5].is_html == 1 && it[5].url == NULL && it[5].line == 7);
  CHECK_STR(it[5].raw, "<p>h</p>");
  CHECK(it[6].line == 8);
  CHECK_STR(it[6].message, "record is not a JSON object");
  CHECK_STR(it[7].id, "f"); /* bad byte repaired, record kept */
  CHECK_STR(it[7].raw, "caf\xEF\xBF\xBD \xC3\xA9t\xC3\xA9");
  CHECK_STR(it[8].id, "g");
  run_free(&r);

  /* escapes are decoded; text after the object, or a truncated object, is
   * an error with its column (simdjson parses, jansson says where) */
  write_str(at("esc.jsonl"),
            "\xEF\xBB\xBF{\"id\":\"h\",\"text\":\"a\\u00e9\\n\\\"b\\\"\\/\"}\n"
            "{\"id\":\"i\",\"text\":\"t\"} x\n"
            "{\"id\":\"j\",\"text\":\"t\"\n"
            "{\"id\":\"k\",\"title\":\"\\ud83d\\ude00\",\"text\":\"t\"}\n");
  read_all(at("esc.jsonl"), &r);
  CHECK(r.n == 4 && r.docs == 2 && r.errors == 2);
  CHECK_STR(r.it[0].id, "h");
  CHECK_STR(r.it[0].raw, "a\xC3\xA9\n\"b\"/");
  CHECK(r.it[1].line == 2);
  CHECK_HAS(r.it[1].message, "not valid JSON: ");
  CHECK_HAS(r.it[1].message, " at column ");
  CHECK(r.it[2].line == 3);
  CHECK_HAS(r.it[2].message, "not valid JSON: ");
  CHECK_STR(r.it[3].title, "\xF0\x9F\x98\x80");
  run_free(&r);

  /* a line over the ceiling is skipped to its end, unstored */
  char line[400];
  memset(line, 'a', sizeof line);
  line[sizeof line - 1] = 0;
  FILE *f = fopen(at("long.jsonl"), "w");
  fprintf(f,
          "{\"id\":\"1\",\"text\":\"x\"}\n{\"id\":\"2\",\"text\":\"%s\"}\n"
          "{\"id\":\"3\",\"text\":\"z\"}\n",
          line);
  fclose(f);
  read_all_limits(at("long.jsonl"), &r, 0, 100);
  CHECK(r.n == 3);
  CHECK_STR(r.it[0].id, "1");
  CHECK(r.it[1].st == KB_ERR_TOO_LARGE && r.it[1].line == 2);
  CHECK_STR(r.it[1].message, "line longer than 100 bytes: skipped");
  CHECK_STR(r.it[2].id, "3");
  run_free(&r);

  /* gzip-compressed JSONL cut short: good lines, then one error */
  char big[20000] = "";
  for (int i = 0; i < 50; i++)
    snprintf(big + strlen(big), sizeof big - strlen(big),
             "{\"id\":\"n%03d\",\"text\":\"ligne %d\"}\n", i, i);
  write_gz(at("cut.jsonl.gz"), "wb", big);
  char *gz;
  size_t n = slurp(at("cut.jsonl.gz"), &gz);
  write_file(at("cut.jsonl.gz"), gz, n / 2);
  free(gz);
  read_all(at("cut.jsonl.gz"), &r);
  CHECK(r.errors == 1 && r.docs > 0 && r.docs < 50);
  CHECK(r.it[r.n - 1].st == KB_ERR_FORMAT);
  CHECK_STR(r.it[r.n - 1].message, "truncated gzip stream");
  CHECK(r.it[r.n - 1].line == r.docs + 1);
  run_free(&r);
}

static void test_stdin(void) {
  run r;
  write_str(at("stdin.jsonl"), "{\"id\":\"s\",\"text\":\"Par stdin.\"}\n");
  int saved = dup(0), fd = open(at("stdin.jsonl"), O_RDONLY);
  dup2(fd, 0);
  close(fd);
  read_all("-", &r);
  dup2(saved, 0);
  close(saved);
  CHECK(r.docs == 1);
  CHECK_STR(r.it[0].id, "s");
  CHECK_STR(r.it[0].input, "<stdin>");
  run_free(&r);
}

/* ---- WARC -------------------------------------------------------------- */

static void check_first_response(const item *it) {
  CHECK(it->st == KB_OK && it->is_html == 1);
  CHECK_STR(it->id, "urn:uuid:00000000-0000-4000-8000-000000000001");
  CHECK_STR(it->url, "https://example.org/article/1");
  CHECK(it->published == NULL); /* WARC-Date is the crawl date */
  CHECK(it->raw && strncmp(it->raw, "<!DOCTYPE html>", 15) == 0);
  CHECK(it->raw && !strstr(it->raw, "HTTP/1.1"));
}

static void test_warc(void) {
  run r;
  /* request, HTML response, image response: one document */
  read_all(fixture("three.warc"), &r);
  CHECK(r.n == 1 && r.docs == 1);
  check_first_response(&r.it[0]);
  CHECK(r.it[0].line == 2);
  run_free(&r);
  read_all(fixture("three.warc.gz"), &r);
  CHECK(r.n == 1 && r.docs == 1);
  check_first_response(&r.it[0]);
  run_free(&r);

  read_all(fixture("features.warc.gz"), &r);
  CHECK(r.n == 7 && r.errors == 0);
  check_first_response(&r.it[0]);           /* chunked */
  CHECK_HAS(r.it[1].raw, "Visite du chef"); /* gzip coding */
  CHECK_HAS(r.it[2].raw, "Accord de d\xC3\xA9"
                         "fense");                 /* ISO-8859-1 */
  CHECK_HAS(r.it[3].id, "features.warc.gz#6");     /* no WARC-Record-ID */
  CHECK_HAS(r.it[3].raw, "Formation des pilotes"); /* sniffed */
  CHECK_HAS(r.it[4].raw, "H\xC3\xA9licopt");       /* meta windows-1252 */
  CHECK_HAS(r.it[5].raw, "Visite du chef");        /* gzip said, stored plain */
  CHECK_HAS(r.it[6].raw, "Formation des pilotes"); /* deflate */
  run_free(&r);

  /* garbage, a missing length and a cut record: reported, rest read */
  read_all(fixture("damaged.warc"), &r);
  CHECK(r.n == 6 && r.docs == 3);
  CHECK(r.it[0].st == KB_OK && r.it[0].line == 1);
  CHECK(r.it[1].st == KB_ERR_FORMAT && r.it[1].line == 2);
  CHECK_HAS(r.it[1].message, "not a WARC record");
  CHECK(r.it[2].st == KB_OK && r.it[2].line == 3);
  CHECK(r.it[3].st == KB_ERR_FORMAT && r.it[3].line == 4);
  CHECK_STR(r.it[3].message, "WARC record without a valid Content-Length");
  CHECK(r.it[4].st == KB_OK && r.it[4].line == 5);
  CHECK(r.it[5].st == KB_ERR_FORMAT && r.it[5].line == 6);
  CHECK_HAS(r.it[5].message, "truncated record");
  run_free(&r);

  /* over the document ceiling: every HTML record skipped, none read */
  read_all_limits(fixture("features.warc.gz"), &r, 300, 0);
  CHECK(r.n == 7 && r.docs == 0);
  for (int i = 0; i < r.n; i++) {
    CHECK(r.it[i].st == KB_ERR_TOO_LARGE);
    CHECK_HAS(r.it[i].message, "document larger than 300 bytes");
  }
  run_free(&r);
}

static void test_warc_id_fallback(void) {
  run r;
  char *w;
  size_t n = slurp(fixture("features.warc.gz"), &w);
  write_file(at("f.warc.gz"), w, n);
  free(w);
  read_all(at("f.warc.gz"), &r);
  CHECK(r.n == 7);
  char want[1100];
  snprintf(want, sizeof want, "%s#6", at("f.warc.gz"));
  if (r.n == 7) CHECK_STR(r.it[3].id, want);
  run_free(&r);
}

/* ---- allocation failures ------------------------------------------------- */

static int same_str(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_run(const run *a, const run *b) {
  if (a->n != b->n) return 0;
  for (int i = 0; i < a->n; i++)
    if (a->it[i].st != b->it[i].st || !same_str(a->it[i].id, b->it[i].id) ||
        !same_str(a->it[i].raw, b->it[i].raw) ||
        strcmp(a->it[i].message, b->it[i].message) != 0)
      return 0;
  return 1;
}

/* Every allocation of a run over all formats fails in turn: no crash, no
 * leak (ASan), and each failure is an error, never a wrong document. */
static void test_alloc_failures(void) {
  char *w;
  size_t n;
  mkdir(at("all"), 0755);
  const char *names[] = {"three.warc.gz", "features.warc.gz", "damaged.warc"};
  for (int i = 0; i < 3; i++) {
    n = slurp(fixture(names[i]), &w);
    write_file(at("all/%s", names[i]), w, n);
    free(w);
  }
  write_str(at("all/in.jsonl"), "{\"id\":\"a\",\"text\":\"t\"}\nbad\n");
  write_str(at("all/p.html"), "<meta charset=latin1><p>\xE9t\xE9</p>");
  run base, r;
  read_all(at("all"), &base);
  /* done once 20 runs in a row match the run without failures: the
   * countdown then outlasts the run */
  int same = 0;
  long k = 1;
  for (; k < 5000 && same < 20; k++) {
    kb_alloc_fail_at(k);
    read_all(at("all"), &r);
    kb_alloc_fail_at(0);
    same = same_run(&r, &base) ? same + 1 : 0;
    CHECK(r.docs <= base.docs);
    run_free(&r);
  }
  CHECK(same == 20);
  fprintf(stderr, "allocation failures: %ld runs\n", k - 1);
  run_free(&base);
}

static void rm_rf(const char *path) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", path);
}

int main(void) {
  const char *dir = getenv("KB_TEST_DIR");
  snprintf(fixtures, sizeof fixtures, "%s/fixtures/input", dir ? dir : "tests");
  const char *base = getenv("TMPDIR");
  snprintf(tmp, sizeof tmp, "%s/kb-reader-XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmp)) {
    perror("mkdtemp");
    return 2;
  }
  test_txt_html_gzip();
  test_sniffing();
  test_bad_files();
  test_charsets();
  test_directories();
  test_jsonl();
  test_stdin();
  test_warc();
  test_warc_id_fallback();
  test_alloc_failures();
  rm_rf(tmp);
  TEST_DONE();
}
