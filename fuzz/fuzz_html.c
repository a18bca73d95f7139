/* Fuzzes HTML cleaning (kb_clean with is_html = 1): parser, boilerplate
 * removal, metadata. */
#include "fuzz_clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kb_fuzz_clean(data, size, 1);
  return 0;
}
