import fs from 'node:fs';
import path from 'node:path';
import type { SyncKeyStatus, SyncKeyStore } from '../src/api/syncKey';

/** The part of Electron's safeStorage this uses (a parameter, so it can be checked without Electron). */
export interface KeyCipher {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  getSelectedStorageBackend?(): string;
}

/**
 * The CE API key, encrypted with the OS keychain through safeStorage and kept in the data
 * folder. On Linux without a keyring Electron falls back to its `basic_text` backend,
 * which only obscures the key: the Sync screen says so instead of pretending. Without a
 * stored key, $BLOCKLIST_DESK_API_KEY is used.
 */
export function safeStorageKeyStore(dataFolder: string, cipher: KeyCipher, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): SyncKeyStore {
  const file = path.join(dataFolder, 'sync-api-key.bin');
  const plainTextBackend = () => platform === 'linux' && cipher.getSelectedStorageBackend?.() === 'basic_text';
  const envKey = () => (env.BLOCKLIST_DESK_API_KEY ?? '').trim();

  return {
    async describe(): Promise<SyncKeyStatus> {
      if (fs.existsSync(file)) {
        return plainTextBackend()
          ? { source: 'plain_text', canStore: true, note: 'Saved, but this Linux session has no keyring (GNOME Keyring or KWallet): Electron keeps the key with its plain-text backend, readable by anyone who can read your files.' }
          : { source: 'keychain', canStore: true, note: 'Saved, encrypted with your operating system’s keychain.' };
      }
      if (envKey() !== '') return { source: 'environment', canStore: true, note: 'From $BLOCKLIST_DESK_API_KEY; save a key here to keep it encrypted instead.' };
      return { source: 'none', canStore: true, note: 'No API key saved yet.' };
    },
    async read() {
      if (fs.existsSync(file)) {
        const { result, shouldReEncrypt } = await cipher.decryptStringAsync(fs.readFileSync(file));
        if (shouldReEncrypt) await this.save(result);
        return result;
      }
      return envKey() === '' ? null : envKey();
    },
    async save(key) {
      if (key === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      if (!(await cipher.isAsyncEncryptionAvailable())) throw new Error('this system offers no way to encrypt the key (safeStorage is unavailable)');
      const encrypted = await cipher.encryptStringAsync(key);
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, encrypted, { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
