import type { DeskBridge } from '../../src/api/bridge';
import type { ApiError, DeskResult } from '../../src/api/contract';

let current: DeskBridge | null = null;

export function setDesk(desk: DeskBridge): void {
  current = desk;
}

/** The bridge; every screen talks to the core through it and nothing else. */
export function desk(): DeskBridge {
  if (!current) throw new Error('the bridge is not connected yet');
  return current;
}

/** An error for display: the message as the core wrote it, with a capital letter. */
export function errorText(error: ApiError): string {
  const text = error.message.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Unwraps a result for code paths where a failure is only ever shown as a toast. */
export function valueOr<T>(result: DeskResult<T>, onError: (error: ApiError) => void): T | undefined {
  if (result.ok) return result.value;
  onError(result.error);
  return undefined;
}
