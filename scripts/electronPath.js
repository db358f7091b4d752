'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS helper that node runs as it is, unbuilt */
// Where the Electron binary is, if it has been downloaded — without downloading it.
// Since Electron 42, require('electron') fetches a missing binary itself (printing a stack
// trace where the download is unreachable); the start script and the Electron smoke test
// only want to know whether it is there.
const fs = require('node:fs');
const path = require('node:path');

function installedElectron(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : 'electron';
    const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return fs.existsSync(binary) ? binary : null;
  }
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

module.exports = { installedElectron };
