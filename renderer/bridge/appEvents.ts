/**
 * Events the renderer announces on `window` so end-to-end tests (and anything else
 * watching the page) can wait for the app instead of sleeping. Each is a CustomEvent
 * whose detail is a plain object; the latest of each is also kept on
 * `window.__deskEvents` so a test that starts waiting late still sees it.
 */
export interface AppEventDetails {
  /** A page of the listing or a search result is on screen. */
  'desk:listing-loaded': { mode: 'listing' | 'search'; tab: string; rows: number; total: number | null; complete: boolean };
  'desk:job-started': { id: string; kind: string };
  'desk:job-progress': { id: string; rows: number; bytes: number };
  'desk:job-finished': { id: string; kind: string; status: string };
  'desk:contact-changed': { id: number; action: string };
  'desk:settings-saved': { country: string; primary_key: string };
  'desk:audit-loaded': { rows: number };
  'desk:jobs-loaded': { rows: number };
  'desk:screen': { screen: string };
  'desk:download': { name: string; ref: string };
  'desk:sync-loaded': { outbox: number; runs: number };
  /** The listing's filter was counted (null: the count failed). */
  'desk:listing-counted': { count: number | null };
  'desk:summary-loaded': { blocked: number };
}

export type AppEventName = keyof AppEventDetails;

declare global {
  interface Window {
    __deskEvents?: Partial<{ [N in AppEventName]: AppEventDetails[N][] }>;
  }
}

export function emitAppEvent<N extends AppEventName>(name: N, detail: AppEventDetails[N]): void {
  const log = (window.__deskEvents ??= {});
  const list = (log[name] ??= []) as AppEventDetails[N][];
  list.push(detail);
  window.dispatchEvent(new CustomEvent(name, { detail }));
}
