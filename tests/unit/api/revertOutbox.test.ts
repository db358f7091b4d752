import { describe, expect, it } from 'vitest';
import type { JobReport, JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

// What CE is told when an import is reverted: an unblock under every identifier that
// carried each lifted block, for the contacts the revert deletes and for those it keeps,
// and nothing for a channel the import never touched.

async function run(desk: TempDesk, key: string, input: unknown): Promise<JobReport> {
  const [area, name] = key.split('.') as [string, string];
  const started = await callOperation(desk.context, area, name, input);
  if (!started.ok) throw new Error(`${key}: ${started.error.message}`);
  const job = (started.value as { job: JobView }).job;
  return (await nextEvent(desk.context, 'job:finished', (e) => e.job.id === job.id)).job.report as JobReport;
}

const unblocks = (desk: TempDesk) =>
  desk.context.db
    .prepare("SELECT identifier_type AS type, identifier AS value, channel FROM outbox WHERE action = 'unblock' ORDER BY channel, identifier_type, identifier")
    .all();

describe('reverting an import', () => {
  it('queues an unblock for CE under each identifier of each block it lifts, deleted contacts and kept ones alike', async () => {
    const desk = tempDesk();
    // Before the import: a contact blocked on WhatsApp by a paste, which the import also blocks on SMS.
    await run(desk, 'jobs.startImport', { text: '+919845012399', using: 'mobile', channels: ['whatsapp'] });
    const file = desk.file(
      'list.csv',
      'customer_id,email,mobile,email_blocked,sms_blocked\nC1,new@example.com,+919845012345,yes,yes\n,,+919845012399,no,yes\nC2,,+919845012346,no,yes\n',
    );
    const imported = await run(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email', 'sms'] });
    expect(imported).toMatchObject({ added: 2, updated: 1 });
    expect(unblocks(desk)).toEqual([]);

    const job = desk.context.db.prepare("SELECT id FROM jobs WHERE kind = 'import' ORDER BY created_at DESC LIMIT 1").pluck().get() as string;
    const reverted = await run(desk, 'jobs.revert', { id: job });
    expect(reverted).toMatchObject({ status: 'succeeded', deleted_contacts: 2 });
    expect(unblocks(desk)).toEqual([
      { type: 'customer_id', value: 'C1', channel: 'email' },
      { type: 'email', value: 'new@example.com', channel: 'email' },
      { type: 'customer_id', value: 'C1', channel: 'sms' },
      { type: 'customer_id', value: 'C2', channel: 'sms' },
      { type: 'mobile', value: '+919845012345', channel: 'sms' },
      { type: 'mobile', value: '+919845012346', channel: 'sms' },
      { type: 'mobile', value: '+919845012399', channel: 'sms' },
    ]);
  });
});
