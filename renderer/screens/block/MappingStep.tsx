import { useId } from 'react';
import type { ImportPreviewView } from '../../../src/api/filesOperations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CHANNEL_LABELS, CHANNEL_ORDER, categoryLabel } from '../../format/display';
import { columnValues, type ImportMapping, type MappingRole } from './useImportMapping';

/** The roles a column can take, in the words of the screen (`--column ROLE=HEADER` in the CLI). */
const ROLE_LABELS: Record<Exclude<MappingRole, 'ignore'>, string> = {
  customer_id: 'Customer ID',
  email: 'Email',
  mobile: 'Mobile',
  email_blocked: 'Email blocked? (yes/no)',
  sms_blocked: 'SMS blocked? (yes/no)',
  whatsapp_blocked: 'WhatsApp blocked? (yes/no)',
  rcs_blocked: 'RCS blocked? (yes/no)',
  channel: 'Channel',
  status: 'Status',
  category: 'Category',
  reason: 'Reason',
  blocked_at: 'Blocked at (date)',
};
const ROLES = Object.keys(ROLE_LABELS) as Exclude<MappingRole, 'ignore'>[];

function shownTable(table: string): string {
  const inner = table.slice(table.lastIndexOf('!') + 1);
  return inner.slice(Math.max(inner.lastIndexOf('/'), inner.lastIndexOf('\\')) + 1);
}

function layoutSentence(preview: ImportPreviewView, edited: boolean): string {
  if (edited) return 'Read by the columns as you set them below.';
  const { layout } = preview;
  if (layout.kind === 'format') return `Recognised: ${layout.label ?? 'a known export'}. Its columns, statuses, channels and dates are read as that export writes them.`;
  if (layout.kind === 'mapping') return layout.mapping ? `Read by your saved mapping “${layout.mapping}”.` : 'Read by the mapping below.';
  if (layout.kind === 'no_header') return 'No header row: the first column holds the identifier chosen above.';
  if (preview.problem !== null) return 'The import cannot read this header by itself.';
  return 'Columns found by their names (customer_id, email, mobile, sms_blocked…). Set a column below if one is missed.';
}

function RowOutcome({ row, unread }: { row: ImportPreviewView['rows'][number]; unread: boolean }) {
  if (unread) return <span className="subtle">Not read yet</span>;
  if (row.outcome === 'block') {
    const channels = CHANNEL_ORDER.filter((c) => row.channels.includes(c)).map((c) => CHANNEL_LABELS[c]);
    return (
      <span>
        {channels.join(', ')}
        {row.category ? <span className="subtle small"> · {categoryLabel(row.category)}</span> : null}
      </span>
    );
  }
  if (row.outcome === 'not_block') return <span className="subtle">Not a block</span>;
  if (row.outcome === 'no_channel') return <span className="subtle">No channel</span>;
  return <span className="mapping-problem-text">Nothing blocked</span>;
}

/**
 * The import's mapping step: the first rows of the first file as the import will read
 * them, each column's role (changeable), a status column's values with "means blocked",
 * what each row blocks and the rows with problems, before Save.
 */
export function MappingStep({ mapping, fileCount }: { mapping: ImportMapping; fileCount: number }) {
  const id = useId();
  const { preview } = mapping;
  if (preview === null) {
    return (
      <div className="mapping-step" aria-busy={mapping.loading} data-testid="mapping-step">
        {mapping.error ? <ErrorNotice message={mapping.error} /> : <span className="subtle small">Reading the first rows…</span>}
      </div>
    );
  }
  const blocks = preview.rows.filter((r) => r.outcome === 'block').length;
  const notBlocks = preview.rows.filter((r) => r.outcome === 'not_block').length;
  const withProblems = preview.rows.filter((r) => r.problems.length > 0).length;
  const statusValues = mapping.statusColumn >= 0 ? columnValues(preview, mapping.statusColumn) : [];
  const others = fileCount > 1 || preview.tables.length > 1;
  return (
    <section className="mapping-step" aria-labelledby={`${id}-title`} aria-busy={mapping.loading} data-testid="mapping-step">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id={`${id}-title`} className="mapping-title">
          Preview of {shownTable(preview.table)}
        </h2>
        <span className="subtle small" role="status">
          {preview.rows.length} rows shown: {blocks} to block, {notBlocks} not blocks, {withProblems} with problems
        </span>
      </div>
      <p className="mapping-layout" data-testid="layout-name" data-layout={preview.layout.kind}>
        {layoutSentence(preview, mapping.edited)}
        {mapping.edited || mapping.savedChoice !== null ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => mapping.resetToDetected()}>
              Read it as detected
            </button>
          </>
        ) : null}
      </p>
      {others ? (
        <p className="field-hint" style={{ margin: 0 }}>
          The preview shows the first table; every other file or ZIP member is recognised by its own header, unless you change the columns here.
        </p>
      ) : null}
      {preview.sheets.length > 1 ? (
        <div className="row small">
          <label htmlFor={`${id}-sheet`}>Sheet</label>
          <select id={`${id}-sheet`} className="select" style={{ width: 220 }} value={preview.sheet ?? ''} onChange={(e) => mapping.chooseSheet(e.target.value)}>
            {preview.sheets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <span className="subtle">The sheet imported from each workbook.</span>
        </div>
      ) : null}
      {preview.saved_mappings.length > 0 ? (
        <div className="row small">
          <label htmlFor={`${id}-saved`}>Saved mapping</label>
          <select
            id={`${id}-saved`}
            className="select"
            style={{ width: 220 }}
            value={mapping.savedChoice ?? ''}
            onChange={(e) => mapping.chooseSaved(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{preview.saved_mappings.some((m) => m.same_header) ? 'As detected (saved for this header)' : 'As detected'}</option>
            {preview.saved_mappings.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {preview.problem !== null && !mapping.edited ? (
        <p className="notice notice-warn small" style={{ margin: 0 }} data-testid="layout-problem">
          {/[.!?]$/.test(preview.problem) ? preview.problem : `${preview.problem}.`} Or set below which column holds the customer ID, email or mobile.
        </p>
      ) : null}
      <ErrorNotice message={mapping.error ?? mapping.mappingProblem} />
      {preview.header.length > 0 && mapping.statusColumn >= 0 ? (
        <fieldset className="mapping-status" aria-describedby={`${id}-status-hint`}>
          <legend>
            Values of “{preview.header[mapping.statusColumn]}” that mean blocked
          </legend>
          <div className="choice-row">
            {statusValues.map((value) => (
              <label className="check" key={value}>
                <input type="checkbox" checked={mapping.blockedValues.includes(value)} onChange={(e) => mapping.setValueBlocked(value, e.target.checked)} />
                {value === '' ? <span className="subtle">(blank)</span> : value}
              </label>
            ))}
          </div>
          <span className="field-hint" id={`${id}-status-hint`}>
            Values seen in these rows; a row with another value is not blocked (counted as “not blocks”).
          </span>
        </fieldset>
      ) : null}
      <div className="mapping-scroll" tabIndex={0} role="region" aria-label="Preview rows">
        <table className="plain mapping-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Blocks</th>
              {preview.header.length > 0
                ? preview.header.map((cell, i) => (
                    <th scope="col" key={i}>
                      <div className="mapping-head">
                        <span className="mapping-header-name">{cell || `column ${i + 1}`}</span>
                        <select
                          className="select mapping-role"
                          aria-label={`Role of column ${cell || i + 1}`}
                          value={mapping.roles[i] ?? ''}
                          disabled={cell.trim() === ''}
                          onChange={(e) => mapping.setRole(i, e.target.value === '' ? null : (e.target.value as MappingRole))}
                        >
                          <option value="">Not used</option>
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {ROLE_LABELS[role]}
                            </option>
                          ))}
                        </select>
                      </div>
                    </th>
                  ))
                : (preview.rows[0]?.cells ?? []).map((_, i) => (
                    <th scope="col" key={i}>
                      column {i + 1}
                    </th>
                  ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line} data-outcome={row.outcome} className={row.problems.length > 0 ? 'mapping-row-problem' : undefined}>
                <td className="num">{row.line}</td>
                <td className="mapping-outcome">
                  <RowOutcome row={row} unread={preview.problem !== null} />
                  {row.problems.map((problem, i) => (
                    <div key={i} className="mapping-problem-text small" data-problem={problem.kind}>
                      {problem.column ? `${problem.column}: ` : ''}
                      {problem.message}
                    </div>
                  ))}
                </td>
                {(preview.header.length > 0 ? preview.header : row.cells).map((_, i) => (
                  <td key={i} className="mapping-cell">
                    {row.cells[i] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mapping.edited ? (
        <div className="row small">
          <label htmlFor={`${id}-save-as`}>Save this mapping as</label>
          <input id={`${id}-save-as`} className="input" style={{ width: 220 }} value={mapping.saveAs} maxLength={64} placeholder="e.g. Vendor X opt-outs" onChange={(e) => mapping.setSaveAs(e.target.value)} />
          <span className="subtle">Offered again when a file with this header comes back.</span>
        </div>
      ) : null}
    </section>
  );
}
