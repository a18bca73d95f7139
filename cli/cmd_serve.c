/* kibaru serve: argument parsing and the wait for SIGINT or SIGTERM around
 * kb_server_start and kb_server_stop. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kibaru.h"

static const char serve_help[] =
    "usage: kibaru serve [--db FILE] [--bind ADDR] [--port N] [--web DIR]\n"
    "                    [--threads N]\n"
    "Serves one page (timeline, map, table, actor graph, every source\n"
    "sentence) and its JSON API under /api/ over the database (default\n"
    "kibaru.db, or $KIBARU_DB), opened read-only. Binds 127.0.0.1 port 8080\n"
    "by default; --port 0 takes any free port. --web is the folder of\n"
    "index.html (default $KIBARU_WEB, else the source tree's web/); the\n"
    "front-end libraries come from node_modules beside it, or from\n"
    "$KIBARU_NODE_MODULES (installed by make deps).\n"
    "Runs until SIGINT (Ctrl-C) or SIGTERM.\n";

static int number(const char *name, const char *v, int min, int max) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < min || n > max) {
    fprintf(stderr, "kibaru serve: %s: bad number '%s'\n", name, v);
    exit(2);
  }
  return (int)n;
}

static int parse(int argc, char **argv, kb_server_config *cfg) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) return fputs(serve_help, stdout), 0;
    if (i + 1 >= argc ||
        (strcmp(a, "--db") && strcmp(a, "--bind") && strcmp(a, "--port") &&
         strcmp(a, "--web") && strcmp(a, "--threads"))) {
      fprintf(stderr, "kibaru serve: unknown or incomplete option '%s'\n", a);
      return 2;
    }
    const char *v = argv[++i];
    if (!strcmp(a, "--db")) cfg->db = v;
    if (!strcmp(a, "--bind")) cfg->bind = v;
    if (!strcmp(a, "--web")) cfg->web_dir = v;
    if (!strcmp(a, "--port")) cfg->port = number(a, v, 0, 65535);
    if (!strcmp(a, "--threads")) cfg->threads = number(a, v, 1, 64);
  }
  return -1;
}

int cmd_serve(int argc, char **argv) {
  const char *env = getenv("KIBARU_DB");
  kb_server_config cfg = {
      .db = env && *env ? env : "kibaru.db", .bind = "127.0.0.1", .port = 8080};
  int rc = parse(argc, argv, &cfg);
  if (rc >= 0) return rc;
  /* Blocked before the server's threads exist, so that they inherit the
   * mask and only sigwait below sees the signals. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  kb_error err = {0};
  kb_server *s = kb_server_start(&cfg, &err);
  if (!s) {
    fprintf(stderr, "kibaru serve: %s%s%s\n", err.input,
            err.input[0] ? ": " : "", err.message);
    return 1;
  }
  if (kb_server_missing(s))
    fprintf(stderr,
            "kibaru serve: front-end files missing (run 'make deps'): %s\n",
            kb_server_missing(s));
  int v6 = strchr(cfg.bind, ':') != NULL;
  printf("kibaru: serving http://%s%s%s:%d/ (db: %s)\n", v6 ? "[" : "",
         cfg.bind, v6 ? "]" : "", kb_server_port(s), cfg.db);
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  kb_server_stop(s);
  fprintf(stderr, "kibaru serve: stopped (%s)\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  return 0;
}
