import type { Migration } from '../migrate';

/**
 * What a job asked for and found already in place. An import, paste or keyword job that
 * asks for a block the contact already has changes nothing, so it leaves no audit entry;
 * without a trace, reverting the job that made the block would lift it although the later
 * job asked for it too. One row holds a run of consecutive contact ids and the channel
 * bits (bit i = CHANNELS[i]) asked of each: contacts an import creates take consecutive
 * ids, so re-importing a 150 MB file adds a handful of rows, not millions.
 */
export const migration: Migration = {
  version: 4,
  name: 'job-asks',
  up: `
CREATE TABLE job_asks (
  job TEXT NOT NULL,
  first_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  channels INTEGER NOT NULL CHECK (channels BETWEEN 1 AND 15),
  CHECK (first_id <= last_id)
) STRICT;
CREATE INDEX job_asks_job ON job_asks(job);
CREATE INDEX job_asks_range ON job_asks(first_id);
`,
};
