/* Fuzzes plain-text cleaning (kb_clean with is_html = 0): UTF-8 repair,
 * page-furniture lines, paragraphs, title. */
#include "fuzz_clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kb_fuzz_clean(data, size, 0);
  return 0;
}
