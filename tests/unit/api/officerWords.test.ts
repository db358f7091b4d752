import fs from 'node:fs';
import AdmZip from 'adm-zip';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import { resolveDownload } from '../../../src/api/downloads';
import { cliMessage } from '../../../src/cli/cliWording';
import { getJob } from '../../../src/store/jobsTable';
import type { JobReport } from '../../../src/jobs/report';
import type { DeskResult } from '../../../src/api/result';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

async function call<T>(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<T>> {
  const [area, name] = key.split('.') as [string, string];
  return callOperation(desk.context, area, name, input) as Promise<DeskResult<T>>;
}

/** Uploads a file as browser mode does (under the officer's own file name) and imports it; the job as it ended. */
async function uploadAndImport(desk: TempDesk & { uploads: NonNullable<ReturnType<typeof tempDesk>['uploads']> }, name: string, body: string, input: object): Promise<JobView> {
  const ref = await desk.uploads.receive(name, Readable.from([Buffer.from(body)]));
  const started = await call<{ job: JobView }>(desk, 'jobs.startImport', { files: [ref.ref], ...input });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const finished = nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.value.job.id);
  return (await finished).job;
}

function uploadDesk() {
  const desk = tempDesk('uploads');
  if (desk.uploads === null) throw new Error('no upload folder');
  return desk as typeof desk & { uploads: NonNullable<typeof desk.uploads> };
}

describe('errors in the officer’s words (issue 12, point 13)', () => {
  it('an import the app cannot read names the officer’s file and the app’s own choice, never a command-line flag or an upload path', async () => {
    const desk = uploadDesk();
    const noHeader = await uploadAndImport(desk, 'Vendor DNC March.csv', 'C-1\nC-2\n', { using: 'auto', channels: ['sms'] });
    expect(noHeader.status).toBe('failed');
    const message = noHeader.error?.message ?? '';
    expect(message).toContain('Vendor DNC March.csv');
    expect(message).toContain('Blocklist using');
    expect(message).not.toMatch(/--[a-z]/);
    expect(message).not.toContain(desk.uploads.uploads);
    // The command line words the same refusal by its flag (from the job's report, as the CLI gets it).
    const stored = (getJob(desk.context.db, noHeader.id)?.report as JobReport | null)?.error;
    expect(stored && cliMessage(stored)).toBe('Vendor DNC March.csv: no header row naming customer_id, email or mobile; say which identifier the file holds with --using customer_id|email|mobile');

    const wrongColumn = await uploadAndImport(desk, 'Vendor DNC March.csv', 'email,name\na@example.com,A\n', { using: 'mobile', channels: ['sms'] });
    expect(wrongColumn.status).toBe('failed');
    expect(wrongColumn.error?.message).toBe('Vendor DNC March.csv: read by its Mobile column (Blocklist using: Mobile), but its header has none (found: email, name)');

    const brokenZip = await uploadAndImport(desk, 'Vendor export.zip', 'PK\u0003\u0004 not really a zip', { using: 'email', channels: ['email'] });
    expect(brokenZip.status).toBe('failed');
    expect(brokenZip.error?.message).toMatch(/^Vendor export\.zip /);
    expect(brokenZip.error?.message).not.toContain(desk.uploads.uploads);

    const noChannels = await uploadAndImport(desk, 'Vendor DNC March.csv', 'email\na@example.com\n', { using: 'email', channels: ['email'] });
    expect(noChannels.status).toBe('succeeded');
  });

  it('an audience the scrub cannot read asks for its columns as the Audience scrub screen names them', async () => {
    const desk = uploadDesk();
    const ref = await desk.uploads.receive('Diwali audience.csv', Readable.from([Buffer.from('Name,Contact Email\nAsha,asha@example.com\n')]));
    const started = await call<{ job: JobView }>(desk, 'jobs.startScrub', { file: ref.ref, channels: ['email'] });
    if (!started.ok) throw new Error(started.error.message);
    const finished = nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.value.job.id);
    const job = (await finished).job;
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe(
      'Diwali audience.csv: no header row naming customer_id, email or mobile (first row: Name, Contact Email); say which columns hold what under "Columns" (a header name or a number from 1)',
    );
  });

  it('a warning about a ZIP entry names the archive as the officer named it', async () => {
    const desk = uploadDesk();
    const zip = new AdmZip();
    zip.addFile('members.csv', Buffer.from('email\na@example.com\n'));
    zip.addFile('older/archive.zip', Buffer.from('PK'));
    const ref = await desk.uploads.receive('Vendor export.zip', Readable.from([zip.toBuffer()]));
    const started = await call<{ job: JobView }>(desk, 'jobs.startImport', { files: [ref.ref], using: 'email', channels: ['email'] });
    if (!started.ok) throw new Error(started.error.message);
    const job = (await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.value.job.id)).job;
    expect(job.status).toBe('succeeded');
    expect(job.report?.warnings).toEqual([expect.stringMatching(/^Vendor export\.zip!older\/archive\.zip skipped: /)]);
  });

  it('the problems file and its messages name the uploaded file as the officer called it', async () => {
    const desk = uploadDesk();
    const job = await uploadAndImport(desk, 'Opt-outs (final).csv', 'email,mobile\nnot-an-email,98765 43210\nok@example.com,\n', { using: 'auto', channels: ['email', 'sms'] });
    expect(job.status).toBe('succeeded_with_problems');
    const file = job.files.problems;
    expect(file?.name).toMatch(/\.csv$/);
    const resolved = resolveDownload(desk.context, file?.ref ?? '');
    if (!resolved.ok || !('path' in resolved.value)) throw new Error('no problems file to download');
    const text = fs.readFileSync(resolved.value.path, 'utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('file,line,column,value,problem,action');
    expect(lines.slice(1).every((line) => line.startsWith('Opt-outs (final).csv,'))).toBe(true);
    expect(text).not.toContain(desk.uploads.uploads);
    expect(job.label).toBe('Opt-outs (final).csv');
  });
});
