import type { ServerResponse } from 'node:http';
import type { EventHub } from '../eventHub';
import { COMMON_HEADERS } from './requestGuard';

const HEARTBEAT_MS = 20_000;

/**
 * Streams the hub's events to one client as Server-Sent Events (`event: job:finished`,
 * `data: {…}`). A comment every 20 s keeps proxies and idle timers from closing it.
 * Returns the function that ends the stream (the server calls it when stopping).
 */
export function openEventStream(res: ServerResponse, events: EventHub): () => void {
  res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n: connected\n\n');
  const unsubscribe = events.subscribe((name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  res.on('close', end);
  return end;
}
