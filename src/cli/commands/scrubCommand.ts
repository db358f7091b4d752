import fs from 'node:fs';
import path from 'node:path';
import type { Channel } from '../../domain/channels';
import { DeskError } from '../../domain/errors';
import { CHANNEL_MARK, cleanFilesFor } from '../../jobs/scrubCleanFiles';
import type { NamedColumns } from '../../jobs/scrubLayout';
import { checkOutputPath } from '../../files/outputPaths';
import { newJobId } from '../../store/jobsTable';
import type { CommandContext } from '../context';
import { parseChannels, runJob, sheetFlag } from './jobCommands';

/**
 * `scrub FILE --channel C [--channel C2 …] --out CLEAN [--removed REMOVED]`: one audience
 * file against the blocklist, into a cleaned file per channel (src/jobs/scrubCleanFiles.ts).
 */
export async function scrubCommand(ctx: CommandContext, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new DeskError('usage', positionals.length === 0 ? 'scrub needs the audience FILE' : 'scrub takes one FILE (a ZIP of several tables is one file)');
  if (ctx.flags.channel === undefined) throw new DeskError('usage', 'scrub needs --channel (email, sms, whatsapp or rcs; repeat it for several)');
  const channels: Channel[] = [];
  for (const value of ctx.flags.channel) for (const channel of parseChannels(value)) if (!channels.includes(channel)) channels.push(channel);
  if (!ctx.flags.out) throw new DeskError('usage', `scrub needs --out CLEAN (where the kept rows go; with several channels a folder or a name with ${CHANNEL_MARK})`);
  const file = path.resolve(positionals[0] as string);
  const cleanFiles = cleanFilesFor(ctx.flags.out, file, channels);
  const outs = Object.values(cleanFiles);
  const removed = ctx.flags.removed === undefined ? null : path.resolve(ctx.flags.removed);
  if (outs.includes(file) || removed === file) throw new DeskError('usage', `${file} is the audience itself; write the cleaned and removed rows to other files`);
  if (removed !== null && outs.includes(removed)) throw new DeskError('usage', '--out and --removed name the same file');
  for (const [channel, out] of Object.entries(cleanFiles)) checkOutputPath(out, { dataFolder: ctx.dataFolder, inputs: [file], what: channels.length > 1 ? `--out (for ${channel})` : '--out' });
  if (removed !== null) checkOutputPath(removed, { dataFolder: ctx.dataFolder, inputs: [file], what: '--removed' });
  const columns: NamedColumns = {};
  if (ctx.flags['email-column'] !== undefined) columns.email = ctx.flags['email-column'];
  if (ctx.flags['mobile-column'] !== undefined) columns.mobile = ctx.flags['mobile-column'];
  if (ctx.flags['customer-id-column'] !== undefined) columns.customer_id = ctx.flags['customer-id-column'];
  for (const [flag, value] of Object.entries(columns)) {
    if (value.trim() === '') throw new DeskError('usage', `--${flag.replace('_', '-')}-column needs a header name or a column number`);
  }
  // A folder named with a trailing separator is made: the cleaned files are the only thing asked of it.
  if (/[\\/]$/.test(ctx.flags.out)) fs.mkdirSync(path.resolve(ctx.flags.out), { recursive: true });
  const sheet = sheetFlag(ctx.flags.sheet);
  return runJob(ctx, { kind: 'scrub', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, file, channels, cleanFiles, removed, columns, country: ctx.country, ...(sheet !== undefined ? { sheet } : {}) });
}
