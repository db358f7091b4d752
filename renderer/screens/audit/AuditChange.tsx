import type { AuditEntry } from '../../../src/api/contract';
import { categoryLabel } from '../../format/display';

/** `edit_email` → `edit email`: the recorded action as words. */
export function actionLabel(action: string): string {
  return action.replace(/_/g, ' ');
}

/**
 * What an entry changed, as an officer reads it: a delete as its sentence (never the raw
 * identifiers' JSON), else before → after; then a protected lift's category and the
 * reason the officer gave.
 */
export function AuditChange({ entry }: { entry: AuditEntry }) {
  return (
    <>
      {entry.description ?? (
        <>
          <span className="subtle">{entry.before || '—'}</span> → {entry.after || '—'}
        </>
      )}
      {entry.lifted_category ? (
        <div className="small audit-lifted">
          Lifted <strong>{categoryLabel(entry.lifted_category)}</strong>
        </div>
      ) : null}
      {entry.reason ? (
        <div className="small audit-reason">
          Reason: “{entry.reason}”
        </div>
      ) : null}
    </>
  );
}
