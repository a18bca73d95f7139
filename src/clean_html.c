/* HTML main-text extraction (placeholder until the libxml2 cleaner lands):
 * strips tags crudely so the pipeline runs end to end. */
#include <string.h>

#include "clean.h"

kb_status kb_clean_html(const char *html, size_t len, const char *url,
                        kb_paras *out, kb_meta *meta, kb_error *err) {
  (void)url;
  (void)meta;
  (void)err;
  return kb_clean_plain(html, len, out, meta);
}
