import { describe, expect, it } from 'vitest';
import { contract, EVENT_NAMES, listOperations } from '../../../src/api/contract';
import { handlers } from '../../../src/api/handlers';
import { OPERATION_NAMES } from '../../../src/api/operationNames';

describe('the contract', () => {
  it('names the same operations as its zod-free name list (the preload and HTTP bridge use that)', () => {
    for (const area of Object.keys(contract) as (keyof typeof contract)[]) {
      expect([...OPERATION_NAMES[area]].sort()).toEqual(Object.keys(contract[area]).sort());
    }
    expect(Object.keys(OPERATION_NAMES).sort()).toEqual(Object.keys(contract).sort());
  });

  it('has a handler for every operation and nothing else', () => {
    for (const { area, name } of listOperations()) expect(typeof (handlers[area] as Record<string, unknown>)[name]).toBe('function');
    for (const area of Object.keys(handlers) as (keyof typeof handlers)[]) expect(Object.keys(handlers[area]).sort()).toEqual(Object.keys(contract[area]).sort());
  });

  it('fills defaults, so a caller may leave them out', () => {
    expect(contract.contacts.search.input.parse({ query: 'a' })).toEqual({ query: 'a', prefix: false });
    expect(contract.contacts.list.input.parse({ tab: 'identified' })).toMatchObject({ after: null, limit: 200 });
    expect(contract.contacts.unblock.input.parse({ contactId: 1, channels: ['sms'] })).toMatchObject({ confirm: false });
  });

  it('takes either files or pasted text for an import, not both', () => {
    const base = { using: 'email', channels: ['email'] };
    expect(contract.jobs.startImport.input.safeParse({ ...base, files: ['/a.csv'] }).success).toBe(true);
    expect(contract.jobs.startImport.input.safeParse({ ...base, text: 'a@b.c' }).success).toBe(true);
    expect(contract.jobs.startImport.input.safeParse({ ...base, files: ['/a.csv'], text: 'a@b.c' }).success).toBe(false);
    expect(contract.jobs.startImport.input.safeParse(base).success).toBe(false);
  });

  it('announces job progress and job ends', () => {
    expect(EVENT_NAMES).toEqual(expect.arrayContaining(['job:progress', 'job:finished']));
  });
});
