import { describe, expect, it } from 'vitest';
import { checkMapping, mappingNamesChannels, mappingOf, mappingReading, parseBlockedWhenFlags, parseColumnFlags } from '../../../src/files/formats/columnMapping';

describe('a column mapping', () => {
  it('reads --column ROLE=HEADER and --blocked-when HEADER=VALUE,…', () => {
    expect(parseColumnFlags(['email=Correo', 'Mobile=Teléfono móvil', 'sms-blocked=SMS?', 'ignore=Phone', 'ignore=Fax'])).toEqual([
      { role: 'email', header: 'Correo' },
      { role: 'mobile', header: 'Teléfono móvil' },
      { role: 'sms_blocked', header: 'SMS?' },
      { role: 'ignore', header: 'Phone' },
      { role: 'ignore', header: 'Fax' },
    ]);
    expect(parseBlockedWhenFlags(['Estado=baja, rebote ,'])).toEqual([{ header: 'Estado', values: ['baja', 'rebote'] }]);
  });

  it('refuses what it cannot read, saying how to write it', () => {
    expect(() => parseColumnFlags(['phone=Tel'])).toThrow(/unknown role "phone"/);
    expect(() => parseColumnFlags(['email'])).toThrow(/--column email=HEADER/);
    expect(() => parseColumnFlags(['email=A', 'email=B'])).toThrow(/email is given twice/);
    expect(() => parseColumnFlags(['email=A', 'mobile=a'])).toThrow(/"a" is given two roles/);
    expect(() => parseBlockedWhenFlags(['Estado'])).toThrow(/HEADER=VALUE/);
    expect(() => checkMapping({ columns: [{ role: 'status', header: 'State' }], blockedWhen: [] })).toThrow(/--blocked-when "State=VALUE/);
    expect(() => checkMapping({ columns: [{ role: 'email', header: 'State' }], blockedWhen: [{ header: 'State', values: ['x'] }] })).toThrow(/named as email/);
  });

  it('takes a --blocked-when column as the status column', () => {
    const mapping = checkMapping({ columns: [{ role: 'email', header: 'Mail' }], blockedWhen: [{ header: 'State', values: ['gone'] }] });
    expect(mapping.columns).toContainEqual({ role: 'status', header: 'State' });
    expect(mappingNamesChannels(mapping)).toBe(false);
    expect(mappingNamesChannels(mappingOf(undefined, [{ role: 'channel', header: 'Via' }], []))).toBe(true);
  });

  it('resolves against a header: its columns over the aliases, ignored ones read as nothing', () => {
    const mapping = mappingOf('vendor', [{ role: 'mobile', header: 'Cell 2' }, { role: 'ignore', header: 'Phone' }, { role: 'channel', header: 'Via' }], [{ header: 'State', values: ['Opted Out'] }]);
    const { columns, reading } = mappingReading(mapping, ['Email', 'Phone', 'Cell 2', 'Via', 'State', 'Reason'], 'x.csv');
    expect(columns).toMatchObject({ email: 0, mobile: 2, reason: 5, channels: {} });
    expect(reading.label).toBe('mapping vendor');
    expect(reading.channelColumn?.index).toBe(3);
    expect(reading.status?.index).toBe(4);
    expect([...(reading.status?.blocked ?? [])]).toEqual(['optedout']);
    expect(() => mappingReading(mapping, ['Email', 'Phone'], 'y.csv')).toThrow(/y\.csv: --column mobile=Cell 2: no column "Cell 2"/);
    expect(() => mappingReading(mappingOf(undefined, [{ role: 'ignore', header: 'Email' }], []), ['Email', 'Name'], 'z.csv')).toThrow(/names no identifier/);
  });
});
