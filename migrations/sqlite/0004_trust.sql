-- Trust: buttons bound to the message they were offered on, approvals (joining a team or a
-- township, a new village), questions that pick a village, and where a person last acted.

-- The callback data of every button the bot put on a message; a press must match one.
CREATE TABLE offered_buttons (
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    data TEXT NOT NULL,
    offered_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id, data)
);

-- A request someone else decides: 'team' (subject: team), 'township' (subject: township),
-- 'village' (subject: the village itself).
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    subject_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by BIGINT REFERENCES people (id),
    approved BIGINT
);
CREATE INDEX approvals_open ON approvals (kind, subject_id, person_id) WHERE decided_at IS NULL;

-- A private command waiting for its sender to say which of their villages it is about.
CREATE TABLE village_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id BIGINT NOT NULL REFERENCES people (id),
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    answered_at BIGINT
);

ALTER TABLE people ADD COLUMN last_village_id BIGINT REFERENCES villages (id);
ALTER TABLE villages ADD COLUMN approved BIGINT NOT NULL DEFAULT 1;
