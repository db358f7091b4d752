import { create } from 'zustand';
import type { ContactView } from '../../src/api/contract';
import type { ChannelName } from './vocabulary';

export type ContactDialog =
  | { kind: 'details'; contact: ContactView; channel: ChannelName }
  | { kind: 'edit'; contact: ContactView }
  | { kind: 'consent'; contact: ContactView }
  | { kind: 'delete'; contact: ContactView };

interface ContactDialogState {
  open: ContactDialog | null;
  show(dialog: ContactDialog): void;
  close(): void;
}

/** Which contact dialog is open; the table's rows come and go as they scroll, the dialog stays. */
export const useContactDialog = create<ContactDialogState>((set) => ({
  open: null,
  show(dialog) {
    set({ open: dialog });
  },
  close() {
    set({ open: null });
  },
}));
