import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled entry of one of this folder's worker threads (`name` without extension);
 * tests running from the TypeScript sources use the built copy.
 */
export function workerFile(name: string): string {
  const beside = path.join(__dirname, `${name}.js`);
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, `../../dist/src/jobs/${name}.js`);
}
