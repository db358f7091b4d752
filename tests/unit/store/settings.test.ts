import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, getSettings, updateSettings } from '../../../src/store/settings';
import { tempDb } from './tempStore';

describe('settings', () => {
  it('reads defaults on a new database', () => {
    expect(getSettings(tempDb())).toEqual({ country: 'IN', primary_key: 'email' });
    expect(DEFAULT_SETTINGS).toEqual({ country: 'IN', primary_key: 'email' });
  });

  it('stores valid values and reads them back', () => {
    const db = tempDb();
    expect(updateSettings(db, { country: 'gb', primary_key: 'customer_id' })).toEqual({ country: 'GB', primary_key: 'customer_id' });
    expect(getSettings(db)).toEqual({ country: 'GB', primary_key: 'customer_id' });
    expect(updateSettings(db, { primary_key: 'email' })).toEqual({ country: 'GB', primary_key: 'email' });
  });

  it('refuses invalid values and unknown names, changing nothing', () => {
    const db = tempDb();
    expect(() => updateSettings(db, { country: 'XX' })).toThrow(/country/);
    expect(() => updateSettings(db, { primary_key: 'mobile' })).toThrow(/primary_key/);
    expect(() => updateSettings(db, { colour: 'red' })).toThrow(/unknown setting/);
    expect(() => updateSettings(db, { primary_key: 'customer_id', country: 'ZZ' })).toThrow();
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads a damaged stored value as the default and leaves other areas’ keys alone', () => {
    const db = tempDb();
    db.prepare("INSERT INTO settings(key, value) VALUES ('country', 'not json'), ('keywords', '[\"STOP\"]')").run();
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });
});
