import path from 'node:path';

/** One benchmark figure, printed beside its anchor when it has one. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  anchor?: { name: string; value: number };
  target?: string;
  /** What the measured run reported (e.g. an import's problems by kind): in the JSON, and logged. */
  details?: Record<string, unknown>;
}

/** The repository root and the benchmark's cached data (from dist/bench at run time). */
export const ROOT = path.resolve(__dirname, '../..');
export const DATA = path.join(ROOT, 'bench', '.data');
