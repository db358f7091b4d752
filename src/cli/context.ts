import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { isCountryCode } from '../domain/mobile';
import { openDatabase, type Db } from '../store/database';
import { currentActor, databasePath, resolveDataFolder } from '../store/dataFolder';
import { failStaleJobs, isProcessAlive } from '../store/jobsTable';
import { dateReading, getSettings } from '../store/settings';
import { DATE_ORDERS, isValidTimeZone, type DateOrder } from '../domain/dates';
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

  /** How dates without an order or a zone are read: --date-order and --timezone, else the settings. */
  get dates(): { dateOrder: DateOrder; timeZone: string } {
    const stored = dateReading(getSettings(this.db));
    const order = this.flags['date-order'];
    const zone = this.flags.timezone;
    if (order !== undefined && !(DATE_ORDERS as readonly string[]).includes(order)) throw new DeskError('usage', `unknown --date-order "${order}" (use dmy, mdy or ymd)`);
    if (zone !== undefined && !isValidTimeZone(zone)) throw new DeskError('usage', `unknown --timezone "${zone}" (use a name such as Asia/Kolkata, Europe/London or UTC)`);
    return { dateOrder: (order as DateOrder | undefined) ?? stored.dateOrder, timeZone: zone ?? stored.timeZone };
  }

  close(): void {
    this.opened?.close();
    this.opened = null;
  }
}

