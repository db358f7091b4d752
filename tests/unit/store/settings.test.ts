import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORDS } from '../../../src/domain/keywords';
import { DEFAULT_SETTINGS, getSettings, updateSettings } from '../../../src/store/settings';
import { tempDb } from './tempStore';

describe('settings', () => {
  it('reads defaults on a new database', () => {
    expect(getSettings(tempDb())).toEqual({ country: 'IN', primary_key: 'email', keywords: DEFAULT_KEYWORDS, date_order: 'country', time_zone: 'computer', sender_numbers: [] });
    expect(DEFAULT_SETTINGS).toEqual({ country: 'IN', primary_key: 'email', keywords: DEFAULT_KEYWORDS, date_order: 'country', time_zone: 'computer', sender_numbers: [] });
  });

  it('stores valid values and reads them back', () => {
    const db = tempDb();
    expect(updateSettings(db, { country: 'gb', primary_key: 'customer_id' })).toMatchObject({ country: 'GB', primary_key: 'customer_id' });
    expect(getSettings(db)).toMatchObject({ country: 'GB', primary_key: 'customer_id' });
    expect(updateSettings(db, { primary_key: 'email' })).toMatchObject({ country: 'GB', primary_key: 'email' });
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
    db.prepare("INSERT INTO settings(key, value) VALUES ('country', 'not json'), ('keywords', '[\"STOP\"]'), ('sync_remote', '\"ce\"')").run();
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('stores keyword lists upper-cased and de-duplicated, refusing empty words, spaces and empty opt-out lists', () => {
    const db = tempDb();
    const lists = { sms: { opt_out: ['stop', ' Halt! ', 'STOP'], opt_in: [] }, whatsapp: { opt_out: ['stop'] }, rcs: { opt_out: ['Arrêt'] } };
    expect(updateSettings(db, { keywords: lists }).keywords).toEqual({ sms: { opt_out: ['STOP', 'HALT'], opt_in: [] }, whatsapp: { opt_out: ['STOP'] }, rcs: { opt_out: ['ARRÊT'] } });
    expect(getSettings(db).keywords.sms.opt_out).toEqual(['STOP', 'HALT']);
    expect(() => updateSettings(db, { keywords: { ...lists, whatsapp: { opt_out: ['STOP ALL'] } } })).toThrow(/has a space/);
    expect(() => updateSettings(db, { keywords: { ...lists, whatsapp: { opt_out: ['  '] } } })).toThrow(/empty word/);
    expect(() => updateSettings(db, { keywords: { ...lists, rcs: { opt_out: [] } } })).toThrow(/RCS opt-out keywords needs at least one word/);
    expect(() => updateSettings(db, { keywords: { ...lists, sms: { opt_out: ['STOP'], opt_in: ['stop'] } } })).toThrow(/both/);
    expect(getSettings(db).keywords.sms.opt_out).toEqual(['STOP', 'HALT']);
  });
});
