-- What a ticket carries besides words: the photos, videos and voice messages of its request
-- (Telegram file ids), the photo its holder finished with, and location pins ("lat,lon").
CREATE TABLE ticket_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    -- photo, video, voice or location
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    -- request (what the resident sent) or done (what the holder finished with)
    role TEXT NOT NULL,
    added_by BIGINT REFERENCES people (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);
