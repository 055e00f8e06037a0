'use strict';
/**
 * node-web-audio-api, the benchmark's Web Audio comparison peer. It wants Node 22 or newer while
 * Cuebed runs on Node 20, so it is not in the project's package.json (a user's `npm ci` would warn
 * EBADENGINE for a package only the bench uses): it has its own package.json and lockfile here, and
 * the first `npm run bench` installs it into bench/peer/node_modules. CUEBED_BENCH_PEER=skip leaves
 * it out (no install, no comparison).
 */
const path = require('path');
const { createRequire } = require('module');
const { spawnSync } = require('child_process');

const NAME = 'node-web-audio-api';

function tryRequire(dir) {
  try {
    return { wa: createRequire(path.join(dir, 'package.json'))(NAME), missing: false, why: '' };
  } catch (e) {
    const missing = e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(NAME);
    return { wa: null, missing, why: missing ? 'not installed' : firstLine(e && e.message) };
  }
}

function firstLine(text) {
  return String(text || '').trim().split('\n').filter(Boolean).pop() || 'no message';
}

/**
 * { wa, note }: the module, or null and a sentence saying why the comparison cannot run.
 * `install` runs `npm ci` in bench/peer when the module is missing; `run` is spawnSync (for tests).
 */
function loadPeer({ dir = __dirname, install = process.env.CUEBED_BENCH_PEER !== 'skip', log = console.log, run = spawnSync } = {}) {
  let r = tryRequire(dir);
  if (r.wa) return { wa: r.wa, note: '' };
  const node = `this is Node ${process.versions.node}; ${NAME} wants Node 22 or newer`;
  if (r.missing && !install) return { wa: null, note: `${NAME} is not installed in bench/peer and CUEBED_BENCH_PEER=skip (to compare: npm --prefix bench/peer ci)` };
  if (r.missing) {
    log(`  installing the Web Audio comparison peer (${NAME}) into bench/peer, once …`);
    const win = process.platform === 'win32';
    const res = run(win ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8', shell: win });
    if (!res || res.status !== 0) {
      return { wa: null, note: `${NAME} could not be installed (npm ci in bench/peer: ${firstLine((res && (res.stderr || (res.error && res.error.message))) || 'failed')}; ${node})` };
    }
    r = tryRequire(dir);
    if (r.wa) return { wa: r.wa, note: '' };
  }
  return { wa: null, note: `${NAME} is installed in bench/peer but does not load (${r.why}; ${node})` };
}

module.exports = { loadPeer };
