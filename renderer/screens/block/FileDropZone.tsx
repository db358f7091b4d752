import { useId, useState } from 'react';
import { formatBytes } from '../../format/display';

const ACCEPTED = ['.csv', '.zip', '.txt', '.xlsx'];

export function isAcceptedFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED.some((ext) => lower.endsWith(ext));
}

interface FileDropZoneProps {
  files: File[];
  onFiles: (files: File[]) => void;
  onRejected: (names: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
  /** What the zone takes, under the button; default CSV, ZIP or TXT. */
  note?: string;
  /** One file only (the audience scrub): the last one chosen or dropped replaces the others. */
  single?: boolean;
}

/** Drag and drop, or browse; CSV, ZIP, TXT and Excel workbooks only. */
export function FileDropZone({ files, onFiles, onRejected, invalid, describedBy, note, single = false }: FileDropZoneProps) {
  const [dragging, setDragging] = useState(false);
  const inputId = useId();

  const take = (list: FileList | null) => {
    const all = [...(list ?? [])];
    const good = all.filter((f) => isAcceptedFile(f.name));
    const bad = all.filter((f) => !isAcceptedFile(f.name)).map((f) => f.name);
    if (good.length > 0) onFiles(single ? good.slice(-1) : [...files.filter((f) => !good.some((g) => g.name === f.name)), ...good]);
    if (bad.length > 0) onRejected(bad);
  };

  return (
    <div
      className={dragging ? 'dropzone dragging' : 'dropzone'}
      data-testid="dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer.files);
      }}
    >
      <span>{single ? 'Drag and drop the file here, or' : 'Drag and drop files here, or'}</span>
      <input
        id={inputId}
        type="file"
        className="visually-hidden file-input"
        multiple={!single}
        accept=".csv,.zip,.txt,.xlsx,text/csv,text/plain,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          take(event.target.files);
          event.target.value = '';
        }}
      />
      <label htmlFor={inputId} className="button button-small file-label">
        {single ? 'Browse' : 'Browse files'}
      </label>
      <span className="subtle small">{note ?? 'CSV, Excel (.xlsx), ZIP (of CSV, TXT or .xlsx) or TXT · any size'}</span>
      {files.length > 0 ? (
        <ul className="row" aria-label="Chosen files" style={{ listStyle: 'none', padding: 0, margin: '6px 0 0', justifyContent: 'center' }}>
          {files.map((file) => (
            <li key={file.name} className="file-chip">
              <span>
                {file.name} <span className="subtle small">({formatBytes(file.size)})</span>
              </span>
              <button type="button" className="icon-button" style={{ width: 22, height: 22 }} aria-label={`Remove ${file.name}`} onClick={() => onFiles(files.filter((f) => f !== file))}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
