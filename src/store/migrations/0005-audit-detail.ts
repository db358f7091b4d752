import type { Migration } from '../migrate';

/**
 * What an officer said about a change, and a way to find a person by identifiers they no
 * longer hold.
 *
 * `detail` (JSON, NULL for most entries) records what the other columns cannot:
 *   - `reason`: the officer's written reason. Lifting an `unsubscribe`, `opt_out`,
 *     `hard_bounce` or `spam_complaint` block needs one (what evidence of consent there is).
 *   - `lifted_category`: on a channel entry, the protected category that change lifted.
 *   - `was`: on a delete's identifier entry, the statuses the contact had
 *     (`[{channel, status, category}]`), so the entry reads as a sentence on its own.
 * It is a column of its own rather than more keys in `before_detail`, which holds the
 * earlier status exactly as a revert puts it back.
 *
 * The two indexes cover identifier entries only (channel NULL: edits, a revert's removed
 * identifiers, deletes), which are few beside channel entries, so imports pay nothing for
 * them: `before` of an edit holds the value it replaced, and a delete's `before` the
 * identifiers it removed (JSON). store/auditContacts.ts finds a contact by them.
 *
 * ALTER TABLE … ADD COLUMN keeps the table's append-only triggers.
 */
export const migration: Migration = {
  version: 5,
  name: 'audit-detail',
  up: `
ALTER TABLE audit ADD COLUMN detail TEXT;
CREATE INDEX audit_identifier_values ON audit(lower(before)) WHERE channel IS NULL;
CREATE INDEX audit_identifier_actions ON audit(action) WHERE channel IS NULL;
`,
};
