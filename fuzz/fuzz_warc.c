/* Fuzzes the WARC reader (and, through gzip magic, the gzip path): records,
 * HTTP headers, chunked and compressed payloads, charsets. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kb_fuzz_read(data, size, "warc");
  return 0;
}
