-- Quiet groups: tickets acknowledged together while their group's queue is long (they have no
-- card of their own), the one open acknowledgement of each group, and an index to count the
-- group messages a ticket has cost.

ALTER TABLE tickets ADD COLUMN card_quiet BIGINT NOT NULL DEFAULT 0;

CREATE TABLE group_acks (
    chat_id BIGINT PRIMARY KEY,
    -- The outbox row that posts the acknowledgement (its message id once sent).
    outbox_id BIGINT NOT NULL,
    -- The tickets it lists, as shown: one line each.
    lines TEXT NOT NULL,
    count BIGINT NOT NULL,
    opened_at BIGINT NOT NULL
);

CREATE INDEX outbox_ticket ON outbox (ticket_id, chat_id) WHERE ticket_id IS NOT NULL;
