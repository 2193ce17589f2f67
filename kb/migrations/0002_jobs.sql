-- The durable upload queue (kb.queue): jobs any `kb worker` takes with SELECT … FOR UPDATE SKIP LOCKED.
-- depends: 0001_catalog

CREATE TABLE jobs (
    id text PRIMARY KEY,
    seq bigserial UNIQUE,  -- order of acceptance: a DELETE answered later wins over this job
    source text NOT NULL,
    doc_id text,  -- PUT /documents/{id}: the document it replaces
    data bytea,  -- the uploaded bytes, dropped once the job is done or failed
    size bigint NOT NULL,
    status text NOT NULL DEFAULT 'queued',  -- queued | running | done | failed
    attempts integer NOT NULL DEFAULT 0,
    worker text,  -- who holds it while running
    lease_until timestamptz,  -- a running job whose lease passed is taken again (its worker died)
    result_doc_id text,
    ingest_status text,  -- added | updated | unchanged | duplicate
    record json,  -- the document's record as committed: the upload's answer
    error json,  -- {"cls", "message", "vi", "code"}
    created timestamptz NOT NULL DEFAULT now(),
    finished timestamptz
);
CREATE INDEX jobs_waiting ON jobs (seq) WHERE status IN ('queued', 'running');

-- documents (by id and by content hash) deleted, and the last job accepted before: those jobs do not
-- bring them back
CREATE TABLE deletions (
    key text PRIMARY KEY,
    seq bigint NOT NULL
);
