import type { Migration } from '../migrate';

/**
 * Contact ids are never given twice. The audit log names contacts by id, so a contact
 * created after a delete or a revert must not take the id of one that is gone: it would
 * inherit that contact's history. SQLite alone hands out max(id) + 1, which reuses the
 * ids of the newest contacts once they are deleted; this keeps the highest id ever
 * deleted, and writers take ids above both (store/contactIds.ts). Existing audit entries
 * name every contact there has been, so the start is the highest id they name.
 */
export const migration: Migration = {
  version: 3,
  name: 'contact-id-high',
  up: `
CREATE TABLE contact_id_high (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  value INTEGER NOT NULL
) STRICT;
INSERT INTO contact_id_high(only, value) VALUES (1, coalesce((SELECT max(contact_id) FROM audit), 0));
CREATE TRIGGER contacts_keep_id_high AFTER DELETE ON contacts
  WHEN old.id > (SELECT value FROM contact_id_high WHERE only = 1)
BEGIN
  UPDATE contact_id_high SET value = old.id WHERE only = 1;
END;
`,
};
