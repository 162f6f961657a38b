-- The order desk: villages, people, the grid, teams, tickets with their event log,
-- the update inbox, the outbox of messages to send and the links from sent messages to tickets.

CREATE TABLE villages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id BIGINT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    duty_cadre_id BIGINT,
    next_ticket_no BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tg_user_id BIGINT UNIQUE,
    username TEXT,
    display_name TEXT NOT NULL,
    private_ok BIGINT NOT NULL DEFAULT 0,
    lang TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX people_username ON people (username);

CREATE TABLE neighbourhoods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (village_id, name)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    name TEXT NOT NULL,
    categories TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (village_id, name)
);

-- Roles held in a village. Ending an appointment sets ended_at; rows are never deleted.
CREATE TABLE appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    neighbourhood_id BIGINT REFERENCES neighbourhoods (id),
    team_id BIGINT REFERENCES teams (id),
    appointed_by BIGINT,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX appointments_village_role ON appointments (village_id, role, ended_at);
CREATE INDEX appointments_person ON appointments (person_id, ended_at);

CREATE TABLE households (
    village_id BIGINT NOT NULL REFERENCES villages (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    neighbourhood_id BIGINT NOT NULL REFERENCES neighbourhoods (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (village_id, person_id)
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    no BIGINT NOT NULL,
    requester_id BIGINT NOT NULL REFERENCES people (id),
    chat_id BIGINT NOT NULL,
    source_message_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    category TEXT NOT NULL,
    tier TEXT NOT NULL,
    urgent BIGINT NOT NULL DEFAULT 0,
    location TEXT,
    state TEXT NOT NULL,
    level BIGINT NOT NULL DEFAULT 0,
    holder_person_id BIGINT REFERENCES people (id),
    holder_team_id BIGINT REFERENCES teams (id),
    last_note TEXT,
    deadline_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT,
    closed_at BIGINT,
    rating BIGINT,
    card_message_id BIGINT,
    UNIQUE (village_id, no),
    UNIQUE (chat_id, source_message_id)
);
CREATE INDEX tickets_village_state ON tickets (village_id, state);
CREATE INDEX tickets_holder ON tickets (holder_person_id, state);

CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people (id),
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    note TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Medium-confidence messages the bot asked the poster about.
CREATE TABLE pending_intakes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    village_id BIGINT NOT NULL REFERENCES villages (id),
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    UNIQUE (chat_id, message_id)
);

-- Every fetched update, stored before the next batch is requested.
CREATE TABLE inbox (
    update_id BIGINT PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    handled_at BIGINT,
    error TEXT
);
CREATE INDEX inbox_pending ON inbox (handled_at, update_id);

-- Update ids whose effects are committed: replaying one changes nothing.
CREATE TABLE processed_updates (
    update_id BIGINT PRIMARY KEY,
    processed_at BIGINT NOT NULL
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    ticket_id BIGINT REFERENCES tickets (id),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    not_before BIGINT NOT NULL,
    sent_at BIGINT,
    message_id BIGINT,
    error TEXT
);
CREATE INDEX outbox_due ON outbox (status, not_before, id);

-- Messages the bot sent that someone may reply to or press a button on.
CREATE TABLE message_links (
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    purpose TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
