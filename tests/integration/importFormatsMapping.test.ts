import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, makeWorkspace } from './harness';

// A file no recognised export describes, read by the officer's mapping: --column
// ROLE=HEADER and --blocked-when HEADER=VALUE,…, saved with --save-mapping NAME, used
// again by --mapping NAME or whenever the same header comes back.

interface Report {
  status: string;
  rows_read: number;
  rejected: number;
  not_blocks: number;
  format: string | null;
  formats: Record<string, string>;
  problems_by_kind: Record<string, number>;
  problems_file: string | null;
  error: { code: string; message: string } | null;
}

interface ContactRow {
  email_key: string | null;
  mobile: string | null;
  [column: string]: string | number | null;
}

function holding(data: string, id: string): ContactRow | undefined {
  const db = new Database(path.join(data, 'blocklist.db'), { readonly: true });
  const row = db.prepare('SELECT * FROM contacts WHERE email_key = ? OR mobile = ? OR customer_id = ?').get(id.toLowerCase(), id, id) as ContactRow | undefined;
  db.close();
  return row;
}

const VENDOR = [
  'Correo,Teléfono,Estado,Canal,Motivo,Fecha baja,Phone',
  'ana@example.es,612345678,baja,email,no interesada,14/03/2024,+34 911 000 001',
  'bea@example.es,612345679,activo,email,,,',
  'cai@example.es,612345680,rebote,"sms, whatsapp",buzón lleno,02/01/2024,',
  'dan@example.es,612345681,BAJA,fax,,,',
  'eva@example.es,612345682,baja,,,,',
].join('\n') + '\n';

const MAPPING = [
  '--column', 'email=Correo', '--column', 'mobile=Teléfono', '--column', 'channel=Canal', '--column', 'reason=Motivo',
  '--column', 'blocked_at=Fecha baja', '--column', 'ignore=Phone', '--blocked-when', 'Estado=baja,rebote',
];

describe('a column mapping', () => {
  it('reads the named columns, blocks the rows whose status means blocked on the channel each names, and counts the others as no blocks', () => {
    const ws = makeWorkspace();
    const file = ws.file('bajas.csv', VENDOR);
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--country', 'ES', '--timezone', 'UTC', '--channels', 'email', ...MAPPING]);
    expect(json.error).toBeNull();
    expect(code).toBe(3);
    expect(json).toMatchObject({ rows_read: 5, not_blocks: 2, rejected: 0, format: 'mapping (--column)', formats: { 'bajas.csv': 'mapping (--column)' }, problems_by_kind: { unknown_channel: 1 } });
    expect(holding(ws.data, 'ana@example.es')).toMatchObject({ email_status: 1, sms_status: 0, email_reason: 'no interesada', email_at: Date.parse('2024-03-14T00:00:00Z') });
    expect(holding(ws.data, 'bea@example.es')).toBeUndefined();
    // Its channel cell names SMS and WhatsApp: the mobile carries them, not the email.
    expect(holding(ws.data, '+34612345680')).toMatchObject({ sms_status: 1, whatsapp_status: 1, email_status: 0, sms_reason: 'buzón lleno' });
    // A blank channel cell is the job's --channels.
    expect(holding(ws.data, 'eva@example.es')).toMatchObject({ email_status: 1 });
    // An ignored column is not read, alias or not.
    expect(holding(ws.data, '+34911000001')).toBeUndefined();
    expect(holding(ws.data, 'dan@example.es')).toBeUndefined();
  });

  it('needs no --channels when the mapping names the channels, and names a header it cannot find', () => {
    const ws = makeWorkspace();
    const file = ws.file('flags.csv', 'Cliente,Texts,Mail OK\nK-1,Y,N\nK-2,N,Y\n');
    const { json } = cliJson<Report>(ws.data, ['import', file, '--column', 'customer_id=Cliente', '--column', 'sms_blocked=Texts', '--column', 'email_blocked=Mail OK']);
    expect(json).toMatchObject({ status: 'succeeded', format: 'mapping (--column)' });
    expect(holding(ws.data, 'K-1')).toMatchObject({ sms_status: 1, email_status: 0 });
    expect(holding(ws.data, 'K-2')).toMatchObject({ sms_status: 0, email_status: 1 });

    const missing = cli(ws.data, ['import', file, '--column', 'email=Correo', '--channels', 'email']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/flags\.csv: --column email=Correo: no column "Correo" in the header \(found: Cliente, Texts, Mail OK\)/);
    const both = cli(ws.data, ['import', file, '--column', 'email=Cliente', '--format', 'generic']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--format and --column cannot be given together/);
    const role = cli(ws.data, ['import', file, '--column', 'phone=Texts']);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/unknown role "phone" \(use customer_id, email, mobile, email_blocked/);
  });

  it('is saved by name, used again with --mapping, and offered again when the same header comes back', () => {
    const ws = makeWorkspace();
    const first = ws.file('bajas-marzo.csv', VENDOR);
    const saved = cli(ws.data, ['import', first, '--country', 'ES', '--timezone', 'UTC', '--channels', 'email', ...MAPPING, '--save-mapping', 'proveedor ES']);
    expect(saved.code).toBe(3);
    expect(saved.stdout).toMatch(/mapping "proveedor ES" saved/);
    expect(saved.stdout).toMatch(/format mapping proveedor ES/);

    // April's file: same header, other rows; read by the saved mapping with no flags at all.
    const april = ws.file('bajas-abril.csv', 'Correo,Teléfono,Estado,Canal,Motivo,Fecha baja,Phone\nfay@example.es,612345690,baja,email,,01/04/2024,\ngil@example.es,612345691,activo,email,,,\n');
    const again = cliJson<Report>(ws.data, ['import', april, '--country', 'ES', '--timezone', 'UTC', '--channels', 'email']);
    expect(again.json).toMatchObject({ status: 'succeeded', format: 'mapping proveedor ES', not_blocks: 1 });
    expect(holding(ws.data, 'fay@example.es')).toMatchObject({ email_status: 1, email_at: Date.parse('2024-04-01T00:00:00Z') });
    expect(holding(ws.data, 'gil@example.es')).toBeUndefined();

    // Columns in another order: --mapping reads it by the names it holds.
    const reordered = ws.file('otro.csv', 'Estado,Correo,Canal,Teléfono,Motivo,Fecha baja,Phone\nbaja,hal@example.es,email,,,,\n');
    const named = cliJson<Report>(ws.data, ['import', reordered, '--mapping', 'proveedor ES', '--channels', 'email']);
    expect(named.json).toMatchObject({ status: 'succeeded', format: 'mapping proveedor ES' });
    expect(holding(ws.data, 'hal@example.es')).toMatchObject({ email_status: 1 });

    const unknown = cli(ws.data, ['import', reordered, '--mapping', 'nope', '--channels', 'email']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no saved mapping "nope" \(saved: proveedor ES\)/);
    const nothingToSave = cli(ws.data, ['import', reordered, '--save-mapping', 'x', '--channels', 'email']);
    expect(nothingToSave.code).toBe(2);
    expect(nothingToSave.stderr).toMatch(/--save-mapping NAME keeps the mapping given with --column/);
  });
});
