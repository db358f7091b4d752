import { describe, expect, it } from 'vitest';
import { cliMessage } from '../../../src/cli/cliWording';
import { toErrorInfo } from '../../../src/domain/errors';
import { checkMapping, mappingNamesChannels, mappingOf, mappingReading, parseBlockedWhenFlags, parseColumnFlags } from '../../../src/files/formats/columnMapping';

/** What the app shows and what the command line prints for the error `run` throws. */
function wordsOf(run: () => unknown): { app: string; cli: string } {
  try {
    run();
  } catch (err) {
    const info = toErrorInfo(err);
    return { app: info.message, cli: cliMessage(info) };
  }
  throw new Error('it did not fail');
}

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
    expect(wordsOf(() => parseColumnFlags(['email=A', 'email=B']))).toEqual({ cli: '--column email is given twice', app: 'two columns are set as Email: set one, and the other to "Not used"' });
    expect(wordsOf(() => parseColumnFlags(['email=A', 'mobile=a']))).toEqual({ cli: '--column: "a" is given two roles', app: 'the column "a" is set twice, with two roles: give it one' });
    expect(() => parseBlockedWhenFlags(['Estado'])).toThrow(/HEADER=VALUE/);
    expect(wordsOf(() => checkMapping({ columns: [{ role: 'status', header: 'State' }], blockedWhen: [] }))).toEqual({
      cli: '--column status=State: say which of its values mean blocked with --blocked-when "State=VALUE[,VALUE…]"',
      app: '"State" is the Status column: tick the values of it that mean blocked',
    });
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
    expect(wordsOf(() => mappingReading(mapping, ['Email', 'Phone'], 'y.csv'))).toEqual({
      cli: 'y.csv: --column mobile=Cell 2: no column "Cell 2" in the header (found: Email, Phone)',
      app: 'y.csv: the mapping reads Mobile from the column "Cell 2", which this file does not have (found: Email, Phone)',
    });
    const none = wordsOf(() => mappingReading(mappingOf(undefined, [{ role: 'ignore', header: 'Email' }], []), ['Email', 'Name'], 'z.csv'));
    expect(none.cli).toMatch(/names no identifier column .*--column email=HEADER/);
    expect(none.app).toBe('z.csv: no column is set as Customer ID, Email or Mobile, and the header names none the import knows (found: Email, Name); set one in the preview');
  });
});
