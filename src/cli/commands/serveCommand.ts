import { spawn } from 'node:child_process';
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

/**
 * `serve [--port N] [--open]`: browser mode. Serves the built renderer and the API on
 * 127.0.0.1 only; the first line of stdout is the address to open (it carries the access
 * token), the rest goes to stderr. Runs until SIGINT or SIGTERM, then cancels running
 * jobs (an import applies nothing) and stops.
 */
export async function serveCommand(ctx: CommandContext): Promise<number> {
  const port = parsePort(ctx.flags.port);
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
  ctx.io.err(`blocklist-desk: ${signal}: stopping`);
  unsubscribe();
  await server.close();
  await desk.close();
  return 0;
}
