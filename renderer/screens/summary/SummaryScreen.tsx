import { useCallback, useEffect, useId, useState } from 'react';
import type { OperationResult } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Stat } from '../../components/Stat';
import { CATEGORY_LABELS, CHANNEL_LABELS, CHANNEL_ORDER, formatCount, formatInstant, JOB_KIND_LABELS, JOB_STATUS_LABELS } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { CATEGORIES } from '../../state/vocabulary';

type Summary = OperationResult<'contacts', 'summary'>;

/** The categories that have blocks, in the domain's order, then any other (`none`: a block with no category). */
function categoriesOf(summary: Summary): string[] {
  const seen = new Set(CHANNEL_ORDER.flatMap((ch) => Object.keys(summary.blocked[ch])));
  return [...CATEGORIES, ...[...seen].filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort()];
}

function BlockedTable({ summary }: { summary: Summary }) {
  const categories = categoriesOf(summary);
  return (
    <table className="plain summary-table" data-testid="blocked-by-category">
      <caption className="visually-hidden">Blocked contacts by channel and category</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          {CHANNEL_ORDER.map((ch) => (
            <th scope="col" className="num" key={ch}>
              {CHANNEL_LABELS[ch]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {categories.map((category) => (
          <tr key={category} data-category={category}>
            <th scope="row">{CATEGORY_LABELS[category] ?? (category === 'none' ? 'No category' : category)}</th>
            {CHANNEL_ORDER.map((ch) => (
              <td className="num" key={ch} data-channel={ch}>
                {formatCount(summary.blocked[ch][category] ?? 0)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-category="total">
          <th scope="row">Blocked contacts</th>
          {CHANNEL_ORDER.map((ch) => (
            <td className="num" key={ch} data-channel={ch}>
              {formatCount(summary.blockedTotal[ch])}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * The numbers an officer reports upward: contacts, blocked contacts by channel and
 * category, what waits to be pushed to CE, and the latest jobs. Counted on open and on
 * Refresh (the category table reads every contact, in chunks, so it takes a moment on a
 * big list).
 */
export function SummaryScreen() {
  const id = useId();
  const go = useApp((s) => s.go);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    const result = await desk().contacts.summary({});
    setLoading(false);
    if (!result.ok) {
      // A newer count replaced this one (Refresh pressed twice): its answer is on the way.
      if (result.error.code !== 'cancelled') setError(errorText(result.error));
      return;
    }
    setSummary(result.value);
    emitAppEvent('desk:summary-loaded', { blocked: CHANNEL_ORDER.reduce((n, ch) => n + result.value.blockedTotal[ch], 0) });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-state={summary ? 'ready' : 'loading'} aria-busy={loading}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Summary</h1>
        <span className="subtle">{summary ? `Counted ${formatInstant(summary.at)}` : loading ? 'Counting…' : ''}</span>
        <button type="button" className="button" disabled={loading} onClick={() => void load()}>
          {loading && summary ? 'Counting…' : 'Refresh'}
        </button>
      </div>
      <ErrorNotice message={error} />
      {summary === null ? (
        loading ? (
          <p className="panel" role="status">
            Counting blocked contacts by channel and category…
          </p>
        ) : null
      ) : (
        <div className="summary-grid">
          <div className="panel">
            <h2>Contacts</h2>
            <dl className="stats">
              <Stat label="Blocked on at least one channel" value={summary.blockedAnywhere} stat="blocked-anywhere" />
              <Stat label="Identified" value={summary.contacts.identified} stat="identified" />
              <Stat label="Anonymous (mobile only)" value={summary.contacts.anonymous} stat="anonymous" />
              <Stat label="Email whitelisted" value={summary.whitelistedEmail} stat="whitelisted" />
            </dl>
          </div>
          <div className="panel">
            <h2>Waiting to sync with CE</h2>
            {summary.outbox.total === 0 ? (
              <p data-stat="outbox">Nothing waits: every local change has been pushed.</p>
            ) : (
              <>
                <dl className="stats">
                  <Stat label="Changes to push" value={summary.outbox.total} stat="outbox" />
                  <Stat label="Blocks" value={summary.outbox.byAction.block} />
                  <Stat label="Unblocks" value={summary.outbox.byAction.unblock} />
                  <Stat label="Whitelistings" value={summary.outbox.byAction.whitelist} />
                </dl>
                <p className="subtle">
                  Counted per identifier: a change is pushed on the contact&apos;s customer ID and on its channel&apos;s own email or mobile.
                </p>
                <p className="subtle">
                  By channel: {CHANNEL_ORDER.map((ch) => `${CHANNEL_LABELS[ch]} ${formatCount(summary.outbox.byChannel[ch])}`).join(' · ')}.{' '}
                  <button type="button" className="link-button" onClick={() => go('sync')}>
                    Open Sync
                  </button>
                </p>
              </>
            )}
          </div>
          <div className="panel summary-wide">
            <h2>Blocked contacts by channel and category</h2>
            <BlockedTable summary={summary} />
            <p className="subtle">A contact blocked on several channels counts once on each.</p>
          </div>
          <div className="panel summary-wide">
            <h2>Recent jobs</h2>
            {summary.jobs.length === 0 ? (
              <p>No jobs yet.</p>
            ) : (
              <table className="plain" data-testid="recent-jobs">
                <caption className="visually-hidden">Recent jobs, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Queued</th>
                    <th scope="col">Job</th>
                    <th scope="col">What</th>
                    <th scope="col">Status</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.jobs.map((job) => (
                    <tr key={job.id}>
                      <td className="nowrap">{formatInstant(job.created_at)}</td>
                      <td>{JOB_KIND_LABELS[job.kind] ?? job.kind}</td>
                      <td className="summary-what" title={job.label}>
                        {job.label}
                      </td>
                      <td>{JOB_STATUS_LABELS[job.status] ?? job.status}</td>
                      <td>{job.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="subtle">
              <button type="button" className="link-button" onClick={() => go('jobs')}>
                All jobs, with their reports
              </button>
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
