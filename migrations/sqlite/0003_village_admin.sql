-- Running a village: followers of merged tickets, the audit log, townships, announcements.

-- Residents whose duplicate request was merged into a ticket hear about its closure too.
CREATE TABLE ticket_followers (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, person_id)
);

-- Every change to roles and settings, and every refused attempt. Never deleted.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT REFERENCES villages (id),
    actor_id BIGINT REFERENCES people (id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    allowed BIGINT NOT NULL
);
CREATE INDEX audit_events_village ON audit_events (village_id, id);

CREATE TABLE townships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
ALTER TABLE villages ADD COLUMN township_id BIGINT REFERENCES townships (id);

CREATE TABLE township_cadres (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    township_id BIGINT NOT NULL REFERENCES townships (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    appointed_by BIGINT REFERENCES people (id),
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX township_cadres_person ON township_cadres (person_id, ended_at);

CREATE TABLE announcements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    author_id BIGINT REFERENCES people (id),
    body TEXT NOT NULL,
    message_id BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE announcement_acks (
    announcement_id BIGINT NOT NULL REFERENCES announcements (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    at BIGINT NOT NULL,
    PRIMARY KEY (announcement_id, person_id)
);
