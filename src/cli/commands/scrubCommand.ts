import path from 'node:path';
import type { Channel } from '../../domain/channels';
import { DeskError } from '../../domain/errors';
import type { NamedColumns } from '../../jobs/scrubLayout';
import { checkOutputPath } from '../../files/outputPaths';
import { newJobId } from '../../store/jobsTable';
import type { CommandContext } from '../context';
import { parseChannels, runJob } from './jobCommands';

/** `scrub FILE --channel C [--channel C2 …] --out CLEAN [--removed REMOVED]`: one audience file against the blocklist. */
export async function scrubCommand(ctx: CommandContext, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new DeskError('usage', positionals.length === 0 ? 'scrub needs the audience FILE' : 'scrub takes one FILE (a ZIP of several tables is one file)');
  if (ctx.flags.channel === undefined) throw new DeskError('usage', 'scrub needs --channel (email, sms, whatsapp or rcs; repeat it for several)');
  const channels: Channel[] = [];
  for (const value of ctx.flags.channel) for (const channel of parseChannels(value)) if (!channels.includes(channel)) channels.push(channel);
  if (!ctx.flags.out) throw new DeskError('usage', 'scrub needs --out CLEAN (where the kept rows go)');
  const file = path.resolve(positionals[0] as string);
  const out = path.resolve(ctx.flags.out);
  const removed = ctx.flags.removed === undefined ? null : path.resolve(ctx.flags.removed);
  if (out === file || removed === file) throw new DeskError('usage', `${file} is the audience itself; write the cleaned and removed rows to other files`);
  if (removed !== null && removed === out) throw new DeskError('usage', '--out and --removed name the same file');
  checkOutputPath(out, { dataFolder: ctx.dataFolder, inputs: [file], what: '--out' });
  if (removed !== null) checkOutputPath(removed, { dataFolder: ctx.dataFolder, inputs: [file], what: '--removed' });
  const columns: NamedColumns = {};
  if (ctx.flags['email-column'] !== undefined) columns.email = ctx.flags['email-column'];
  if (ctx.flags['mobile-column'] !== undefined) columns.mobile = ctx.flags['mobile-column'];
  if (ctx.flags['customer-id-column'] !== undefined) columns.customer_id = ctx.flags['customer-id-column'];
  for (const [flag, value] of Object.entries(columns)) {
    if (value.trim() === '') throw new DeskError('usage', `--${flag.replace('_', '-')}-column needs a header name or a column number`);
  }
  return runJob(ctx, { kind: 'scrub', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, file, channels, out, removed, columns, country: ctx.country });
}
