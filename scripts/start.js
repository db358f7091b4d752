#!/usr/bin/env node
// `npm start`: builds, then runs the desktop app. Electron's binary is not downloaded at
// install (package.json allowScripts keeps electron's postinstall off), so the first
// start fetches it with electron's own install.js; where that is impossible it says so
// in one line and points to browser mode. Arguments after `--` go to the app
// (`npm start -- --data /tmp/desk`).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script that node runs as it is, unbuilt */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');

const { installedElectron } = require('./electronPath');

function electronBinary() {
  return installedElectron(root);
}

function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

let binary = electronBinary();
if (binary === null && fs.existsSync(path.join(electronDir, 'install.js'))) {
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 10 * 60 * 1000 });
  binary = electronBinary();
}
if (binary === null) {
  process.stderr.write('Electron is not available on this machine (its binary could not be downloaded); use browser mode instead: npx blocklist-desk serve --open\n');
  process.exit(1);
}

if (!run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'])) process.exit(1);
// The Electron-ABI SQLite addon: built once, then reused (the script says when it is up to date).
// If it cannot be built, the app itself shows the one-line reason.
run(process.execPath, [path.join(root, 'scripts', 'build-electron-sqlite.mjs')]);

const child = spawn(binary, [path.join(root, 'dist', 'main', 'main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
