import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Blocklist Desk';
export const DATABASE_FILE = 'blocklist.db';

/**
 * The desktop app's user-data folder, computed the way Electron's `app.getPath('userData')`
 * does for an app named APP_NAME, so the CLI and the app share one blocklist by default.
 */
export function defaultDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** `--data DIR`, else `$BLOCKLIST_DESK_DATA`, else the app's user-data folder. */
export function resolveDataFolder(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.BLOCKLIST_DESK_DATA) return path.resolve(env.BLOCKLIST_DESK_DATA);
  return defaultDataFolder(env);
}

export function databasePath(dataFolder: string): string {
  return path.join(dataFolder, DATABASE_FILE);
}

/**
 * The folders inside the data folder where the app itself writes outputs: browser-mode
 * downloads and each job's files. Nothing a user names may be written anywhere else in it.
 */
export function appOutputFolders(dataFolder: string): string[] {
  return [path.join(dataFolder, 'exports'), path.join(dataFolder, 'jobs')];
}

export function jobFolder(dataFolder: string, jobId: string): string {
  return path.join(dataFolder, 'jobs', jobId);
}

/** The OS user, recorded as the actor of every change. */
export function currentActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
