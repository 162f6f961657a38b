-- Several instances on one database: each stored update knows its chat, so one instance at a time
-- handles a chat's updates in order; a lease says which instance serves a chat's updates (lane
-- 'inbox') or sends its messages (lane 'outbox') until when; live instances share Telegram's
-- overall limit.

ALTER TABLE inbox ADD COLUMN chat_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX inbox_unhandled_chat ON inbox (chat_id, update_id) WHERE handled_at IS NULL;

CREATE TABLE leases (
    lane TEXT NOT NULL,
    chat_id BIGINT NOT NULL,
    holder TEXT NOT NULL,
    -- Unix milliseconds; a lease that ran out may be taken by any instance.
    until_ms BIGINT NOT NULL,
    -- The holder's recent sends to the chat (JSON list of unix milliseconds), handed to the next
    -- holder so the chat's limits hold across instances.
    recent TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (lane, chat_id)
);

CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    seen_ms BIGINT NOT NULL
);

-- Open and overdue tickets over every village, for /metrics: only open tickets are indexed.
CREATE INDEX tickets_open_deadline ON tickets (deadline_at) WHERE state IN ('new', 'assigned', 'in_progress');
