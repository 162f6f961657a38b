-- The text a ticket's card shows now, so that an edit that would change nothing is not sent
-- (Telegram refuses it: "message is not modified").
ALTER TABLE tickets ADD COLUMN card_text TEXT;
