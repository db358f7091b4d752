import fs from 'node:fs';
import path from 'node:path';

/**
 * The checkout's (or installed package's) root: the nearest folder above `from` holding
 * our package.json. The same code runs from src/ (tests) and from dist/src/ (built), so
 * paths to dist/renderer and package.json are found, not assumed.
 */
export function findPackageRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (pkg.name === 'blocklist-desk') return dir;
    } catch {
      // not here; go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the blocklist-desk package above ${from}`);
    dir = parent;
  }
}

export function packageVersion(root: string = findPackageRoot()): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** Where Vite puts the built renderer. */
export function rendererFolder(root: string = findPackageRoot()): string {
  return path.join(root, 'dist', 'renderer');
}
