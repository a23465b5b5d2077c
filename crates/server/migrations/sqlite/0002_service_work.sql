-- Service work: notes with revisions, the contact log's next step, complaints with
-- deadlines and steps, care markers, disabled users. Keep in step with
-- ../postgres/0002_service_work.sql.

ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;

ALTER TABLE interactions ADD COLUMN next_step TEXT;
ALTER TABLE interactions ADD COLUMN recorded_at BIGINT;

-- `summary` holds the description. Deadlines are computed when the complaint is
-- received (bank calendar and policy of that moment) and stored.
ALTER TABLE complaints ADD COLUMN received_at BIGINT;
ALTER TABLE complaints ADD COLUMN customer_request TEXT;
ALTER TABLE complaints ADD COLUMN feedback TEXT;
ALTER TABLE complaints ADD COLUMN no_feedback_reason TEXT;
ALTER TABLE complaints ADD COLUMN internal_deadline BIGINT;
ALTER TABLE complaints ADD COLUMN regulatory_deadline TEXT;
ALTER TABLE complaints ADD COLUMN resolved_at BIGINT;
ALTER TABLE complaints ADD COLUMN closed_at BIGINT;
ALTER TABLE complaints ADD COLUMN recorded_by BIGINT REFERENCES users(id);
ALTER TABLE complaints ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX complaints_status ON complaints(status);

CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    at BIGINT NOT NULL,
    by_id BIGINT NOT NULL REFERENCES users(id),
    note TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id);

ALTER TABLE notes ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE notes ADD COLUMN edited_at BIGINT;
ALTER TABLE notes ADD COLUMN edited_by BIGINT REFERENCES users(id);

-- The text a note had at `version`, kept when it was replaced.
CREATE TABLE note_revisions (
    id INTEGER PRIMARY KEY,
    note_id BIGINT NOT NULL REFERENCES notes(id),
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    written_at BIGINT NOT NULL,
    written_by BIGINT NOT NULL REFERENCES users(id),
    replaced_at BIGINT NOT NULL,
    replaced_by BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (note_id, version)
);

CREATE TABLE care_markers (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    marked_on TEXT NOT NULL,
    occasion_on TEXT,
    snooze_until TEXT,
    at BIGINT NOT NULL,
    by_id BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX care_markers_customer ON care_markers(customer_id);
