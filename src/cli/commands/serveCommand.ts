import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startDeskWorker } from '../../api/deskService';
import { startDeskServer } from '../../api/http/deskServer';
import { UploadFolder } from '../../api/http/uploadFolder';
import { findPackageRoot, packageVersion, rendererFolder } from '../../api/packageRoot';
import { DeskError } from '../../domain/errors';
import type { CommandContext } from '../context';
import { waitForStopSignal } from '../stopSignal';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new DeskError('usage', `--port must be a port number from 0 to 65535 (got "${value}"); 0 picks a free one`);
  return port;
}

/** Opens the address in the user's browser; a failure only costs a line, the address is printed anyway. */
function openBrowser(url: string, io: CommandContext['io']): void {
  const [command, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => io.err(`blocklist-desk: could not open a browser (${command}); open the address above yourself`));
    child.unref();
  } catch {
    io.err('blocklist-desk: could not open a browser; open the address above yourself');
  }
}

/** The histogram's timer period: every value it records is at least this (it records the whole interval). */
const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * For the benchmark (bench/applyLag.ts): when BLOCKLIST_DESK_EVENT_LOOP_STATS names a
 * file, the serving thread's event-loop delay is sampled from start; SIGUSR2 resets the
 * histogram (the benchmark sends it when an import's apply begins), and the returned
 * function, called on stop, writes `{p50, p99, max, resolution_ms}` in ms to that file.
 * Off by default: nothing is sampled and SIGUSR2 keeps its default meaning.
 */
function watchEventLoopDelay(file: string | undefined): () => void {
  if (!file) return () => undefined;
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  const reset = () => histogram.reset();
  process.on('SIGUSR2', reset);
  histogram.enable();
  return () => {
    histogram.disable();
    process.off('SIGUSR2', reset);
    const ms = (ns: number) => ns / 1e6;
    const stats = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), resolution_ms: EVENT_LOOP_RESOLUTION_MS };
    fs.writeFileSync(file, `${JSON.stringify(stats)}\n`);
  };
}

/**
 * `serve [--port N] [--open]`: browser mode. Serves the built renderer and the API on
 * 127.0.0.1 only; the first line of stdout is the address to open (it carries the access
 * token), the rest goes to stderr. Runs until SIGINT or SIGTERM, then cancels running
 * jobs (an import applies nothing) and stops.
 */
export async function serveCommand(ctx: CommandContext): Promise<number> {
  const port = parsePort(ctx.flags.port);
  const writeEventLoopStats = watchEventLoopDelay(process.env.BLOCKLIST_DESK_EVENT_LOOP_STATS);
  const root = findPackageRoot(__dirname);
  const uploads = new UploadFolder(ctx.dataFolder);
  ctx.close(); // the database thread opens its own connection
  const desk = await startDeskWorker({ dataFolder: ctx.dataFolder, uploads: { runFolder: uploads.uploads }, appVersion: packageVersion(root), actor: ctx.actor });
  let server;
  try {
    server = await startDeskServer({ service: desk, uploads, rendererDir: rendererFolder(root), port });
  } catch (err) {
    await desk.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DeskError('usage', `port ${port} is in use; choose another or use --port 0`);
    throw err;
  }
  ctx.io.out(server.url);
  ctx.io.err(`Blocklist Desk is serving ${ctx.dataFolder} on ${server.origin} (127.0.0.1 only). Ctrl+C stops it.`);
  const unsubscribe = desk.events.subscribe((name, payload) => {
    if (name !== 'job:finished') return;
    const { job } = payload as { job: { id: string; kind: string; status: string } };
    ctx.io.err(`job ${job.id} (${job.kind}) ${job.status}`);
  });
  if (ctx.flags.open) openBrowser(server.url, ctx.io);
  const signal = await waitForStopSignal();
  writeEventLoopStats();
  ctx.io.err(`blocklist-desk: ${signal}: stopping`);
  unsubscribe();
  await server.close();
  await desk.close();
  return 0;
}
