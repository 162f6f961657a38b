-- What cadres and chiefs corrected of intake's verdicts (not a request, another category, urgent
-- or not): each row is a labelled message that `villagebot train --from-db` learns from.
CREATE TABLE intake_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    ticket_id BIGINT REFERENCES tickets (id),
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    -- request, or not_request (a ticket withdrawn as no request at all)
    kind TEXT NOT NULL,
    category TEXT,
    urgent BIGINT NOT NULL DEFAULT 0,
    corrected_by BIGINT REFERENCES people (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX intake_corrections_ticket ON intake_corrections (ticket_id);
