import { describe, expect, it } from 'vitest';
import { createJob, failStaleJobs, finishJob, getJob, INTERRUPTED, listJobs, markJobReverted, markJobRunning, newJobId } from '../../../src/store/jobsTable';
import { ACTOR, T0, tempDb } from './tempStore';

describe('jobs table', () => {
  it('makes short, sortable, unique ids', () => {
    const ids = Array.from({ length: 2000 }, () => newJobId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 5)) expect(id).toMatch(/^j[0-9a-z]{13}$/);
  });

  it('records a job from queued to finished, with params, report and error as data', () => {
    const db = tempDb();
    const id = newJobId();
    const job = createJob(db, { id, kind: 'import', actor: ACTOR, params: { file: 'a.csv', channels: ['sms'] }, at: T0 });
    expect(job).toMatchObject({ id, kind: 'import', status: 'queued', actor: ACTOR, created_at: T0, pid: process.pid, params: { file: 'a.csv', channels: ['sms'] } });
    markJobRunning(db, id, 4242, T0 + 1);
    expect(getJob(db, id)).toMatchObject({ status: 'running', pid: 4242, started_at: T0 + 1 });
    expect(finishJob(db, id, { status: 'succeeded', report: { added: 3 }, at: T0 + 2 })).toBe(true);
    expect(getJob(db, id)).toMatchObject({ status: 'succeeded', finished_at: T0 + 2, report: { added: 3 }, error: null });
    expect(finishJob(db, id, { status: 'failed', error: { code: 'x', message: 'late' } })).toBe(false);
    expect(getJob(db, id)?.status).toBe('succeeded');
    markJobReverted(db, id, 'jrevert');
    expect(getJob(db, id)?.reverted_by).toBe('jrevert');
    expect(getJob(db, 'nope')).toBeNull();
    expect(() => markJobRunning(db, id, 1)).toThrow(/no queued or running job/);
  });

  it('lists the newest jobs first', () => {
    const db = tempDb();
    for (let i = 0; i < 5; i += 1) createJob(db, { id: `j${i}`, kind: 'export', actor: ACTOR, params: {}, at: T0 + i });
    expect(listJobs(db, 3).map((j) => j.id)).toEqual(['j4', 'j3', 'j2']);
  });

  it('fails queued and running jobs whose process is gone, and only those', () => {
    const db = tempDb();
    createJob(db, { id: 'alive', kind: 'import', actor: ACTOR, params: {}, pid: 100 });
    createJob(db, { id: 'deadQueued', kind: 'import', actor: ACTOR, params: {}, pid: 200 });
    createJob(db, { id: 'deadRunning', kind: 'import', actor: ACTOR, params: {}, pid: 100 });
    markJobRunning(db, 'deadRunning', 300);
    createJob(db, { id: 'noPid', kind: 'import', actor: ACTOR, params: {}, pid: null });
    createJob(db, { id: 'done', kind: 'import', actor: ACTOR, params: {}, pid: 200 });
    finishJob(db, 'done', { status: 'succeeded', report: {} });
    const failed = failStaleJobs(db, (pid) => pid === 100);
    expect(failed.sort()).toEqual(['deadQueued', 'deadRunning', 'noPid']);
    expect(getJob(db, 'deadRunning')).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(getJob(db, 'alive')?.status).toBe('queued');
    expect(getJob(db, 'done')?.status).toBe('succeeded');
  });
});
