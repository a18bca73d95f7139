/* Builds a database from the hand-built multi-outlet set of
 * store_fixture.h and fuses it, so that CLI tests of queries and exports
 * do not depend on extraction. Usage: kb_store_fixture DB */
#include <stdio.h>

#include "store_fixture.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: kb_store_fixture DB\n", stderr);
    return 2;
  }
  kb_error err = {0};
  kb_store *s = kb_store_open(argv[1], 0, &err);
  int ok = s && fx_ingest(s, 0, 1, NULL, &err) == KB_OK &&
           kb_store_fuse(s, NULL, &err) == KB_OK;
  if (!ok)
    fprintf(stderr, "kb_store_fixture: %s: %s\n", err.input, err.message);
  kb_store_free(s);
  return ok ? 0 : 1;
}
