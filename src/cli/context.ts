import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { isCountryCode } from '../domain/mobile';
import { openDatabase, type Db } from '../store/database';
import { currentActor, databasePath, resolveDataFolder } from '../store/dataFolder';
import { failStaleJobs, isProcessAlive } from '../store/jobsTable';
import { getSettings } from '../store/settings';
import type { Flags } from './args';

export interface Output {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/** What every command needs: the data folder, its database, the actor and the country. */
export class CommandContext {
  readonly dataFolder: string;
  readonly actor = currentActor();
  private opened: Db | null = null;

  constructor(
    readonly flags: Flags,
    readonly io: Output,
    readonly stdin: () => Promise<string>,
  ) {
    this.dataFolder = resolveDataFolder(flags.data);
    if (flags.country !== undefined && !isCountryCode(flags.country.toUpperCase())) {
      throw new DeskError('usage', `unknown country "${flags.country}" (use a two-letter code such as IN, US, GB)`);
    }
  }

  get db(): Db {
    if (!this.opened) {
      this.opened = openDatabase(databasePath(this.dataFolder));
      failStaleJobs(this.opened, isProcessAlive);
    }
    return this.opened;
  }

  get country(): CountryCode {
    if (this.flags.country) return this.flags.country.toUpperCase() as CountryCode;
    return getSettings(this.db).country as CountryCode;
  }

  close(): void {
    this.opened?.close();
    this.opened = null;
  }
}

