-- Batches and hot queries: failed attempts per stored update, and an index for every query that
-- runs per message, per list, per digest, per report or per delivery.

ALTER TABLE inbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
-- What is still to do, in order: only the unhandled updates and unsent messages are indexed, so
-- finding them costs what is waiting, not what was ever stored.
CREATE INDEX inbox_unhandled ON inbox (update_id) WHERE handled_at IS NULL;
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_pending_chat ON outbox (chat_id, id) WHERE status = 'pending';

-- Routing: who is (now) the chief of this neighbourhood, the captain of this team; newest first.
CREATE INDEX appointments_neighbourhood ON appointments (neighbourhood_id, role, id) WHERE ended_at IS NULL;
CREATE INDEX appointments_team ON appointments (team_id, role, id) WHERE ended_at IS NULL;
-- Where a person lives (their villages, their neighbourhood); households per neighbourhood.
CREATE INDEX households_person ON households (person_id);
CREATE INDEX households_neighbourhood ON households (neighbourhood_id);
-- `/list mine`: tickets someone asked for (held ones use tickets_holder).
CREATE INDEX tickets_requester ON tickets (requester_id, state);
-- Digests, statistics and reports: tickets resolved or created since a time, per village.
CREATE INDEX tickets_village_resolved ON tickets (village_id, resolved_at);
CREATE INDEX tickets_village_created ON tickets (village_id, created_at);
-- Export of every village: tickets created in a period.
CREATE INDEX tickets_created ON tickets (created_at);
