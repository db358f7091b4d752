import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

/** One `blocklist-desk serve` for the UI figures, and the HTTP API it answers. */
export interface BenchServer {
  url: string;
  origin: string;
  token: string;
  /** One API call: `POST /api/<area>/<op>`; returns the envelope's value (throws on `ok: false`) and the round trip in ms. */
  call<T = unknown>(op: string, input?: unknown, timeoutMs?: number): Promise<{ value: T; ms: number }>;
  /** Streams a file to `POST /api/upload` and returns its ref. */
  upload(file: string, timeoutMs?: number): Promise<string>;
  /** Follows `GET /api/events` (Server-Sent Events) until the returned function is called. */
  events(listener: (name: string, payload: unknown) => void): () => void;
  /** Sends the serving process a signal (SIGUSR2: reset its event-loop histogram, serveCommand.ts). */
  signal(name: NodeJS.Signals): void;
  stop(): Promise<void>;
  stderr(): string;
}

// Enough sockets that calls left waiting (edits behind an import's apply, bench/applyLag.ts)
// never hold up the next one on this side.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function request(url: string, headers: Record<string, string>, body: string | fs.ReadStream, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url} took more than ${timeoutMs} ms`)));
    req.on('error', reject);
    if (typeof body === 'string') req.end(body);
    else {
      body.on('error', (err) => req.destroy(err));
      body.pipe(req);
    }
  });
}

/** Reads an event stream's `event:`/`data:` blocks as they arrive. */
function followEvents(url: string, listener: (name: string, payload: unknown) => void): () => void {
  let buffer = '';
  const req = http.get(url, { agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name !== undefined && data !== undefined) listener(name, JSON.parse(data) as unknown);
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  return () => req.destroy();
}

/**
 * Starts `node bin/blocklist-desk.js --data DIR serve --port 0` and waits for its address
 * (first stdout line). `env` is added to the process's environment.
 */
export function startBenchServer(root: string, dataDir: string, timeoutMs = 60_000, env: Record<string, string> = {}): Promise<BenchServer> {
  const bin = path.join(root, 'bin', 'blocklist-desk.js');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, '--data', dataDir, 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, BLOCKLIST_DESK_DATA: '', ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no address within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its address\n${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const url = line.trim();
      const match = /^(http:\/\/127\.0\.0\.1:\d+)\/\?token=(.+)$/.exec(url);
      if (!match) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line from serve: ${line}\n${stderr}`));
        return;
      }
      const origin = match[1] as string;
      const token = decodeURIComponent(match[2] as string);
      const headers = { 'content-type': 'application/json', 'x-desk-token': token };
      resolve({
        url,
        origin,
        token,
        stderr: () => stderr,
        stop,
        events: (listener) => followEvents(`${origin}/api/events?token=${encodeURIComponent(token)}`, listener),
        signal: (name) => void child.kill(name),
        async call<T>(op: string, input: unknown = {}, timeout = 30_000) {
          const [area, name] = op.split('.');
          const t = process.hrtime.bigint();
          const r = await request(`${origin}/api/${area}/${name}`, headers, JSON.stringify(input), timeout);
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          const body = JSON.parse(r.text) as { ok: boolean; value?: T; error?: { code: string; message: string } };
          if (!body.ok) throw new Error(`${op} failed (${r.status}): ${body.error?.code}: ${body.error?.message}`);
          return { value: body.value as T, ms };
        },
        async upload(file: string, timeout = 600_000) {
          const r = await request(
            `${origin}/api/upload?name=${encodeURIComponent(path.basename(file))}`,
            { 'content-type': 'application/octet-stream', 'x-desk-token': token, 'content-length': String(fs.statSync(file).size) },
            fs.createReadStream(file),
            timeout,
          );
          const body = JSON.parse(r.text) as { ok: boolean; value?: { ref: string }; error?: { message: string } };
          if (!body.ok || !body.value) throw new Error(`upload failed (${r.status}): ${body.error?.message}`);
          return body.value.ref;
        },
      });
    });
  });
}
