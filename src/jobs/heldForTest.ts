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

/**
 * A test's hold on a job's apply: with $BLOCKLIST_DESK_TEST_HOLD_APPLY naming a file, the
 * first call tells where the apply is (beforeHold), then waits (in the apply's transaction, the write lock held) until that file
 * exists, so a test sees the apply's progress and that Cancel is no longer offered.
 * Unset — always, outside the tests — it returns at once.
 */
let applyHeld = false;
export function holdApplyForTest(beforeHold: () => void): void {
  const gate = process.env.BLOCKLIST_DESK_TEST_HOLD_APPLY;
  if (!gate || applyHeld) return;
  applyHeld = true;
  beforeHold();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(gate)) Atomics.wait(pause, 0, 0, 20);
}

/**
 * A test's hold between a job's preparing and its apply: with $BLOCKLIST_DESK_TEST_HOLD
 * naming a file, waits until that file exists or the job is cancelled (heldForTest's gate,
 * for jobs that read no records). Unset, it returns at once.
 */
export async function waitAtTestGate(signal: AbortSignal): Promise<void> {
  const gate = process.env.BLOCKLIST_DESK_TEST_HOLD;
  if (!gate) return;
  while (!fs.existsSync(gate) && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 20));
}
