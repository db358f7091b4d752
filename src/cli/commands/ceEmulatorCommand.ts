import path from 'node:path';
import { DeskError } from '../../domain/errors';
import { EMULATOR_DATABASE_FILE } from '../../sync/emulator/feedStore';
import { startCeEmulator, type CeEmulator } from '../../sync/emulator/server';
import type { CommandContext } from '../context';
import { waitForStopSignal } from '../stopSignal';

const WHOLE = /^\d+$/;
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function wholeNumber(flag: string, value: string | undefined, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!WHOLE.test(value) || n < min || n > max) throw new DeskError('usage', `--${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

function fraction(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!DECIMAL.test(value) || n > 1) throw new DeskError('usage', `--${flag} must be a fraction from 0 to 1, such as 0.2 (got "${value}")`);
  return n;
}

/**
 * `ce-emulator`: the CE Blocklist Sync API v1 (CE-SYNC.md §2) on 127.0.0.1, for sync tests
 * and demos. The first line of stdout is the base URL (tests read it), the rest goes to
 * stderr; serves until SIGINT or SIGTERM. The data folder must be named (`--data` or
 * `$BLOCKLIST_DESK_DATA`): falling back to the app's own folder would put a fake CE beside
 * the real blocklist. The key is never printed: it is the caller's own.
 */
export async function ceEmulatorCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx;
  if (!flags.data && !process.env.BLOCKLIST_DESK_DATA) {
    throw new DeskError('usage', 'ce-emulator needs a data folder for its feed: --data DIR (or $BLOCKLIST_DESK_DATA)');
  }
  const key = flags.key ?? process.env.BLOCKLIST_DESK_API_KEY ?? '';
  if (key === '') throw new DeskError('usage', 'ce-emulator needs the API key clients must send: --key K (or $BLOCKLIST_DESK_API_KEY)');
  const options = {
    key,
    dataFolder: ctx.dataFolder,
    port: wholeNumber('port', flags.port, { max: 65535 }) ?? 0,
    failRate: fraction('fail-rate', flags['fail-rate']),
    failFirst: wholeNumber('fail-first', flags['fail-first']),
    latencyMs: wholeNumber('latency', flags.latency, { max: 600_000 }),
    rateLimitPerSecond: wholeNumber('rate-limit', flags['rate-limit'], { min: 1 }),
    dropAfterApply: fraction('drop-after-apply', flags['drop-after-apply']),
    dropFirst: wholeNumber('drop-first', flags['drop-first']),
    seed: wholeNumber('seed', flags.seed, { max: 0xffffffff }),
  };
  let emulator: CeEmulator;
  try {
    emulator = await startCeEmulator(options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new DeskError('usage', `port ${options.port} is in use; choose another or use --port 0`);
    throw err;
  }
  ctx.io.out(emulator.baseUrl);
  const faults = Object.entries(flags)
    .filter(([name]) => ['fail-rate', 'fail-first', 'latency', 'rate-limit', 'drop-after-apply', 'drop-first', 'seed'].includes(name))
    .map(([name, value]) => `--${name} ${String(value)}`);
  ctx.io.err(
    `CE emulator serving ${path.join(ctx.dataFolder, EMULATOR_DATABASE_FILE)} on ${emulator.baseUrl}` +
      (faults.length > 0 ? ` with ${faults.join(' ')}` : '') +
      '. Ctrl+C stops it.',
  );
  const signal = await waitForStopSignal();
  ctx.io.err(`blocklist-desk: ${signal}: stopping the CE emulator`);
  await emulator.close();
  return 0;
}
