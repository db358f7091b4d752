import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS, type Channel } from '../domain/channels';
import { landed } from '../jobs/report';
import type { JobRecord } from '../store/jobsTable';
import type { FileRef, JobReport, JobView } from './views';

/** `out-<channel>`: a scrub's cleaned file for one of its channels. */
export type ArtifactKind = 'out' | 'problems' | 'removed' | `out-${Channel}`;

const ARTIFACT_REF = new RegExp(`^artifact:([A-Za-z0-9_-]{1,64})/(out|problems|removed|out-(?:${CHANNELS.join('|')}))$`);

/** The ref of a job's output file: the same in both bridges, resolved through the jobs table. */
export function artifactRef(job: string, kind: ArtifactKind): string {
  return `artifact:${job}/${kind}`;
}

export function parseArtifactRef(ref: string): { job: string; kind: ArtifactKind } | null {
  const match = ARTIFACT_REF.exec(ref);
  return match ? { job: match[1] as string, kind: match[2] as ArtifactKind } : null;
}

function asReport(value: unknown): JobReport | null {
  return typeof value === 'object' && value !== null && 'job' in value && 'status' in value ? (value as JobReport) : null;
}

/** The path a finished job wrote for an artifact, as its report records it. */
export function artifactPath(record: JobRecord, kind: ArtifactKind): string | null {
  const report = asReport(record.report);
  if (report === null) return null;
  const file = kind === 'out' ? report.out_file : kind === 'removed' ? report.removed_file : kind === 'problems' ? report.problems_file : report.out_files?.[kind.slice('out-'.length)];
  return typeof file === 'string' && file !== '' ? file : null;
}

function fileRef(record: JobRecord, kind: ArtifactKind): FileRef | null {
  const file = artifactPath(record, kind);
  if (file === null) return null;
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null; // moved or deleted since
  }
  return { ref: artifactRef(record.id, kind), name: path.basename(file), size };
}

/** A scrub's cleaned file for each of its channels, in their order; each a download of its own. */
function cleanByChannel(record: JobRecord): (FileRef & { channel: Channel })[] {
  const files = asReport(record.report)?.out_files;
  if (typeof files !== 'object' || files === null) return [];
  return (Object.keys(files) as Channel[])
    .filter((channel) => CHANNELS.includes(channel))
    .flatMap((channel) => {
      const file = fileRef(record, `out-${channel}`);
      return file === null ? [] : [{ channel, ...file }];
    });
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function field(params: unknown, name: string): unknown {
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
}

/** One line naming what a job works on, from the params it was queued with. */
export function jobLabel(record: JobRecord): string {
  const p = record.params;
  const files = field(p, 'files');
  switch (record.kind) {
    case 'import':
      return Array.isArray(files) && files.length > 0 ? files.map((f) => path.basename(String(f))).join(', ') : 'import';
    case 'paste': {
      // text_entries: the identifiers pasted (what the screen said were entered, the rows the job reads); text_lines: older jobs.
      const entries = field(p, 'text_entries');
      const lines = field(p, 'text_lines');
      if (typeof entries === 'number') return `${entries.toLocaleString('en-US')} pasted identifier${entries === 1 ? '' : 's'}`;
      return typeof lines === 'number' ? `${lines} pasted line${lines === 1 ? '' : 's'}` : 'pasted identifiers';
    }
    case 'export': {
      const scope = field(p, 'scope');
      const channel = field(p, 'channel');
      const what = typeof scope === 'string' ? scope : typeof channel === 'string' ? `blocked on ${channel}` : 'whole list';
      const out = field(p, 'out');
      return typeof out === 'string' ? `${what} → ${path.basename(out)}` : what;
    }
    case 'audit_export': {
      const out = field(p, 'out');
      return typeof out === 'string' ? `audit log → ${path.basename(out)}` : 'audit log';
    }
    case 'keywords':
      return Array.isArray(files) && files.length > 0 ? files.map((f) => path.basename(String(f))).join(', ') : 'inbound messages';
    case 'scrub': {
      const file = field(p, 'file');
      const channels = field(p, 'channels');
      const on = Array.isArray(channels) ? ` on ${channels.join(', ')}` : '';
      return `${typeof file === 'string' ? path.basename(file) : 'audience'}${on}`;
    }
    case 'revert':
      return `revert of ${String(field(p, 'target') ?? '?')}`;
    case 'sync':
      return `sync with ${String(field(p, 'url') ?? '?')}`;
    case 'bulk':
      return bulkLabel(p);
    default:
      return record.kind;
  }
}

/** `Unblock SMS, WhatsApp · 1,204 selected contacts`, `Delete · every contact of a filter`. */
function bulkLabel(params: unknown): string {
  const action = field(params, 'action') as { kind?: string; channels?: string[] } | undefined;
  const target = field(params, 'target') as { kind?: string; ids?: unknown[] } | undefined;
  const verb = action?.kind === 'block' ? 'Block' : action?.kind === 'unblock' ? 'Unblock' : 'Delete';
  const channels = Array.isArray(action?.channels) ? ` ${action.channels.map((ch) => CHANNEL_NAMES[ch as Channel] ?? ch).join(', ')}` : '';
  const n = Array.isArray(target?.ids) ? target.ids.length : null;
  const whom = n !== null ? `${n.toLocaleString('en-US')} selected contact${n === 1 ? '' : 's'}` : 'every contact of a filter';
  return `${verb}${channels} · ${whom}`;
}

const CHANNEL_NAMES: Record<Channel, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', rcs: 'RCS' };

const REVERTIBLE_KINDS = ['import', 'paste', 'keywords', 'revert', 'bulk'];

/** A bulk delete is not revertible: a revert puts statuses back, it does not bring back a deleted contact. */
function revertibleKind(record: JobRecord): boolean {
  if (record.kind === 'bulk') return (field(record.params, 'action') as { kind?: string } | undefined)?.kind !== 'delete';
  return REVERTIBLE_KINDS.includes(record.kind);
}

export function toJobView(record: JobRecord): JobView {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    label: jobLabel(record),
    actor: record.actor,
    created_at: iso(record.created_at) as string,
    started_at: iso(record.started_at),
    finished_at: iso(record.finished_at),
    report: asReport(record.report),
    error: record.error,
    reverted_by: record.reverted_by,
    revertible: landed(record.status) && record.reverted_by === null && revertibleKind(record),
    files: { out: fileRef(record, 'out'), problems: fileRef(record, 'problems'), removed: fileRef(record, 'removed'), clean_by_channel: cleanByChannel(record) },
  };
}
