// A folder outside the project that sandboxed commands still see (read-only): worlds and fixtures that
// must be visible from inside, to show what the sandbox holds. Not /tmp (private inside) nor /var/tmp,
// /run, /dev/shm (shown empty in the write profile, where daemons' sockets live).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SEEN_DIR = path.join(os.homedir(), '.cache', 'lc-sandbox-worlds');
mkdirSync(SEEN_DIR, { recursive: true });
