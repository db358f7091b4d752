import { parseArgs } from 'node:util';
import { DeskError } from '../domain/errors';

export const USAGE = `usage: blocklist-desk [--data DIR] [--country CC] COMMAND …
  import FILE… [--using auto|customer_id|email|mobile] [--channels LIST] [--category C] [--reason TEXT] [--legacy]
        [--format NAME|generic] [--column ROLE=HEADER …] [--blocked-when HEADER=VALUE[,VALUE…]]
        [--mapping NAME] [--save-mapping NAME] [--sheet NAME] [--date-order dmy|mdy|ymd] [--timezone ZONE] [--json]
        (--channels may be left out when the file is an export the import recognises or has channel columns)
  paste --using customer_id|email|mobile --channels LIST [--category C] [--reason TEXT] [--json]   (identifiers on stdin)
  search QUERY [--prefix] [--json]
  unblock IDENTIFIER --channels LIST [--confirm --reason TEXT] [--json]   (a protected category needs both)
  export --out FILE [--channel C] [--json]
  keywords FILE… [--channel sms|whatsapp|rcs] [--column ROLE=HEADER …] [--sender NUMBER …] [--date-order dmy|mdy|ymd] [--timezone ZONE] [--json]
        (an inbound-message log: from, text, received_at, and channel, to, direction when present; Twilio's exports as they are)
  scrub FILE --channel C [--channel C2 …] --out CLEAN|FOLDER/|PATTERN{channel} [--removed REMOVED] [--email-column COL] [--mobile-column COL] [--customer-id-column COL] [--sheet NAME] [--json]
  audit [--since DATE] [--json]
  jobs [--json]      revert JOB [--json]      stats [--json]      doctor [--repair] [--json]
  serve [--port N] [--open]
  sync [--url URL] [--remote ce-v1|netcore-email] [--json]   (API key in $BLOCKLIST_DESK_API_KEY)
  ce-emulator --port N [--key K] [--fail-rate P] [--fail-first N] [--latency MS] [--rate-limit N]
              [--drop-after-apply P] [--drop-first N] [--seed S]   (needs --data DIR or $BLOCKLIST_DESK_DATA)

LIST is a comma list of email,sms,whatsapp,rcs. A job's exit code: 0 succeeded, 3 succeeded
with problems (see its problems file), 1 failed or cancelled (nothing landed). The data folder is --data DIR, else
$BLOCKLIST_DESK_DATA, else the desktop app's user-data folder.`;

const OPTIONS = {
  data: { type: 'string' },
  country: { type: 'string' },
  using: { type: 'string' },
  channels: { type: 'string' },
  channel: { type: 'string', multiple: true },
  category: { type: 'string' },
  reason: { type: 'string' },
  legacy: { type: 'boolean' },
  format: { type: 'string' },
  column: { type: 'string', multiple: true },
  'blocked-when': { type: 'string', multiple: true },
  mapping: { type: 'string' },
  'save-mapping': { type: 'string' },
  sheet: { type: 'string' },
  sender: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  prefix: { type: 'boolean' },
  confirm: { type: 'boolean' },
  repair: { type: 'boolean' },
  out: { type: 'string' },
  removed: { type: 'string' },
  'email-column': { type: 'string' },
  'mobile-column': { type: 'string' },
  'customer-id-column': { type: 'string' },
  since: { type: 'string' },
  'date-order': { type: 'string' },
  timezone: { type: 'string' },
  port: { type: 'string' },
  open: { type: 'boolean' },
  url: { type: 'string' },
  remote: { type: 'string' },
  key: { type: 'string' },
  'fail-rate': { type: 'string' },
  'fail-first': { type: 'string' },
  latency: { type: 'string' },
  'rate-limit': { type: 'string' },
  'drop-after-apply': { type: 'string' },
  'drop-first': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = {
  data?: string;
  country?: string;
  using?: string;
  channels?: string;
  /** Repeatable (scrub); export takes one. */
  channel?: string[];
  category?: string;
  reason?: string;
  legacy?: boolean;
  /** Import: a recognised export's name for every table, or `generic`. */
  format?: string;
  /** Import: `ROLE=HEADER`, repeatable. */
  column?: string[];
  /** Import: `HEADER=VALUE[,VALUE…]` for the status column. */
  'blocked-when'?: string[];
  mapping?: string;
  'save-mapping'?: string;
  /** Import and scrub: the sheet of an Excel workbook to read (default the first visible one). */
  sheet?: string;
  /** Keywords: one of our own sender numbers (repeatable), besides the setting's. */
  sender?: string[];
  json?: boolean;
  prefix?: boolean;
  confirm?: boolean;
  repair?: boolean;
  out?: string;
  removed?: string;
  'email-column'?: string;
  'mobile-column'?: string;
  'customer-id-column'?: string;
  since?: string;
  'date-order'?: string;
  timezone?: string;
  port?: string;
  open?: boolean;
  url?: string;
  remote?: string;
  key?: string;
  'fail-rate'?: string;
  'fail-first'?: string;
  latency?: string;
  'rate-limit'?: string;
  'drop-after-apply'?: string;
  'drop-first'?: string;
  seed?: string;
  help?: boolean;
};

/** Which flags each command takes; anything else is a usage error, not silently ignored. */
const COMMAND_FLAGS: Record<string, (keyof Flags)[]> = {
  import: ['using', 'channels', 'category', 'reason', 'legacy', 'format', 'column', 'blocked-when', 'mapping', 'save-mapping', 'sheet', 'date-order', 'timezone', 'json'],
  paste: ['using', 'channels', 'category', 'reason', 'json'],
  search: ['prefix', 'json'],
  unblock: ['channels', 'confirm', 'reason', 'json'],
  export: ['out', 'channel', 'json'],
  keywords: ['channel', 'column', 'sender', 'date-order', 'timezone', 'json'],
  scrub: ['channel', 'out', 'removed', 'email-column', 'mobile-column', 'customer-id-column', 'sheet', 'json'],
  audit: ['since', 'date-order', 'timezone', 'json'],
  jobs: ['json'],
  revert: ['json'],
  stats: ['json'],
  doctor: ['repair', 'json'],
  serve: ['port', 'open'],
  sync: ['url', 'remote', 'json'],
  'ce-emulator': ['port', 'key', 'fail-rate', 'fail-first', 'latency', 'rate-limit', 'drop-after-apply', 'drop-first', 'seed'],
};

export interface ParsedCommand {
  command: string;
  positionals: string[];
  flags: Flags;
}

export function parseCommandLine(argv: string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new DeskError('usage', (err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const flags = parsed.values as Flags;
  const [command, ...positionals] = parsed.positionals;
  if (flags.help || command === undefined || command === 'help') return { command: 'help', positionals: [], flags };
  const allowed = COMMAND_FLAGS[command];
  if (!allowed) throw new DeskError('usage', `unknown command "${command}"`);
  for (const name of Object.keys(flags) as (keyof Flags)[]) {
    if (name === 'data' || name === 'country') continue;
    if (!allowed.includes(name)) throw new DeskError('usage', `${command} does not take --${name}`);
  }
  return { command, positionals, flags };
}
