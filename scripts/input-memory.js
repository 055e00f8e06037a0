#!/usr/bin/env node
'use strict';
/**
 * Measures what an FCP7 XML input costs in memory (issue 16): writes a valid small sequence
 * padded with `SIZE` MB of the cheapest markup the reader must still parse (empty elements, the
 * worst case for bytes of heap per byte of input), runs `cuebed score` on it in a child with a
 * 2 GB heap, and prints the child's peak resident memory, exit status and time.
 *
 *   node scripts/input-memory.js SIZE_MB [--max-input-mb N] [--keep]
 *
 * The input limit (src/io/files.ts DEFAULT_MAX_INPUT_BYTES) is derived from these figures.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const mb = Number(args[0]);
if (!(mb > 0)) {
  process.stderr.write('usage: node scripts/input-memory.js SIZE_MB [--max-input-mb N]\n');
  process.exit(2);
}
const limitAt = args.indexOf('--max-input-mb');
const limit = limitAt >= 0 ? args[limitAt + 1] : String(Math.ceil(mb) + 1);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-inmem-'));
const file = path.join(dir, 'padded.xml');

const clips = Array.from({ length: 6 }, (_, i) => `<clipitem id="c${i}"><name>shot ${i}</name><start>${i * 50}</start><end>${(i + 1) * 50}</end><in>0</in><out>50</out></clipitem>`).join('');
const head = `<?xml version="1.0" encoding="UTF-8"?>\n<xmeml version="4"><sequence id="s"><name>padded</name><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><media><video><track>${clips}</track></video><audio><track><name>Dialogue</name></track></audio></media><logginginfo>`;
const tail = '</logginginfo></sequence></xmeml>\n';
const fd = fs.openSync(file, 'w');
fs.writeSync(fd, head);
const block = '<a/>'.repeat(1 << 18); // 1 MB of empty elements
for (let written = 0; written < mb * 1048576; written += block.length) fs.writeSync(fd, block);
fs.writeSync(fd, tail);
fs.closeSync(fd);
const bytes = fs.statSync(file).size;

const bin = process.env.CUEBED_BIN ?? path.resolve(__dirname, '..', 'bin', 'cuebed.js');
const started = Date.now();
const res = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--max-old-space-size=2048', bin, 'score', file, '--out', path.join(dir, 'out'), '--quiet', '--no-speech', '--max-input-mb', limit], { encoding: 'utf8' });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lines = res.stderr.trim().split('\n');
const peakKb = Number(lines.pop());
const peakMb = Math.round(peakKb / 1024);
process.stdout.write(
  `input ${(bytes / 1048576).toFixed(1)} MB: exit ${res.status}${res.signal ? ` (${res.signal})` : ''}, ${seconds} s, peak RSS ${peakMb} MB (${(peakKb * 1024 / bytes).toFixed(1)} bytes per input byte); load ${os.loadavg()[0].toFixed(1)}\n`,
);
if (lines.length) process.stdout.write(`  stderr: ${lines.slice(0, 3).join(' | ').slice(0, 300)}\n`);
if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
else process.stdout.write(`  kept ${file}\n`);
