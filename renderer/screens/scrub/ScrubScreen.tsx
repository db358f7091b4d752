import { useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CHANNEL_LABELS } from '../../format/display';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import { ALL_CHANNELS, withChannel, type ChannelName } from '../../state/vocabulary';
import { FileDropZone } from '../block/FileDropZone';
import { JobCard } from '../jobs/JobCard';

type ColumnField = 'email' | 'mobile' | 'customer_id';
const COLUMN_LABELS: Record<ColumnField, string> = { email: 'Email column', mobile: 'Mobile column', customer_id: 'Customer ID column' };

/**
 * Audience scrub: a campaign file and its channels → a cleaned file per channel (same
 * columns, rows and bytes, the rows Not Sent on that channel removed), the removed rows,
 * and a Not Sent report per channel (ScrubReportView, with each channel's download). The
 * job only reads the blocklist.
 */
export function ScrubScreen() {
  const id = useId();
  const jobs = useJobs((s) => s.jobs);
  const scrubs = useMemo(() => jobs.filter((j) => j.kind === 'scrub').slice(0, 3), [jobs]);
  const [files, setFiles] = useState<File[]>([]);
  const [channels, setChannels] = useState<ChannelName[]>(['email']);
  const [columns, setColumns] = useState<Record<ColumnField, string>>({ email: '', mobile: '', customer_id: '' });
  const [errors, setErrors] = useState<Partial<Record<'channels' | 'file' | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  function toggleChannel(channel: ChannelName, on: boolean) {
    setChannels((current) => withChannel(current, channel, on));
    setErrors((e) => ({ ...e, channels: undefined }));
  }

  async function start() {
    const problems: typeof errors = {};
    if (channels.length === 0) problems.channels = 'Choose at least one channel.';
    if (files.length === 0) problems.file = 'Choose or drop the audience file (CSV, Excel .xlsx, ZIP or TXT).';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const uploaded = await desk().uploadFiles(files);
    if (!uploaded.ok) {
      setBusy(false);
      setErrors({ file: errorText(uploaded.error) });
      return;
    }
    const named = Object.fromEntries(Object.entries(columns).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    const started = await desk().jobs.startScrub({ file: (uploaded.value[0] as { ref: string }).ref, channels, columns: named });
    setBusy(false);
    if (!started.ok) {
      setErrors({ form: errorText(started.error) });
      return;
    }
    useJobs.getState().queued(started.value.job);
    setFiles([]);
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Audience scrub</h1>
        <span className="subtle small">Clean a campaign file against the blocklist. The blocklist is only read, never changed.</span>
      </div>
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <span className="field-label">Audience file</span>
        <div className="stack" style={{ gap: 6 }}>
          <FileDropZone
            files={files}
            single
            onFiles={(chosen) => {
              setFiles(chosen);
              setErrors((e) => ({ ...e, file: undefined }));
            }}
            onRejected={(names) => setErrors((e) => ({ ...e, file: `Only a CSV, Excel (.xlsx), ZIP or TXT file can be scrubbed (not ${names.join(', ')}).` }))}
            invalid={errors.file !== undefined}
            describedBy={errors.file ? `${id}-file-error` : undefined}
          />
          <span className="field-hint">Any columns. Email, mobile and customer ID columns are found by the same names as imports; rows are kept in order, byte for byte.</span>
          {errors.file ? (
            <p className="field-error" id={`${id}-file-error`} role="alert" style={{ margin: 0 }}>
              {errors.file}
            </p>
          ) : null}
        </div>

        <span className="field-label" id={`${id}-channels`}>
          Campaign channels
        </span>
        <div>
          <div className="choice-row" role="group" aria-labelledby={`${id}-channels`} aria-describedby={`${id}-channels-rule`}>
            {ALL_CHANNELS.map((channel) => (
              <label className="check" key={channel}>
                <input
                  type="checkbox"
                  checked={channels.includes(channel)}
                  aria-invalid={errors.channels ? true : undefined}
                  onChange={(e) => toggleChannel(channel, e.target.checked)}
                />
                {CHANNEL_LABELS[channel]}
              </label>
            ))}
          </div>
          <p className="field-hint" id={`${id}-channels-rule`} style={{ margin: '4px 0 0' }}>
            Email is matched by the email address, SMS, WhatsApp and RCS by the mobile number; a blocked customer ID counts on every channel. With several channels
            each channel gets its own cleaned file, without the rows Not Sent on that channel; the removed rows list every row Not Sent on at least one channel.
          </p>
          {errors.channels ? (
            <p className="field-error" role="alert" style={{ margin: '4px 0 0' }}>
              {errors.channels}
            </p>
          ) : null}
        </div>

        <span className="field-label">Columns (optional)</span>
        <div className="choice-row">
          {(Object.keys(COLUMN_LABELS) as ColumnField[]).map((field) => (
            <label key={field} className="stack" style={{ gap: 2 }}>
              <span className="small">{COLUMN_LABELS[field]}</span>
              <input
                className="input"
                style={{ width: 150 }}
                placeholder="name or number"
                value={columns[field]}
                onChange={(e) => setColumns((c) => ({ ...c, [field]: e.target.value }))}
              />
            </label>
          ))}
        </div>

        <span />
        <div className="stack" style={{ gap: 8 }}>
          <ErrorNotice message={errors.form ?? null} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Starting…' : 'Scrub audience'}
            </button>
          </div>
        </div>
      </form>

      {scrubs.length > 0 ? (
        <div className="jobs-list" aria-label="Recent scrubs">
          {scrubs.map((job, index) => (
            <JobCard key={job.id} job={job} highlighted={index === 0} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
