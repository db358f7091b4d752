import fs from 'node:fs';

/**
 * A test's hold on a job's reading. With $BLOCKLIST_DESK_TEST_HOLD naming a file, the
 * events pass through up to the first batch of records, then wait until that file exists
 * or the job is cancelled: a test kills or cancels the job while it runs, rows already
 * read, instead of racing it to its end. Unset — always, outside the tests — the events
 * are returned untouched.
 */
export function heldForTest<E extends { type: string }>(events: AsyncIterable<E>, signal?: AbortSignal): AsyncIterable<E> {
  const gate = process.env.BLOCKLIST_DESK_TEST_HOLD;
  return gate ? holdAfterFirstBatch(events, gate, signal) : events;
}

async function* holdAfterFirstBatch<E extends { type: string }>(events: AsyncIterable<E>, gate: string, signal: AbortSignal | undefined): AsyncGenerator<E> {
  let held = false;
  for await (const event of events) {
    yield event;
    if (held || event.type !== 'records') continue;
    held = true;
    while (!fs.existsSync(gate) && signal?.aborted !== true) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
