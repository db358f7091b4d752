import fs from 'node:fs';
import path from 'node:path';
import type { Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';

/** The mark in `--out` that each channel's name replaces: `--out clean.{channel}.csv`. */
export const CHANNEL_MARK = '{channel}';

/** Whether `--out` names a folder: it ends with a path separator, or is a folder already. */
function namesFolder(out: string): boolean {
  if (/[\\/]$/.test(out)) return true;
  try {
    return fs.statSync(out).isDirectory();
  } catch {
    return false;
  }
}

/**
 * An audience's name for a cleaned file in a folder: `<base>.<channel><ext>`, where base is
 * the audience's name without its extension and ext is its own (`.csv` for a ZIP, which is
 * scrubbed into a CSV): `campaign.csv` → `campaign.email.csv`.
 */
export function cleanFileName(audience: string, channel: Channel): string {
  const ext = path.extname(audience);
  const base = path.basename(audience, ext);
  const kept = ext === '' || /^\.zip$/i.test(ext) ? '.csv' : ext;
  return `${base}.${channel}${kept}`;
}

/**
 * Where `scrub --out OUT` writes each channel's cleaned file (README, scrub):
 * - OUT containing `{channel}`: that path with the channel's name in its place;
 * - OUT ending in `/` or naming a folder: `OUT/<base>.<channel><ext>` (cleanFileName);
 * - any other OUT: the one cleaned file, so only with one channel — with several, a single
 *   file would have to hold rows blocked on one of them.
 * Absolute paths, in the order of the channels.
 */
export function cleanFilesFor(out: string, audience: string, channels: readonly Channel[]): Record<Channel, string> {
  const files = {} as Record<Channel, string>;
  if (out.includes(CHANNEL_MARK)) {
    for (const channel of channels) files[channel] = path.resolve(out.split(CHANNEL_MARK).join(channel));
    return files;
  }
  if (namesFolder(out)) {
    for (const channel of channels) files[channel] = path.resolve(out, cleanFileName(audience, channel));
    return files;
  }
  if (channels.length > 1) {
    throw new DeskError(
      'usage',
      `with several channels each gets its own cleaned file: give --out a folder (--out ${path.join('clean', path.sep)}) or a name with ${CHANNEL_MARK} in it (--out clean.${CHANNEL_MARK}.csv), not the one file ${out}`,
    );
  }
  files[channels[0] as Channel] = path.resolve(out);
  return files;
}
