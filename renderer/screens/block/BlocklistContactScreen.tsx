import { useId, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SampleFileLink } from '../../components/SampleFileLink';
import { CategoryOptions } from '../../components/VocabularyOptions';
import { CHANNEL_LABELS } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import { ALL_CHANNELS, allowedChannels, withChannel, type CategoryName, type ChannelName, type IdentifierName } from '../../state/vocabulary';
import { FileDropZone } from './FileDropZone';
import { MappingStep } from './MappingStep';
import { useImportMapping } from './useImportMapping';
import { countPastedEntries } from '../../../src/domain/pasteEntries';

type Using = IdentifierName | 'auto';
type Method = 'file' | 'paste';

const USING_OPTIONS: { value: Using; label: string; fileOnly?: boolean }[] = [
  { value: 'customer_id', label: 'Customer ID' },
  { value: 'email', label: 'Email ID' },
  { value: 'mobile', label: 'Mobile' },
  { value: 'auto', label: 'Columns in the file', fileOnly: true },
];

const CHANNEL_RULES: Record<Using, string> = {
  customer_id: 'Customer ID can be blocked on any channel.',
  email: 'Email ID blocks the Email channel only.',
  mobile: 'Mobile blocks SMS, WhatsApp or RCS — choose at least one.',
  auto: 'Each row is matched by its customer_id, email or mobile column; channel columns in the file (email_blocked, sms_status, …) override these for their row.',
};

function allowedFor(using: Using): readonly ChannelName[] {
  return using === 'auto' ? ALL_CHANNELS : allowedChannels(using);
}

/** How a paste is split, in words (src/domain/pasteEntries.ts splits it, for this count and for the job alike). */
const PASTE_HINTS: Record<IdentifierName, string> = {
  customer_id: 'One a line, or separated by commas or semicolons (a customer ID may hold spaces)',
  email: 'One a line, or separated by commas, semicolons or spaces',
  mobile: 'One a line, or separated by commas, semicolons or spaces (a number written with spaces, like 98765 43210, is one number)',
};

/** CE's "Blocklist Contact": identifiers by file or paste, channels, category, reason → a job. */
export function BlocklistContactScreen() {
  const go = useApp((s) => s.go);
  const id = useId();
  // A file's header names its identifiers: the usual flow is drop, check the preview, Save.
  const [using, setUsing] = useState<Using>('auto');
  const [channels, setChannels] = useState<ChannelName[]>(['email', 'sms', 'whatsapp', 'rcs']);
  const [method, setMethod] = useState<Method>('file');
  const [files, setFiles] = useState<File[]>([]);
  const [text, setText] = useState('');
  const [category, setCategory] = useState<CategoryName>('manual');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'channels' | 'input' | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  const allowed = allowedFor(using);
  const mapping = useImportMapping({ files, using, channels, category, active: method === 'file' });
  // A recognised export says which channels each row blocks; the boxes would replace its own.
  const channelsFromFile = method === 'file' && mapping.channelsFromFile;

  function chooseUsing(next: Using) {
    setUsing(next);
    const nextAllowed = allowedFor(next);
    const kept = channels.filter((ch) => nextAllowed.includes(ch));
    setChannels(next === 'email' ? ['email'] : kept.length > 0 ? kept : [...nextAllowed]);
    setErrors({});
  }

  function chooseMethod(next: Method) {
    setMethod(next);
    if (next === 'paste' && using === 'auto') chooseUsing('customer_id');
    setErrors({});
  }

  function toggleChannel(channel: ChannelName, on: boolean) {
    setChannels((current) => withChannel(current, channel, on));
    setErrors((e) => ({ ...e, channels: undefined }));
  }

  async function save() {
    const problems: typeof errors = {};
    if (channels.length === 0 && !channelsFromFile) problems.channels = 'Choose at least one channel.';
    if (method === 'file' && files.length === 0) problems.input = 'Choose or drop at least one CSV, Excel (.xlsx), ZIP or TXT file.';
    if (method === 'paste' && countPastedEntries(text, using === 'auto' ? 'customer_id' : using) === 0) problems.input = 'Paste at least one identifier.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;

    setBusy(true);
    const common = { using, channels, category, reason: reason.trim() === '' ? null : reason.trim() };
    let fromStep: Awaited<ReturnType<typeof mapping.importInput>> | undefined;
    if (method === 'file') {
      fromStep = await mapping.importInput();
      if ('error' in fromStep) {
        setBusy(false);
        setErrors({ input: fromStep.error });
        return;
      }
    }
    const started = await desk().jobs.startImport(fromStep !== undefined && !('error' in fromStep) ? { ...common, ...fromStep } : { ...common, text });
    setBusy(false);
    if (!started.ok) {
      setErrors({ form: errorText(started.error) });
      return;
    }
    useJobs.getState().queued(started.value.job);
    setFiles([]);
    setText('');
    go('jobs', { highlightJob: started.value.job.id });
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Blocklist Contact</h1>
        <span className="subtle small">Saving queues a job; follow it under Jobs.</span>
      </div>
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <span className="field-label" id={`${id}-using`}>
          Blocklist using
        </span>
        <div className="choice-row" role="radiogroup" aria-labelledby={`${id}-using`}>
          {USING_OPTIONS.filter((o) => !o.fileOnly || method === 'file').map((option) => (
            <label className="check" key={option.value}>
              <input type="radio" name={`${id}-using`} value={option.value} checked={using === option.value} onChange={() => chooseUsing(option.value)} />
              {option.label}
            </label>
          ))}
        </div>

        <span className="field-label" id={`${id}-channels`}>
          Channels
        </span>
        <div>
          <div className="choice-row" role="group" aria-labelledby={`${id}-channels`} aria-describedby={`${id}-channels-rule`} style={channelsFromFile ? { display: 'none' } : undefined}>
            {ALL_CHANNELS.map((channel) => {
              const enabled = allowed.includes(channel) && using !== 'email';
              return (
                <label className={allowed.includes(channel) ? 'check' : 'check disabled'} key={channel}>
                  <input
                    type="checkbox"
                    checked={channels.includes(channel)}
                    disabled={!enabled}
                    aria-invalid={errors.channels ? true : undefined}
                    onChange={(e) => toggleChannel(channel, e.target.checked)}
                  />
                  {CHANNEL_LABELS[channel]}
                </label>
              );
            })}
          </div>
          <p className="field-hint" id={`${id}-channels-rule`} style={{ margin: '4px 0 0' }}>
            {channelsFromFile ? `From the file: ${mapping.preview?.layout.label ?? 'its format'} says which channels each row blocks (see the preview).` : CHANNEL_RULES[using]}
          </p>
          {errors.channels ? (
            <p className="field-error" role="alert" style={{ margin: '4px 0 0' }}>
              {errors.channels}
            </p>
          ) : null}
        </div>

        <span className="field-label" id={`${id}-method`}>
          Method
        </span>
        <div className="choice-row" role="radiogroup" aria-labelledby={`${id}-method`}>
          <label className="check">
            <input type="radio" name={`${id}-method`} checked={method === 'file'} onChange={() => chooseMethod('file')} />
            File Upload
          </label>
          <label className="check">
            <input type="radio" name={`${id}-method`} checked={method === 'paste'} onChange={() => chooseMethod('paste')} />
            Multiple Input
          </label>
        </div>

        {method === 'file' ? (
          <>
            <span className="field-label">Files</span>
            <div className="stack" style={{ gap: 6 }}>
              <FileDropZone
                files={files}
                onFiles={(next) => {
                  setFiles(next);
                  setErrors((e) => ({ ...e, input: undefined }));
                }}
                onRejected={(names) => setErrors((e) => ({ ...e, input: `Only CSV, Excel (.xlsx), ZIP and TXT files can be imported (not ${names.join(', ')}).` }))}
                invalid={Boolean(errors.input)}
                describedBy={errors.input ? `${id}-input-error` : undefined}
              />
              <div className="row small">
                <SampleFileLink />
                <span className="subtle">A header row names the columns (customer_id, email, mobile, sms_blocked, category, reason…).</span>
              </div>
            </div>
            {files.length > 0 ? <MappingStep mapping={mapping} fileCount={files.length} /> : null}
          </>
        ) : (
          <>
            <label className="field-label" htmlFor={`${id}-paste`}>
              Identifiers
            </label>
            <div className="field">
              <textarea
                id={`${id}-paste`}
                className="textarea"
                rows={8}
                value={text}
                spellCheck={false}
                placeholder={using === 'mobile' ? '+91 98765 43210\n09876543210' : using === 'email' ? 'someone@example.com\nother@example.org' : 'CUST-1001\nCUST-1002'}
                aria-invalid={errors.input ? true : undefined}
                aria-describedby={`${id}-paste-hint${errors.input ? ` ${id}-input-error` : ''}`}
                onChange={(e) => {
                  setText(e.target.value);
                  setErrors((er) => ({ ...er, input: undefined }));
                }}
              />
              <span className="field-hint" id={`${id}-paste-hint`}>
                {PASTE_HINTS[using === 'auto' ? 'customer_id' : using]} · <span data-testid="paste-count">{countPastedEntries(text, using === 'auto' ? 'customer_id' : using).toLocaleString('en-US')}</span> entered
              </span>
            </div>
          </>
        )}
        {errors.input ? (
          <>
            <span />
            <p className="field-error" id={`${id}-input-error`} role="alert" style={{ margin: 0 }}>
              {errors.input}
            </p>
          </>
        ) : null}

        <label className="field-label" htmlFor={`${id}-category`}>
          Category
        </label>
        <select id={`${id}-category`} className="select" style={{ width: 220 }} value={category} onChange={(e) => setCategory(e.target.value as CategoryName)}>
          <CategoryOptions />
        </select>

        <label className="field-label" htmlFor={`${id}-reason`}>
          Reason
        </label>
        <div className="field">
          <input
            id={`${id}-reason`}
            className="input"
            value={reason}
            maxLength={500}
            placeholder="e.g. Vendor DNC list, March 2025"
            onChange={(e) => setReason(e.target.value)}
          />
          <span className="field-hint">Kept with every block this creates; {500 - reason.length} characters left.</span>
        </div>

        <span />
        <div className="stack" style={{ gap: 8 }}>
          <ErrorNotice message={errors.form} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : 'SAVE'}
            </button>
            <button type="button" className="button" onClick={() => go('listing')}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
