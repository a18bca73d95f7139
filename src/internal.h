/* Declarations shared between library modules; not installed. */
#ifndef KB_INTERNAL_H
#define KB_INTERNAL_H
#include "kibaru.h"

#define KB_UNUSED(x) (void)(x)

kb_status kb_error_set(kb_error *err, kb_status code, const char *input,
                       long long line, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void kb_error_clear(kb_error *err);
#endif
