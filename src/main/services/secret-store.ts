// The server key, kept by the OS: encrypted by the shell's cipher (Electron's safeStorage: the macOS
// Keychain, Windows DPAPI, libsecret or kwallet on Linux) into a file of the data folder that holds
// only the ciphertext. Never in a settings file, a transcript or a log. Without a cipher (no keyring
// on this Linux desktop, or a shell that has none) nothing is stored and the person is told to use
// the environment (LOCAL_CODER_API_KEY) instead.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-write.js';

/** What Electron's safeStorage offers (and a test's stand-in). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretStore {
  available(): boolean;
  /** null when none is stored, or it cannot be read back (another machine's keyring). */
  read(): Promise<string | null>;
  /** null forgets it. Throws when no cipher is available. */
  write(value: string | null): Promise<void>;
}

export function encryptedFileStore(file: string, cipher: SecretCipher | undefined): SecretStore {
  const available = (): boolean => {
    try {
      return cipher?.isEncryptionAvailable() ?? false;
    } catch {
      return false;
    }
  };
  return {
    available,
    async read() {
      if (!cipher || !available()) return null;
      try {
        return cipher.decryptString(await readFile(file));
      } catch {
        return null;
      }
    },
    async write(value) {
      if (value === null) {
        await rm(file, { force: true });
        return;
      }
      if (!cipher || !available()) {
        throw new Error('No secure storage on this system (no keyring): the key cannot be stored.');
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, cipher.encryptString(value), { mode: 0o600 });
    },
  };
}
