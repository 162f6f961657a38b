-- "Me too": a resident who reports an open ticket's problem again follows it as a supporter; the
-- message they wrote is kept, so a cadre can split it off into a ticket of its own.
ALTER TABLE ticket_followers ADD COLUMN chat_id BIGINT;
ALTER TABLE ticket_followers ADD COLUMN message_id BIGINT;
ALTER TABLE ticket_followers ADD COLUMN text TEXT;
