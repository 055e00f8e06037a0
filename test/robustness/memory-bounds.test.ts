/**
 * Issue 16, point 5: special files are refused before any read (a FIFO used to hang forever,
 * /dev/zero to abort with bad_alloc), the input limit is one the reader survives (derived in
 * src/io/files.ts from scripts/input-memory.js), and the XML reader's memory per input byte is
 * bounded: 4 MB of small elements parses within a 192 MB heap (xml2js needed about 470 MB).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_INPUT_BYTES, READ_BASE_BYTES, READ_BYTES_PER_INPUT_BYTE, readInputFile } from '../../src/io/files';
import { InputError } from '../../src/timeline/model';
import { listFiles, runCli, tempDir } from '../cli/run';
import { ROOT } from '../paths';

const BIN = path.join(ROOT, 'bin', 'cuebed.js');
const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

async function expectRefused(argv: string[], cwd: string, line: RegExp): Promise<void> {
  const run = await runCli(argv, cwd);
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
}

describe('special files are refused before reading', () => {
  it('a FIFO as INPUT: exit 2 at once', async () => {
    const cwd = tempDir();
    expect(spawnSync('mkfifo', [path.join(cwd, 'pipe.xml')]).status).toBe(0);
    await expectRefused(['plan', 'pipe.xml'], cwd, /^cuebed: .*pipe\.xml: is a FIFO \(named pipe\), not a file; give an FCP7 XML/);
    await expectRefused(['score', 'pipe.xml', '--out', 'o'], cwd, /is a FIFO \(named pipe\), not a file/);
    expect(listFiles(cwd)).toEqual(['pipe.xml']);
  }, 60_000);

  it('/dev/zero as INPUT: exit 2 at once, not an out-of-memory abort', async () => {
    await expectRefused(['plan', '/dev/zero'], tempDir(), /^cuebed: \/dev\/zero: is a character device, not a file/);
  }, 60_000);
});

describe('the input limit', () => {
  it('is 64 MB by default, and a larger file is refused before it is read', async () => {
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(64 * 1048576);
    const cwd = tempDir();
    const fd = fs.openSync(path.join(cwd, 'big.xml'), 'w');
    fs.ftruncateSync(fd, DEFAULT_MAX_INPUT_BYTES + 1); // sparse: nothing is really written
    fs.closeSync(fd);
    await expectRefused(['plan', 'big.xml'], cwd, /^cuebed: .*big\.xml: 64 MB is over the 64 MB input limit .*--max-input-mb/);
  }, 60_000);
});

/** A valid sequence padded with `mb` MB of empty elements (the most heap per input byte). */
function paddedXml(mb: number): string {
  const clips = Array.from({ length: 4 }, (_, i) => `<clipitem id="c${i}"><name>s${i}</name><start>${i * 50}</start><end>${(i + 1) * 50}</end><in>0</in><out>50</out></clipitem>`).join('');
  return `<?xml version="1.0"?>\n<xmeml version="4"><sequence id="s"><name>p</name><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><media><video><track>${clips}</track></video></media><logginginfo>${'<a/>'.repeat(mb << 18)}</logginginfo></sequence></xmeml>\n`;
}

describe('a forced input (--max-input-mb raised) that the heap cannot hold', () => {
  it('is refused before reading, naming the memory it needs and the way out', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'big.xml');
    fs.writeFileSync(file, paddedXml(1));
    const size = fs.statSync(file).size;
    const need = size * READ_BYTES_PER_INPUT_BYTE + READ_BASE_BYTES;
    let err: unknown;
    try {
      readInputFile(file, 1 << 30, file, need - 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/big\.xml: 1(\.0)? MB needs about \d+ MB of memory to read, more than the \d+ MB heap of this process; run with NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(readInputFile(file, 1 << 30, file, need).text.length).toBe(size);
  });

  it.skipIf(!BUILT)('in a real process: exit 2 and one line where it used to run out of memory (exit 134)', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'padded.xml'), paddedXml(6));
    // a 64 MB heap stands in for the machine's: 6 MB of small elements needs ~200 MB to read
    const res = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'score', 'padded.xml', '--out', 'o', '--max-input-mb', '100', '--quiet'], { cwd, encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' });
    expect(res.status, res.stderr.slice(0, 300)).toBe(2);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cuebed: .*padded\.xml: 6(\.0)? MB needs about \d+ MB of memory to read, more than the \d+ MB heap/);
    expect(listFiles(cwd)).toEqual(['padded.xml']);
  }, 120_000);
});

describe('a previous render\'s plan.json / render.json past what Cuebed writes or the heap holds', () => {
  it('over 64 MB: refused before reading (sparse file: nothing is written)', async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'prev'));
    for (const name of ['plan.json', 'render.json', 'score.wav']) fs.writeFileSync(path.join(cwd, 'prev', name), '{}');
    const fd = fs.openSync(path.join(cwd, 'prev', 'plan.json'), 'w');
    fs.ftruncateSync(fd, DEFAULT_MAX_INPUT_BYTES + 1);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(cwd, 'edit.xml'), paddedXml(0));
    await expectRefused(['regen', 'edit.xml', '--from', 'prev', '--out', 'o'], cwd, /^cuebed: prev\/plan\.json: 64 MB is not a file Cuebed wrote \(its plans and records are a few MB\); --from must name/);
  }, 60_000);

  it.skipIf(!BUILT)('in a real process: exit 2 and one line where parsing it ran the heap out (exit 134)', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'prev'));
    // 6 MB of tiny objects: ~200 MB of heap parsed, against the 64 MB heap standing in for the machine's
    fs.writeFileSync(path.join(cwd, 'prev', 'plan.json'), `[${'{},'.repeat(2 << 20)}{}]`);
    fs.writeFileSync(path.join(cwd, 'prev', 'score.wav'), '');
    fs.writeFileSync(path.join(cwd, 'edit.xml'), paddedXml(0));
    const res = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'regen', 'edit.xml', '--from', 'prev', '--out', 'o', '--quiet'], { cwd, encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' });
    expect(res.status, res.stderr.slice(0, 300)).toBe(2);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cuebed: prev\/plan\.json: 6(\.0)? MB needs about \d+ MB of memory to read, more than the \d+ MB heap of this process; .*score the sequence afresh/);
    expect(listFiles(cwd)).toEqual(['edit.xml', 'prev/plan.json', 'prev/score.wav']);
  }, 120_000);
});

describe.skipIf(!BUILT)(`the XML reader's memory per input byte${BUILT ? '' : ' (skipped: dist/ is not built; run npx tsc -p tsconfig.build.json)'}`, () => {
  it('4 MB of small elements plans within a 192 MB heap', () => {
    const cwd = tempDir();
    const clips = Array.from({ length: 4 }, (_, i) => `<clipitem id="c${i}"><name>s${i}</name><start>${i * 50}</start><end>${(i + 1) * 50}</end><in>0</in><out>50</out></clipitem>`).join('');
    const text = `<?xml version="1.0"?>\n<xmeml version="4"><sequence id="s"><name>p</name><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><media><video><track>${clips}</track></video></media><logginginfo>${'<a/>'.repeat(1 << 20)}</logginginfo></sequence></xmeml>\n`;
    fs.writeFileSync(path.join(cwd, 'padded.xml'), text);
    const res = spawnSync(process.execPath, ['--max-old-space-size=192', BIN, 'plan', 'padded.xml', '--json'], { cwd, encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' });
    expect(res.status, res.stderr.slice(0, 300)).toBe(0);
    expect(JSON.parse(res.stdout).cuts).toHaveLength(3);
  }, 120_000);
});
