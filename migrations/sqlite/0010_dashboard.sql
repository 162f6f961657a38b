-- Dashboard links: each person's link generation; `/dashboard revoke` moves it on, which ends
-- every link made before.
CREATE TABLE dashboard_access (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    generation BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
