import { resolveDataFolder } from '../src/store/dataFolder';

/**
 * The data folder for this run: `--data DIR` (or `--data=DIR`) on the command line, else
 * $BLOCKLIST_DESK_DATA, else the user-data folder the CLI also uses by default — so the
 * app and `blocklist-desk` share one blocklist, and tests can give each run a fresh one.
 */
export function dataFolderFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--data') flag = argv[i + 1];
    else if (arg.startsWith('--data=')) flag = arg.slice('--data='.length);
  }
  return resolveDataFolder(flag, env);
}
