/**
 * Where the host keeps the CE API key. The core never sees how: Electron encrypts it with
 * safeStorage (main/syncKeyStore.ts); browser mode (`serve`) reads it from the
 * environment only and cannot store one.
 */
export interface SyncKeyStore {
  /** Where the key comes from now, and whether this host can store one. */
  describe(): Promise<SyncKeyStatus>;
  read(): Promise<string | null>;
  /** Stores (or with null forgets) the key; refuses where the host cannot store one. */
  save(key: string | null): Promise<void>;
}

export interface SyncKeyStatus {
  /** `keychain`: stored encrypted by the OS; `plain_text`: stored, but Linux has no keyring and Electron fell back to its plain-text backend; `environment`: $BLOCKLIST_DESK_API_KEY; `none`. */
  source: 'keychain' | 'plain_text' | 'environment' | 'none';
  /** Whether Save key is offered at all (not in browser mode). */
  canStore: boolean;
  /** One sentence for the screen. */
  note: string;
}

/** Browser mode: the key is $BLOCKLIST_DESK_API_KEY or nothing; the page can never set it. */
export function environmentKeyStore(env: NodeJS.ProcessEnv = process.env): SyncKeyStore {
  const key = () => (env.BLOCKLIST_DESK_API_KEY ?? '').trim();
  return {
    describe: async () =>
      key() !== ''
        ? { source: 'environment', canStore: false, note: 'Browser mode: the API key comes from $BLOCKLIST_DESK_API_KEY of the serve command.' }
        : { source: 'none', canStore: false, note: 'Browser mode: start `blocklist-desk serve` with $BLOCKLIST_DESK_API_KEY set to sync; keys are never typed into the page.' },
    read: async () => (key() === '' ? null : key()),
    save: async () => {
      throw new Error('browser mode cannot store an API key: set $BLOCKLIST_DESK_API_KEY for `blocklist-desk serve`');
    },
  };
}
