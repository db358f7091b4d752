import type { ReactNode } from 'react';

/**
 * The reason given with a lift or a delete: "Evidence of consent (required)" when a
 * protected block would go (its hint says what counts), else an optional reason. Kept
 * with the change in the audit log.
 */
export function ReasonField(props: {
  id: string;
  required: boolean;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  hint?: ReactNode;
  rows?: number;
  autoFocus?: boolean;
}) {
  const { id, required, value, error, hint, rows = 2 } = props;
  return (
    <div className="field">
      <label htmlFor={`${id}-reason`}>{required ? 'Evidence of consent (required)' : 'Reason (optional)'}</label>
      <textarea
        id={`${id}-reason`}
        className="textarea"
        style={{ fontFamily: 'inherit', fontSize: 'inherit' }}
        rows={rows}
        maxLength={500}
        required={required}
        aria-required={required}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-reason-error` : hint ? `${id}-reason-hint` : undefined}
        {...(props.autoFocus ? { 'data-autofocus': true } : {})}
        value={value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {hint ? (
        <span id={`${id}-reason-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-reason-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
