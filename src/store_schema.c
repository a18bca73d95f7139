/* Numbered schema migrations. Migration i brings a database from
 * user_version i-1 to i. Never edit a released migration: add one. */
#include "store.h"

static const char *const migrations[] = {
    /* 1: documents, their paragraphs with full-text search, mentions. */
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL UNIQUE," /* XXH3-128 of the cleaned text, hex */
    " input_id TEXT NOT NULL,"
    " url TEXT, publisher TEXT, published TEXT, title TEXT, lang TEXT,"
    " body_start INTEGER NOT NULL,"
    " text TEXT NOT NULL,"
    " n_paragraphs INTEGER NOT NULL,"
    " n_mentions INTEGER NOT NULL,"
    " n_events INTEGER NOT NULL,"
    " ingested TEXT NOT NULL);"
    "CREATE INDEX documents_input ON documents(input_id);"
    /* Same cleaned text found again under another id or URL. */
    "CREATE TABLE document_copies("
    " doc INTEGER NOT NULL REFERENCES documents(id),"
    " input_id TEXT NOT NULL, url TEXT, publisher TEXT, published TEXT,"
    " PRIMARY KEY(doc, input_id)) WITHOUT ROWID;"
    /* Paragraph text is a byte slice of documents.text: not stored twice. */
    "CREATE TABLE paragraphs("
    " id INTEGER PRIMARY KEY,"
    " doc INTEGER NOT NULL REFERENCES documents(id),"
    " seq INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " UNIQUE(doc, seq));"
    "CREATE VIRTUAL TABLE paragraphs_fts USING fts5(text, content='',"
    " tokenize='unicode61 remove_diacritics 2');"
    "CREATE TABLE mentions("
    " id INTEGER PRIMARY KEY,"
    " doc INTEGER NOT NULL REFERENCES documents(id),"
    " kind TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " text TEXT, code TEXT, sector TEXT, category TEXT, designation TEXT,"
    " place TEXT, country TEXT, lat REAL, lon REAL, value TEXT,"
    " quantity REAL);"
    "CREATE INDEX mentions_doc ON mentions(doc);",

    /* 2: events, near-duplicate groups, clusters. */
    "ALTER TABLE documents ADD COLUMN minhash BLOB;"
    "ALTER TABLE documents ADD COLUMN syn_group INTEGER;"
    "CREATE INDEX documents_syn ON documents(syn_group);"
    /* LSH band keys of documents long enough to judge, appended in id
     * order: fusion scans this narrow table instead of keeping a random-key
     * index up to date at every insert. */
    "CREATE TABLE doc_sketch("
    " doc INTEGER PRIMARY KEY REFERENCES documents(id),"
    " bands BLOB NOT NULL);"
    "CREATE TABLE clusters("
    " id INTEGER PRIMARY KEY,"
    " uid TEXT NOT NULL UNIQUE," /* cl- + the founding event's hash */
    " type TEXT NOT NULL, source TEXT, target TEXT,"
    " date TEXT, date_lo TEXT, date_hi TEXT, lo_day INTEGER, hi_day INTEGER,"
    " place TEXT, place_fold TEXT, place_country TEXT, lat REAL, lon REAL,"
    " equipment TEXT NOT NULL DEFAULT '[]',"
    " categories INTEGER NOT NULL DEFAULT 0,"
    " modality TEXT,"
    " n_events INTEGER NOT NULL DEFAULT 0,"
    " n_docs INTEGER NOT NULL DEFAULT 0,"
    " n_sources INTEGER NOT NULL DEFAULT 0,"
    " earliest TEXT, earliest_doc INTEGER REFERENCES documents(id),"
    " conflicts TEXT NOT NULL DEFAULT '[]',"
    " founder INTEGER NOT NULL);"
    "CREATE INDEX clusters_hi ON clusters(hi_day);"
    "CREATE INDEX clusters_date ON clusters(date_lo);"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY,"
    " uid TEXT NOT NULL UNIQUE," /* ev- + XXH3-64 of document hash and seq */
    " doc INTEGER NOT NULL REFERENCES documents(id),"
    " seq INTEGER NOT NULL,"
    " type TEXT NOT NULL,"
    " source TEXT, source_text TEXT, target TEXT, target_text TEXT,"
    " date TEXT, date_text TEXT, date_prec INTEGER NOT NULL,"
    " date_lo TEXT, date_hi TEXT, lo_day INTEGER, hi_day INTEGER,"
    " place TEXT, place_fold TEXT, place_country TEXT, lat REAL, lon REAL,"
    " place_precision TEXT,"
    " modality TEXT,"
    " evidence TEXT, ev_start INTEGER, ev_end INTEGER, para INTEGER,"
    " confidence REAL, plover TEXT, cameo TEXT,"
    " categories INTEGER NOT NULL DEFAULT 0,"
    " json TEXT NOT NULL," /* record members no column holds, usually {} */
    " cluster INTEGER REFERENCES clusters(id),"
    " UNIQUE(doc, seq));"
    "CREATE INDEX events_cluster ON events(cluster);"
    "CREATE INDEX events_unfused ON events(id) WHERE cluster IS NULL;"
    "CREATE INDEX events_date ON events(date_lo);"
    "CREATE TABLE event_equipment("
    " event INTEGER NOT NULL REFERENCES events(id),"
    " seq INTEGER NOT NULL,"
    " category TEXT, designation TEXT, quantity REAL, text TEXT,"
    " PRIMARY KEY(event, seq)) WITHOUT ROWID;",

    /* 3: grouping a document no longer rewrites its (wide) row.
     * doc_sketch.grp marks the documents fusion has grouped;
     * documents.syn_group names the group only for copies, NULL meaning
     * the document is its own group. */
    "ALTER TABLE doc_sketch ADD COLUMN grp INTEGER;"
    "UPDATE doc_sketch SET grp ="
    " (SELECT syn_group FROM documents d WHERE d.id = doc_sketch.doc);"
    "UPDATE documents SET syn_group = NULL WHERE syn_group = id;"
    "CREATE INDEX doc_sketch_pending ON doc_sketch(doc) WHERE grp IS NULL;",
};

int kb_store_schema_latest(void) {
  return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *kb_store_migration(int version) {
  if (version < 1 || version > kb_store_schema_latest()) return NULL;
  return migrations[version - 1];
}
