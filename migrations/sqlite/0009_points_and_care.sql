-- Points and care: the points ledger of chiefs and volunteers, the care level of special
-- households, and their visits.

-- Append-only: a balance is the sum of a person's entries in a village. An entry earned by a
-- ticket carries a key (e.g. "done:42") that can be written once, so a ticket reopened and done
-- again earns nothing twice.
CREATE TABLE points (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    delta BIGINT NOT NULL,
    -- done, on_time, good_rating, reopened, late, redeem, correction
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    ticket_id BIGINT REFERENCES tickets (id),
    -- Who gave or took the points; NULL for the bot (a ticket's life).
    actor_id BIGINT REFERENCES people (id),
    once_key TEXT UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX points_person ON points (village_id, person_id, id);
CREATE INDEX points_village_time ON points (village_id, created_at);

-- A household under care: its level, why, and when its next visit falls due. `stage` is how far
-- the current visit's reminders went: 0 none yet, 1 reminded, 2 reminded as overdue, 3 escalated.
CREATE TABLE care_households (
    village_id BIGINT NOT NULL REFERENCES villages (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    level TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    set_by BIGINT REFERENCES people (id),
    set_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    stage BIGINT NOT NULL DEFAULT 0,
    last_visit_at BIGINT,
    PRIMARY KEY (village_id, person_id)
);
CREATE INDEX care_households_due ON care_households (village_id, due_at);

CREATE TABLE care_visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    visitor_id BIGINT REFERENCES people (id),
    note TEXT NOT NULL DEFAULT '',
    -- A Telegram file id, when the visit was recorded with a photo.
    photo TEXT,
    -- When the visit was due, and when it was recorded.
    due_at BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX care_visits_village_time ON care_visits (village_id, at);
CREATE INDEX care_visits_household ON care_visits (village_id, person_id, at);

-- A reply to a visit reminder finds the message it answers.
CREATE INDEX outbox_visit_message ON outbox (chat_id, message_id) WHERE purpose = 'visit';

-- A cadre names a household by the name the village knows it by.
CREATE INDEX people_display_name ON people (display_name);
