import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnMappingInput, ImportPreviewView } from '../../../src/api/filesOperations';
import { desk, errorText } from '../../state/desk';
import type { CategoryName, ChannelName, IdentifierName } from '../../state/vocabulary';

export type MappingRole = ColumnMappingInput['columns'][number]['role'];

/** What jobs.startImport needs from the mapping step. */
export interface ImportFromStep {
  files: string[];
  /** Empty when a recognised export names its rows' channels itself. */
  channels: ChannelName[];
  mapping?: ColumnMappingInput;
  mapping_name?: string;
  /** The sheet of each workbook, when one other than the first was chosen. */
  sheet?: string;
}

interface Options {
  files: File[];
  using: IdentifierName | 'auto';
  channels: ChannelName[];
  category: CategoryName;
  /** The file method is chosen: files are uploaded and previewed as soon as they are chosen. */
  active: boolean;
}

/** The distinct values of a column among the previewed rows, in the order met. */
export function columnValues(preview: ImportPreviewView, column: number): string[] {
  const values: string[] = [];
  for (const row of preview.rows) {
    const value = (row.cells[column] ?? '').trim();
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

function filesKey(files: readonly File[]): string {
  return files.map((f) => `${f.name}:${f.size}:${f.lastModified}`).join('|');
}

/**
 * The import's mapping step: uploads the chosen files at once, previews the first with
 * files.preview (the import's own reading of it), and keeps what the officer changes —
 * column roles, the values of a status column that mean blocked, a saved mapping chosen
 * or one to save. Untouched, the import reads each table as its header says.
 */
export function useImportMapping({ files, using, channels, category, active }: Options) {
  const [refs, setRefs] = useState<string[] | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  /** null: the layout the import finds (a recognised export, a saved mapping, the aliases). */
  const [roles, setRoles] = useState<(MappingRole | null)[] | null>(null);
  const [blocked, setBlocked] = useState<string[] | null>(null);
  const [savedChoice, setSavedChoice] = useState<string | null>(null);
  const [saveAs, setSaveAs] = useState('');
  const [sheet, setSheet] = useState<string | null>(null);
  const upload = useRef<Promise<string[] | null> | null>(null);
  const pendingPreview = useRef<Promise<void> | null>(null);
  const key = filesKey(files);

  useEffect(() => {
    setRoles(null);
    setBlocked(null);
    setSavedChoice(null);
    setSaveAs('');
    setSheet(null);
    setPreview(null);
    setPreviewError(null);
    setUploadError(null);
    setRefs(null);
    if (!active || files.length === 0) {
      upload.current = null;
      return;
    }
    let current = true;
    const uploading = desk()
      .uploadFiles(files)
      .then((result) => {
        if (!result.ok) {
          if (current) setUploadError(errorText(result.error));
          return null;
        }
        const uploaded = result.value.map((f) => f.ref);
        if (current) setRefs(uploaded);
        return uploaded;
      });
    upload.current = uploading;
    return () => {
      current = false;
    };
  }, [key, active]);

  const header = preview?.header ?? [];
  const statusColumn = roles === null ? (preview?.status?.column ?? -1) : roles.indexOf('status');
  const statusHeader = statusColumn >= 0 ? (header[statusColumn] ?? '') : '';
  const blockedValues = blocked ?? (roles === null ? (preview?.status?.values.filter((v) => v.blocked).map((v) => v.value) ?? []) : []);
  const mappingProblem =
    roles !== null && statusColumn >= 0 && blockedValues.length === 0 ? `Tick the values of “${statusHeader}” that mean blocked.` : roles !== null && !roles.some((r) => r === 'customer_id' || r === 'email' || r === 'mobile') ? 'Choose the column that holds the customer ID, email or mobile.' : null;

  const mapping = useMemo<ColumnMappingInput | undefined>(() => {
    if (roles === null || preview === null) return undefined;
    const columns = preview.header.flatMap((cell, i) => (cell.trim() === '' ? [] : [{ role: roles[i] ?? 'ignore', header: cell.trim() }]));
    const status = roles.indexOf('status');
    const blockedWhen = status >= 0 && blockedValues.length > 0 ? [{ header: (preview.header[status] ?? '').trim(), values: blockedValues.filter((v) => v !== '') }] : [];
    return { columns, blocked_when: blockedWhen.filter((b) => b.values.length > 0) };
  }, [roles, blocked, preview?.header]);

  /** A recognised export read as it is names its rows' channels: the channels chosen on the screen would replace its own. */
  const channelsFromFile = roles === null && savedChoice === null && preview?.layout.kind === 'format';
  const sentChannels = channelsFromFile ? [] : channels;
  const request = JSON.stringify({ refs, using, sentChannels, category, mapping: mappingProblem === null ? mapping : 'wait', savedChoice, sheet });

  useEffect(() => {
    if (!active || refs === null || refs[0] === undefined || mappingProblem !== null) return;
    let current = true;
    setLoading(true);
    const layout = savedChoice !== null ? { mapping_name: savedChoice } : mapping !== undefined ? { mapping } : {};
    const run = desk()
      .files.preview({ file: refs[0], using, channels: sentChannels, category, ...layout, ...(sheet !== null ? { sheet } : {}) })
      .then((result) => {
        if (!current) return;
        setLoading(false);
        if (!result.ok) {
          setPreviewError(errorText(result.error));
          return;
        }
        setPreviewError(null);
        setPreview(result.value);
      });
    pendingPreview.current = run;
    return () => {
      current = false;
    };
  }, [request, active]);

  function setRole(column: number, role: MappingRole | null) {
    if (preview === null) return;
    const next = [...(roles ?? preview.roles)];
    // A role other than "not used" belongs to one column: the one it was on loses it.
    if (role !== null) next.forEach((r, i) => i !== column && r === role && (next[i] = null));
    next[column] = role;
    if (blocked === null) setBlocked(blockedValues);
    setRoles(next);
    setSavedChoice(null);
  }

  function setValueBlocked(value: string, on: boolean) {
    const current = blockedValues.filter((v) => v !== value);
    if (roles === null && preview !== null) setRoles([...preview.roles]);
    setSavedChoice(null);
    setBlocked(on ? [...current, value] : current);
  }

  function chooseSaved(name: string | null) {
    setRoles(null);
    setBlocked(null);
    setSavedChoice(name);
  }

  /** Another sheet has other columns: what was set for this one does not carry over. */
  function chooseSheet(name: string) {
    setRoles(null);
    setBlocked(null);
    setSavedChoice(null);
    setSheet(name);
  }

  function resetToDetected() {
    setRoles(null);
    setBlocked(null);
    setSavedChoice(null);
  }

  /** Waits for the upload and the preview in flight, saves the mapping when asked, and says what the import is started with. */
  async function importInput(): Promise<ImportFromStep | { error: string }> {
    const uploaded = await upload.current;
    if (uploaded === null || uploaded === undefined) return { error: uploadError ?? 'The files could not be uploaded.' };
    await pendingPreview.current;
    if (mappingProblem !== null) return { error: mappingProblem };
    const name = saveAs.trim();
    const base = { files: uploaded, channels: sentChannels, ...(sheet !== null ? { sheet } : {}) };
    if (mapping !== undefined && name !== '') {
      const saved = await desk().files.saveMapping({ name, header: preview?.header ?? [], ...mapping });
      if (!saved.ok) return { error: errorText(saved.error) };
      return { ...base, mapping_name: saved.value.name };
    }
    if (savedChoice !== null) return { ...base, mapping_name: savedChoice };
    return { ...base, ...(mapping !== undefined ? { mapping } : {}) };
  }

  return {
    preview,
    error: uploadError ?? previewError,
    loading: loading || (active && files.length > 0 && refs === null && uploadError === null),
    roles: roles ?? preview?.roles ?? [],
    edited: roles !== null,
    statusColumn,
    blockedValues,
    mappingProblem,
    savedChoice,
    saveAs,
    channelsFromFile,
    setRole,
    setValueBlocked,
    chooseSaved,
    chooseSheet,
    resetToDetected,
    setSaveAs,
    importInput,
  };
}

export type ImportMapping = ReturnType<typeof useImportMapping>;
