-- Listings over 100k records in ≤ 50 ms (issue #17): a listing by body is counted and paged on fact_bodies
-- alone (no scan of facts' wide rows), a deep page found on index entries before any row is read.
-- depends: 0002_jobs

-- each body's row carries its record's listing columns (the same as facts')
ALTER TABLE fact_bodies
    ADD COLUMN kind text,
    ADD COLUMN doc_id text COLLATE "C",
    ADD COLUMN pos integer,
    ADD COLUMN due text COLLATE "C",
    ADD COLUMN horizon_year integer,
    ADD COLUMN sort_due text COLLATE "C",
    ADD COLUMN start integer;
UPDATE fact_bodies b SET kind = f.kind, doc_id = f.doc_id, pos = f.pos, due = f.due,
    horizon_year = f.horizon_year, sort_due = f.sort_due, start = f.start
    FROM facts f WHERE f.id = b.fact_id;
ALTER TABLE fact_bodies
    ALTER COLUMN kind SET NOT NULL, ALTER COLUMN doc_id SET NOT NULL, ALTER COLUMN pos SET NOT NULL,
    ALTER COLUMN sort_due SET NOT NULL, ALTER COLUMN start SET NOT NULL;
DROP INDEX fact_bodies_key;
CREATE INDEX fact_bodies_key ON fact_bodies (key, kind, role)
    INCLUDE (fact_id, doc_id, pos, due, horizon_year, sort_due, start);  -- counted and paged on the index alone

-- listing order with the row's id in the index: OFFSET walks index entries, not rows
DROP INDEX facts_kind_listed;
CREATE INDEX facts_kind_listed ON facts (kind, sort_due, doc_id, start, pos) INCLUDE (id);
CREATE INDEX facts_kind_doc ON facts (kind, doc_id, pos) INCLUDE (id);
