import fs from 'node:fs';
import path from 'node:path';

/** The compiled entry of one of this folder's worker threads; tests running from the TypeScript sources use the built copy. */
export function apiWorkerFile(name: string): string {
  const beside = path.join(__dirname, `${name}.js`);
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, `../../dist/src/api/${name}.js`);
}
