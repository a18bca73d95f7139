/* Tokens over folded text. Words keep inner hyphens ("mi-171",
 * "russo-malienne") and dots/commas between digits ("1.5"); French
 * elisions end their token ("l'", "qu'"); English "'s" is its own token;
 * every other punctuation character is a token. */
#ifndef KB_TOKENS_H
#define KB_TOKENS_H
#include <stddef.h>
#include <stdint.h>

enum tok_kind { TOK_WORD = 1, TOK_NUM, TOK_PUNCT };
enum tok_case { TCASE_LOWER = 0, TCASE_CAP = 1, TCASE_ALLCAPS = 2 };

typedef struct kb_token {
  uint32_t fs, fe; /* folded offsets */
  uint32_t s, e;   /* offsets in the cleaned text */
  uint32_t sent;   /* sentence index */
  uint8_t kind;
  uint8_t tcase;
  uint8_t adverb;   /* set by the analysis: "deja", "officiellement" */
  const char *stem; /* Snowball stem of the folded word, or NULL */
} kb_token;

/* Tokenises folded[0..n); writes at most max tokens, returns the count
 * that would be written (may exceed max). Only fs, fe and kind are set. */
size_t kb_tokenize(const char *folded, size_t n, kb_token *out, size_t max);

/* Case of the original characters s[0..n): lower, capitalised, all caps. */
int kb_text_case(const char *s, size_t n);
#endif
