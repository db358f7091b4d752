import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentKeyStore } from '../../../src/api/syncKey';
import { safeStorageKeyStore } from '../../../main/syncKeyStore';
import { testKeychain as keychain } from './testKeychain';


const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bd-key-'));

describe('the desktop key store', () => {
  it('keeps the key encrypted on disk, reads it back, and forgets it', async () => {
    const dir = folder();
    const store = safeStorageKeyStore(dir, keychain('gnome_libsecret'), 'linux', {});
    expect(await store.describe()).toMatchObject({ source: 'none', canStore: true });
    await store.save('ce-secret-key-123');
    const onDisk = fs.readFileSync(path.join(dir, 'sync-api-key.bin'));
    expect(onDisk.includes(Buffer.from('ce-secret-key-123'))).toBe(false);
    expect(await store.read()).toBe('ce-secret-key-123');
    expect((await store.describe()).source).toBe('keychain');
    await store.save(null);
    expect(await store.read()).toBeNull();
  });

  it("says so when Linux has no keyring and Electron falls back to plain text", async () => {
    const store = safeStorageKeyStore(folder(), keychain('basic_text'), 'linux', {});
    await store.save('k');
    expect(await store.describe()).toMatchObject({ source: 'plain_text', note: expect.stringMatching(/no keyring/) });
  });

  it('uses $BLOCKLIST_DESK_API_KEY when nothing is saved', async () => {
    const store = safeStorageKeyStore(folder(), keychain('kwallet5'), 'linux', { BLOCKLIST_DESK_API_KEY: ' env-key ' });
    expect((await store.describe()).source).toBe('environment');
    expect(await store.read()).toBe('env-key');
  });
});

describe('the browser-mode key store', () => {
  it('takes the key from the environment only and refuses to store one', async () => {
    const none = environmentKeyStore({});
    expect(await none.describe()).toMatchObject({ source: 'none', canStore: false });
    expect(await none.read()).toBeNull();
    await expect(none.save('typed-in-page')).rejects.toThrow(/BLOCKLIST_DESK_API_KEY/);
    const env = environmentKeyStore({ BLOCKLIST_DESK_API_KEY: 'k1' });
    expect((await env.describe()).source).toBe('environment');
    expect(await env.read()).toBe('k1');
  });
});
