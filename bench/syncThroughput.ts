import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DATA, ROOT, type Figure } from './figure';

const BIN = path.join(ROOT, 'bin', 'blocklist-desk.js');
const KEY = 'bench-sync-key';

/** Runs the CLI under /usr/bin/time with the sync key; its seconds, peak RSS and stdout. */
function timedSync(data: string, url: string): { seconds: number; maxRssMb: number; report: Record<string, number> } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, '--data', data, 'sync', '--url', url, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, BLOCKLIST_DESK_API_KEY: KEY },
    maxBuffer: 1 << 24,
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`sync failed: ${r.stdout} ${r.stderr}`);
  return { seconds, maxRssMb: Number(r.stderr.trim().split('\n').pop()) / 1024, report: JSON.parse(r.stdout) as Record<string, number> };
}

/** The CE emulator in its own process, as a real server would be; resolves with its base URL. */
function startEmulator(data: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [BIN, '--data', data, 'ce-emulator', '--port', '0', '--key', KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve({ url: line.trim(), stop: () => child.kill('SIGTERM') }));
    child.once('exit', (code) => reject(new Error(`ce-emulator exited with ${code}`)));
  });
}

/**
 * Push of 1M outbox changes from one laptop, then a pull of those 1M changes into a
 * second, empty laptop, both against the emulator over loopback HTTP (2 cores shared by
 * client and server). Peak RSS is the whole client process.
 */
export async function measureSyncFigures(log: (message: string) => void, count = Number(process.env.BENCH_SYNC_CHANGES ?? 1_000_000)): Promise<Figure[]> {
  const root = path.join(DATA, 'sync-run');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const list = path.join(root, 'emails.txt');
  const out = fs.createWriteStream(list);
  for (let i = 0; i < count; i++) out.write(`subscriber.${i}@example.com\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  log(`sync: filling an outbox with ${count} changes…`);
  const laptopA = path.join(root, 'a');
  const seeded = spawnSync(process.execPath, [BIN, '--data', laptopA, 'import', list, '--using', 'email', '--channels', 'email', '--json'], { encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seeding the outbox failed: ${seeded.stderr}`);

  const server = await startEmulator(path.join(root, 'ce'));
  try {
    const push = timedSync(laptopA, server.url);
    log(`sync: pushed ${push.report.pushed}, pulled ${push.report.pulled} echoes`);
    const pull = timedSync(path.join(root, 'b'), server.url);
    log(`sync: pulled ${pull.report.pulled}, applied ${pull.report.applied}`);
    const m = count / 1e6;
    return [
      { name: `sync: push ${m}M outbox changes (then pull their ${m}M echoes)`, value: push.seconds, unit: 's' },
      { name: 'sync push throughput (push and echo pull together)', value: count / push.seconds / 1000, unit: 'k changes/s' },
      { name: 'sync push peak RSS', value: push.maxRssMb, unit: 'MB', target: '≤ 300 MB' },
      { name: `sync: pull ${m}M changes into an empty laptop`, value: pull.seconds, unit: 's' },
      { name: 'sync pull throughput (applied, contacts created)', value: count / pull.seconds / 1000, unit: 'k changes/s' },
      { name: 'sync pull peak RSS', value: pull.maxRssMb, unit: 'MB', target: '≤ 300 MB' },
    ];
  } finally {
    server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
