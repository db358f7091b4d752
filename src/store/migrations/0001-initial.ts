import type { Migration } from '../migrate';

/**
 * One row a contact, with each channel's status inline: an import touches one row a
 * contact, and the listing reads one row a contact. Times are milliseconds since the
 * epoch (UTC); statuses are 0 none, 1 blocked, 2 whitelisted (email only).
 */
const channelColumns = (ch: string) => `
  ${ch}_status INTEGER NOT NULL DEFAULT 0 CHECK (${ch}_status BETWEEN 0 AND 2),
  ${ch}_category TEXT,
  ${ch}_reason TEXT,
  ${ch}_source TEXT,
  ${ch}_at INTEGER,
  ${ch}_actor TEXT`;

export const migration: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  customer_id TEXT,
  email TEXT,
  email_key TEXT,
  mobile TEXT,
  kind INTEGER GENERATED ALWAYS AS (customer_id IS NOT NULL OR email_key IS NOT NULL) VIRTUAL,
  created_at INTEGER NOT NULL,
  created_job TEXT,
  changed_at INTEGER NOT NULL,
  ${channelColumns('email')},
  ${channelColumns('sms')},
  ${channelColumns('whatsapp')},
  ${channelColumns('rcs')},
  CHECK (customer_id IS NOT NULL OR email_key IS NOT NULL OR mobile IS NOT NULL),
  CHECK ((email IS NULL) = (email_key IS NULL))
) STRICT;
CREATE UNIQUE INDEX contacts_customer_id ON contacts(customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_email_key ON contacts(email_key) WHERE email_key IS NOT NULL;
CREATE UNIQUE INDEX contacts_mobile ON contacts(mobile) WHERE mobile IS NOT NULL;
CREATE INDEX contacts_listing ON contacts(kind, changed_at, id);

-- Tab counts are kept here by the writers (never by a COUNT(*) scan): identified,
-- anonymous, blocked_<channel>, whitelisted_email. doctor recounts and compares.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES
  ('identified', 0), ('anonymous', 0),
  ('blocked_email', 0), ('blocked_sms', 0), ('blocked_whatsapp', 0), ('blocked_rcs', 0),
  ('whitelisted_email', 0);

-- Append-only: one entry per changed channel status (channel set) or identifier edit
-- (channel NULL). before_detail keeps the whole earlier status as JSON so a revert can
-- put it back exactly.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  contact_id INTEGER NOT NULL,
  contact TEXT NOT NULL,
  channel TEXT,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  before_detail TEXT,
  source TEXT NOT NULL,
  job TEXT
) STRICT;
CREATE INDEX audit_contact ON audit(contact_id, id);
CREATE INDEX audit_job ON audit(job) WHERE job IS NOT NULL;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  pid INTEGER,
  params TEXT NOT NULL,
  report TEXT,
  error TEXT,
  reverted_by TEXT
) STRICT;
CREATE INDEX jobs_created ON jobs(created_at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
