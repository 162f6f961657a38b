-- A message the bot asked about keeps its photo, video or voice, so the ticket it becomes has it.
ALTER TABLE pending_intakes ADD COLUMN media_kind TEXT;
ALTER TABLE pending_intakes ADD COLUMN media_file TEXT;
