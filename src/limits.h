/* Every limit kibaru enforces, with its reason. Hitting one is an error the
 * caller sees (KB_ERR_TOO_LARGE), never a silent cut, unless said. */
#ifndef KB_LIMITS_H
#define KB_LIMITS_H

/* One document's raw bytes. A news page is under 2 MB; 64 MB leaves room for
 * inline images in base64 while keeping a hostile record from eating memory. */
#define KB_MAX_DOC_BYTES (64u << 20)

/* One JSONL line. A record carries one document, plus JSON escaping. */
#define KB_MAX_JSONL_LINE (96u << 20)

/* One WARC header block. Real headers are under 4 kB. */
#define KB_MAX_WARC_HEADER (64u << 10)

/* Cleaned text of one document. Longer bodies are cut at a paragraph
 * boundary: no article is this long, and analysis cost is linear in it. */
#define KB_MAX_TEXT_BYTES (8u << 20)

/* HTML element depth we walk. libxml2 itself stops at 256 unless
 * HTML_PARSE_HUGE; we never recurse, so this only bounds our own stack. */
#define KB_MAX_HTML_DEPTH 4096

/* Directory recursion depth (symlink loops, hostile trees). */
#define KB_MAX_DIR_DEPTH 64

/* Sentences, tokens and mentions per document. */
#define KB_MAX_TOKENS (2u << 20)

/* A lexicon line. */
#define KB_MAX_LEXICON_LINE 8192

/* Near-duplicate candidates checked per new document. LSH bands give a
 * handful for real copies; template-like pages (weather, agenda) can share
 * bands with thousands, and checking the first ones is enough to group. */
#define KB_MAX_NEARDUP_CANDIDATES 64

/* Members of one event cluster read back to vote on its fields. A real
 * event is told by dozens of outlets, not thousands. */
#define KB_MAX_CLUSTER_EVENTS 4096

#endif
