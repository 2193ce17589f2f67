-- The catalog on PostgreSQL (kb.pg): what catalog.sqlite holds in the embedded default.
-- depends:

-- llama-index's document store (texts, hashes) and the documents' records, editors' corrections and log
CREATE TABLE kv (
    collection text NOT NULL,
    key text COLLATE "C" NOT NULL,
    value json NOT NULL,  -- json, not jsonb: read back exactly as written, key order included
    PRIMARY KEY (collection, key)
);
CREATE INDEX kv_documents_sha256 ON kv ((value->>'sha256')) WHERE collection = 'kb/documents';
CREATE INDEX kv_documents_content_sha ON kv ((value->>'content_sha')) WHERE collection = 'kb/documents';
CREATE INDEX kv_documents_source ON kv ((value->>'source')) WHERE collection = 'kb/documents';
CREATE INDEX kv_documents_number ON kv ((value->>'number')) WHERE collection = 'kb/documents';

-- task and target records, one row each, with the columns listings filter on
CREATE TABLE facts (
    id bigserial PRIMARY KEY,
    doc_id text COLLATE "C" NOT NULL,  -- "C": ordered as Python orders strings, as the SQLite catalog lists
    pos integer NOT NULL,  -- order within its document
    kind text NOT NULL,  -- task | target
    due text COLLATE "C",  -- tasks: ISO due date, or the date it starts from
    horizon_year integer,  -- targets
    sort_due text COLLATE "C" NOT NULL,  -- how task listings are ordered: due date ('9999' without), …
    start integer NOT NULL,  -- … then document and position in its text
    data json NOT NULL,
    UNIQUE (doc_id, pos)
);
CREATE INDEX facts_kind_due ON facts (kind, due);
CREATE INDEX facts_kind_listed ON facts (kind, sort_due, doc_id, start);
CREATE INDEX facts_kind_year ON facts (kind, horizon_year);

CREATE TABLE fact_bodies (
    fact_id bigint NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    role text NOT NULL,  -- lead | coordinator | monitor
    key text NOT NULL  -- the body's folded canonical name (kb.bodies.key)
);
CREATE INDEX fact_bodies_key ON fact_bodies (key, role);
CREATE INDEX fact_bodies_fact ON fact_bodies (fact_id);
-- every body key ever recorded (a few thousand): a body asked for is matched against these, not every row
CREATE TABLE body_keys (
    key text PRIMARY KEY
);

-- the accent model's counts (kb.accents)
CREATE TABLE accents (
    doc_id text NOT NULL,
    n integer NOT NULL,
    folded text NOT NULL,
    form text NOT NULL,
    count integer NOT NULL
);
CREATE INDEX accents_folded ON accents (folded, n);
CREATE INDEX accents_doc ON accents (doc_id);

-- bumped by every write of facts or accent counts: what a process keeps in memory is read again after
-- another process changed it
CREATE TABLE catalog_version (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO catalog_version VALUES (1, 0);
