-- Timed work (reminders, escalations, follow-ups, digests) and the top of each village's ladder.

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    ticket_id BIGINT REFERENCES tickets (id),
    due_at BIGINT NOT NULL,
    stamp BIGINT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
-- Only pending jobs are indexed: finding due work costs what is due, not what is stored.
CREATE INDEX jobs_pending ON jobs (due_at) WHERE status = 'pending';
CREATE INDEX jobs_village_pending ON jobs (village_id, kind) WHERE status = 'pending';

ALTER TABLE villages ADD COLUMN township_cadre_id BIGINT REFERENCES people (id);
