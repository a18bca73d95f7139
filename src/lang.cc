// The one C++ file: a C shim over cld2's C++ API.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <cstddef>

extern "C" const char *kb_detect_lang(const char *text, size_t len,
                                      int is_html);

extern "C" const char *kb_detect_lang(const char *text, size_t len,
                                      int is_html) {
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguage(text, (int)len, !is_html,
                                             &reliable);
  // a short text can fool cld2 ("Erdoğan" makes a French line Turkish):
  // say unknown and let the caller's stopword vote decide
  if (lang == CLD2::UNKNOWN_LANGUAGE || !reliable) return "un";
  return CLD2::LanguageCode(lang);
}
