import { parseArgs } from 'node:util';
import { DeskError } from '../domain/errors';

export const USAGE = `usage: blocklist-desk [--data DIR] [--country CC] COMMAND …
  import FILE… --using auto|customer_id|email|mobile --channels LIST [--category C] [--reason TEXT] [--legacy] [--json]
  paste --using customer_id|email|mobile --channels LIST [--category C] [--reason TEXT] [--json]   (identifiers on stdin)
  search QUERY [--prefix] [--json]
  unblock IDENTIFIER --channels LIST [--confirm] [--json]
  export --out FILE [--channel C] [--json]
  scrub FILE --channel C [--channel C2 …] --out CLEAN [--removed REMOVED] [--email-column COL] [--mobile-column COL] [--customer-id-column COL] [--json]
  audit [--since ISO] [--json]
  jobs [--json]      revert JOB [--json]      stats [--json]      doctor [--json]
  serve [--port N] [--open]

LIST is a comma list of email,sms,whatsapp,rcs. The data folder is --data DIR, else
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
  json: { type: 'boolean' },
  prefix: { type: 'boolean' },
  confirm: { type: 'boolean' },
  out: { type: 'string' },
  removed: { type: 'string' },
  'email-column': { type: 'string' },
  'mobile-column': { type: 'string' },
  'customer-id-column': { type: 'string' },
  since: { type: 'string' },
  port: { type: 'string' },
  open: { type: 'boolean' },
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
  json?: boolean;
  prefix?: boolean;
  confirm?: boolean;
  out?: string;
  removed?: string;
  'email-column'?: string;
  'mobile-column'?: string;
  'customer-id-column'?: string;
  since?: string;
  port?: string;
  open?: boolean;
  help?: boolean;
};

/** Which flags each command takes; anything else is a usage error, not silently ignored. */
const COMMAND_FLAGS: Record<string, (keyof Flags)[]> = {
  import: ['using', 'channels', 'category', 'reason', 'legacy', 'json'],
  paste: ['using', 'channels', 'category', 'reason', 'json'],
  search: ['prefix', 'json'],
  unblock: ['channels', 'confirm', 'json'],
  export: ['out', 'channel', 'json'],
  scrub: ['channel', 'out', 'removed', 'email-column', 'mobile-column', 'customer-id-column', 'json'],
  audit: ['since', 'json'],
  jobs: ['json'],
  revert: ['json'],
  stats: ['json'],
  doctor: ['json'],
  serve: ['port', 'open'],
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
