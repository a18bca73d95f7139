#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *kb_status_name(kb_status s) {
  switch (s) {
  case KB_OK: return "ok";
  case KB_END: return "end";
  case KB_ERR_IO: return "io";
  case KB_ERR_FORMAT: return "format";
  case KB_ERR_TOO_LARGE: return "too-large";
  case KB_ERR_NOMEM: return "out-of-memory";
  case KB_ERR_LEXICON: return "lexicon";
  case KB_ERR_DB: return "database";
  case KB_ERR_ARG: return "argument";
  }
  return "unknown";
}

kb_status kb_error_set(kb_error *err, kb_status code, const char *input,
                       long long line, long long offset, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  snprintf(err->input, sizeof err->input, "%s", input ? input : "");
  err->line = line;
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

void kb_error_clear(kb_error *err) {
  if (!err) return;
  memset(err, 0, sizeof *err);
  err->offset = -1;
}
