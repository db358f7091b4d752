import crypto from 'node:crypto';
import type { KeyCipher } from '../../../main/syncKeyStore';

/**
 * Electron's safeStorage cannot run here; this stand-in encrypts for real (AES-256-GCM)
 * with a secret that plays the OS keychain's part, and can report either Linux backend.
 */
export function testKeychain(backend = 'gnome_libsecret'): KeyCipher {
  const secret = crypto.randomBytes(32);
  return {
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: async (text) => {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptStringAsync: async (data) => {
      const d = crypto.createDecipheriv('aes-256-gcm', secret, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return { shouldReEncrypt: false, result: Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8') };
    },
    getSelectedStorageBackend: () => backend,
  };
}
