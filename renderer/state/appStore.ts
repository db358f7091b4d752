import { create } from 'zustand';
import type { Counts, SettingsView } from '../../src/api/contract';
import { emitAppEvent } from '../bridge/appEvents';
import { desk, errorText } from './desk';

export const SCREENS = ['listing', 'summary', 'block', 'scrub', 'keywords', 'jobs', 'download', 'audit', 'sync', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export function isScreen(value: string): value is Screen {
  return (SCREENS as readonly string[]).includes(value);
}

export interface Toast {
  id: number;
  tone: 'info' | 'ok' | 'error';
  text: string;
}

interface AppState {
  screen: Screen;
  settings: SettingsView | null;
  counts: Counts | null;
  toasts: Toast[];
  /** A job to show first on the Jobs screen (the one just queued). */
  highlightJob: string | null;
  /** Ctrl/Cmd+F asks the listing to focus its search box; bumped each time. */
  searchFocusTick: number;
  go(screen: Screen, options?: { highlightJob?: string }): void;
  focusSearch(): void;
  loadSettings(): Promise<void>;
  setSettings(settings: SettingsView): void;
  refreshCounts(): Promise<void>;
  toast(tone: Toast['tone'], text: string): void;
  dismissToast(id: number): void;
}

let toastIds = 0;

export const useApp = create<AppState>((set, get) => ({
  screen: 'listing',
  settings: null,
  counts: null,
  toasts: [],
  highlightJob: null,
  searchFocusTick: 0,
  go(screen, options) {
    set({ screen, highlightJob: options?.highlightJob ?? null });
    if (window.location.hash !== `#/${screen}`) window.history.pushState(null, '', `#/${screen}`);
    emitAppEvent('desk:screen', { screen });
  },
  focusSearch() {
    if (get().screen !== 'listing') get().go('listing');
    set((s) => ({ searchFocusTick: s.searchFocusTick + 1 }));
  },
  async loadSettings() {
    const result = await desk().settings.get({});
    if (result.ok) set({ settings: result.value });
    else get().toast('error', errorText(result.error));
  },
  setSettings(settings) {
    set({ settings });
  },
  async refreshCounts() {
    const result = await desk().contacts.counts({});
    if (result.ok) set({ counts: result.value });
  },
  toast(tone, text) {
    const id = (toastIds += 1);
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, tone, text }] }));
    window.setTimeout(() => get().dismissToast(id), tone === 'error' ? 10_000 : 6_000);
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));
