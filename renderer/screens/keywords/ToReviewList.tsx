import { useEffect, useId, useState } from 'react';
import type { ReviewedMessage } from '../../../src/api/jobsOperations';
import { emitAppEvent } from '../../bridge/appEvents';
import { categoryLabel, CHANNEL_LABELS, formatCount, formatInstant, sourceLabel } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';

function StateMark({ message }: { message: ReviewedMessage }) {
  const block = message.block;
  if (message.state === 'applied') {
    return (
      <span className="stack" style={{ gap: 2 }}>
        <span className="pill pill-succeeded" style={{ alignSelf: 'flex-start' }}>
          ✓ Opt-out applied
        </span>
        <span className="subtle small">
          by {block?.actor ?? '—'} · {sourceLabel(block?.source)}
        </span>
      </span>
    );
  }
  return (
    <span className="stack" style={{ gap: 2 }}>
      <span className="pill" style={{ alignSelf: 'flex-start' }}>
        Already blocked
      </span>
      <span className="subtle small">
        {categoryLabel(block?.category)} · {sourceLabel(block?.source)} · {formatInstant(block?.at)}
      </span>
    </span>
  );
}

/**
 * A keywords job's messages that say an opt-out in other words (`STOP please`): the job
 * applied none of them; each can be applied here with one click, by the officer, and says
 * where it stands (applied, or blocked already for another reason).
 */
export function ToReviewList({ job, total }: { job: string; total: number }) {
  const id = useId();
  const toast = useApp((s) => s.toast);
  const [messages, setMessages] = useState<ReviewedMessage[] | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    void desk()
      .jobs.toReview({ id: job })
      .then((result) => {
        if (!live) return;
        if (!result.ok) setError(errorText(result.error));
        else {
          setMessages(result.value.messages);
          setFile(result.value.file);
        }
      });
    return () => {
      live = false;
    };
  }, [job]);

  async function apply(message: ReviewedMessage) {
    setBusy(message.index);
    const result = await desk().jobs.applyOptOut({ id: job, message: message.index });
    setBusy(null);
    if (!result.ok) {
      toast('error', errorText(result.error));
      return;
    }
    const now = result.value.message;
    setMessages((list) => (list ?? []).map((m) => (m.index === now.index ? now : m)));
    const where = `${now.from} on ${CHANNEL_LABELS[now.channel]}`;
    if (result.value.applied) {
      toast('ok', `Opt-out applied: ${where} is blocked.`);
      void useApp.getState().refreshCounts();
      if (now.contact_id !== null) emitAppEvent('desk:contact-changed', { id: now.contact_id, action: 'opt_out' });
    } else toast('info', `${where} was already blocked; nothing changed.`);
  }

  const open = messages?.filter((m) => m.state === 'open').length ?? 0;
  const applied = messages?.filter((m) => m.state === 'applied').length ?? 0;
  return (
    <section className="stack" style={{ gap: 6 }} aria-labelledby={`${id}-title`} data-testid="to-review">
      <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <h3 id={`${id}-title`} style={{ fontSize: 13, margin: 0 }}>
          To review: {formatCount(total)} message{total === 1 ? '' : 's'} that may be an opt-out
        </h3>
        {messages ? (
          <span className="subtle small" data-testid="to-review-summary">
            {formatCount(open)} open · {formatCount(applied)} applied{messages.length - open - applied > 0 ? ` · ${formatCount(messages.length - open - applied)} already blocked` : ''}
          </span>
        ) : null}
      </div>
      <p className="subtle small" style={{ margin: 0 }}>
        Not exactly a keyword, so the job applied none of them. Apply the ones that ask to stop: the block is yours (Desk UI), category Opt-out, the
        message as reason, dated when it was received.
      </p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : messages === null ? (
        <p className="subtle small">Loading…</p>
      ) : (
        <>
          <div style={{ overflowX: 'auto' }}>
            <table className="plain" data-open={open}>
              <caption className="visually-hidden">Messages to review</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">From</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Message</th>
                  <th scope="col">Log line</th>
                  <th scope="col">Opt-out</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((message) => (
                  <tr key={message.index} data-review-index={message.index} data-state={message.state}>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatInstant(message.received_at)}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{message.from}</td>
                    <td>{CHANNEL_LABELS[message.channel]}</td>
                    <td style={{ wordBreak: 'break-word', minWidth: 160 }}>
                      <span className="stack" style={{ gap: 2 }}>
                        <span>{message.text}</span>
                        <span className="subtle small">
                          says <code className="keyword">{message.phrase}</code>
                        </span>
                      </span>
                    </td>
                    <td className="subtle small" style={{ wordBreak: 'break-all' }}>
                      {message.file}:{message.line}
                    </td>
                    <td>
                      {message.state === 'open' ? (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy !== null}
                          aria-label={`Apply opt-out: ${message.from} on ${CHANNEL_LABELS[message.channel]}`}
                          onClick={() => void apply(message)}
                        >
                          {busy === message.index ? 'Applying…' : 'Apply opt-out'}
                        </button>
                      ) : (
                        <StateMark message={message} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > messages.length ? (
            <p className="subtle small" style={{ margin: 0 }}>
              Showing the first {formatCount(messages.length)} of {formatCount(total)}; all of them are in {file ? <code>{file}</code> : 'to-review.csv in the job folder'}.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
