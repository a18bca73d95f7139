/* Fuzzes the JSON Lines reader: line splitting, UTF-8 repair, jansson,
 * field types. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kb_fuzz_read(data, size, "jsonl");
  return 0;
}
