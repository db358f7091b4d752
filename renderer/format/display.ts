import type { ChannelName } from '../state/vocabulary';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const integer = new Intl.NumberFormat();

const dayOf = (date: Date) => `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;

/** An ISO instant in the user's zone; `—` when absent. */
export function formatInstant(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // One compact, unambiguous shape everywhere (26 Nov 2025 14:05), in the local zone.
  const day = dayOf(date);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}${seconds ? `:${pad(date.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}

/** An ISO instant's day in the user's zone (12 Mar 2020); `—` when absent. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayOf(date);
}

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const CHANNEL_LABELS: Record<ChannelName, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', rcs: 'RCS' };

/**
 * The one order channels appear in on every screen — listing columns, dialogs, filters,
 * the sync outbox — so an officer's eye finds SMS in the same place everywhere. It is the
 * core's own order (src/domain CHANNELS, the contract's channel enum).
 */
export const CHANNEL_ORDER: readonly ChannelName[] = ['email', 'sms', 'whatsapp', 'rcs'];

export const CATEGORY_LABELS: Record<string, string> = {
  manual: 'Manual',
  unsubscribe: 'Unsubscribe',
  hard_bounce: 'Hard bounce',
  spam_complaint: 'Spam complaint',
  opt_out: 'Opt-out',
  legacy: 'Legacy',
};

export function categoryLabel(category: string | null | undefined): string {
  if (!category) return '—';
  return CATEGORY_LABELS[category] ?? category;
}

/** `import:j…` → `Import j…`, `ui` → `Desk UI`: the source as a person reads it. */
export function sourceLabel(source: string | null | undefined): string {
  if (!source) return '—';
  const [kind, rest] = source.split(/:(.*)/s, 2) as [string, string | undefined];
  const names: Record<string, string> = { ui: 'Desk UI', paste: 'Pasted list', cli: 'Command line', import: 'Import', sync: 'CE sync', keywords: 'Keyword capture' };
  const name = names[kind] ?? kind;
  return rest ? `${name} ${rest}` : name;
}

/** A job's status as the Jobs and Sync screens show it. */
export const JOB_STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  succeeded_with_problems: 'Done with problems',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const JOB_KIND_LABELS: Record<string, string> = {
  import: 'Import',
  paste: 'Multiple input',
  export: 'Export',
  audit_export: 'Audit export',
  revert: 'Revert',
  sync: 'Sync',
  keywords: 'Keyword capture',
  scrub: 'Audience scrub',
  bulk: 'Bulk change',
};
