/**
 * Phase timings on stderr when BLOCKLIST_DESK_TRACE is set: how the benchmark figures
 * are explained, at no cost otherwise.
 */
export function phaseTimer(scope: string): (phase: string) => void {
  if (!process.env.BLOCKLIST_DESK_TRACE) return () => {};
  let last = process.hrtime.bigint();
  return (phase) => {
    const now = process.hrtime.bigint();
    process.stderr.write(`[trace] ${scope} ${phase}: ${(Number(now - last) / 1e6).toFixed(0)} ms\n`);
    last = now;
  };
}
