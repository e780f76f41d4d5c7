// Where the app keeps its data, computed the way Electron computes app.getPath('userData') for an
// app named "local-coder", so the window and the headless runner share one place without importing
// electron. LOCAL_CODER_HOME overrides it (tests, portable setups).
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'local-coder';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOCAL_CODER_HOME) return path.resolve(env.LOCAL_CODER_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'sessions');
}
