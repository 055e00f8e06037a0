/**
 * A 9-hour sequence is refused up front, with the limit named and In/Out suggested, by the pure
 * check the drivers call before planning (assertScoreable).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../cli/run';
import { ROOT } from '../paths';
import { TICKS_PER_SECOND } from '../../src/time';
import { MAX_SCORE_SECONDS, Timeline, assertScoreable, estimateRenderBytes, readTimelineFile } from '../../src/timeline';
import { inputErrorOf } from './helpers';

/** An FCP7 XML of `hours` at 25 fps: a few long clips, one dialogue clip, optional In/Out (frames). */
function longXmeml(hours: number, inOut?: [number, number]): string {
  const total = Math.round(hours * 3600 * 25);
  const n = 6;
  const clips = Array.from({ length: n }, (_, i) => {
    const s = Math.floor((total * i) / n);
    const e = Math.floor((total * (i + 1)) / n);
    return `<clipitem id="c${i}"><name>reel ${i + 1}</name><start>${s}</start><end>${e}</end><in>0</in><out>${e - s}</out></clipitem>`;
  }).join('');
  const io = inOut ? `<in>${inOut[0]}</in><out>${inOut[1]}</out>` : '';
  return `<?xml version="1.0"?>
<!DOCTYPE xmeml>
<xmeml version="4"><sequence id="long"><name>nine hours</name><duration>${total}</duration>${io}<rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>
<media><video><track>${clips}</track></video><audio><track><name>Dialogue</name><clipitem id="d"><name>talk</name><start>250</start><end>1000</end></clipitem></track></audio></media></sequence></xmeml>`;
}

describe('assertScoreable: the supported maximum duration', () => {
  const nine = readTimelineFile(longXmeml(9), 'nine.xml');

  it('reads a 9-hour FCP7 export (it fits in 2^53 ticks)', () => {
    expect(nine.range.end).toBe(9 * 3600 * TICKS_PER_SECOND);
  });

  it('refuses it before planning, naming the length, the limit and In/Out', () => {
    expect(inputErrorOf(() => assertScoreable(nine, 48000), 'nine.xml')).toBe(
      'nine.xml: the sequence lasts 09:00:00:00 (9 h), longer than the 3 h Cuebed scores in one render; set In/Out points around at most 3 h and score the parts one by one',
    );
  });

  it('accepts a 3-hour In/Out range of the same sequence, and says "In/Out range" when it is too long', () => {
    expect(() => assertScoreable(readTimelineFile(longXmeml(9, [25 * 3600, 25 * 3600 * 4]), 'x.xml'), 48000)).not.toThrow();
    expect(inputErrorOf(() => assertScoreable(readTimelineFile(longXmeml(9, [0, 25 * 3600 * 4]), 'x.xml'), 48000), 'x.xml')).toMatch(
      /^x\.xml: the In\/Out range lasts 04:00:00:00 \(4 h\), longer than the 3 h/,
    );
  });

  it('accepts what one plain WAV cannot hold (4 GB): 2 h at 96 kHz 32-bit float is written as RF64', () => {
    const two = readTimelineFile(longXmeml(2), 'two.xml');
    expect(() => assertScoreable(two, 96000, { bitDepth: 24 })).not.toThrow();
    expect(() => assertScoreable(two, 96000, { bitDepth: '32f' })).not.toThrow();
  });

  it('with a memory budget, refuses a render estimated not to fit', () => {
    const one = readTimelineFile(longXmeml(1), 'one.xml');
    expect(estimateRenderBytes(3600 * 48000)).toBeGreaterThan(2 * 2 ** 30);
    expect(() => assertScoreable(one, 48000, { memoryBytes: 16 * 2 ** 30 })).not.toThrow();
    expect(inputErrorOf(() => assertScoreable(one, 48000, { memoryBytes: 2 ** 30 }), 'one.xml')).toMatch(
      /needs about 2\.\d GB of memory, more than the 1\.0 GB available; set In\/Out points/,
    );
  });

  it('accepts everything up to the limit exactly', () => {
    const t: Timeline = { ...nine, range: { start: 0, end: MAX_SCORE_SECONDS * TICKS_PER_SECOND } };
    expect(() => assertScoreable(t, 48000)).not.toThrow();
    expect(() => assertScoreable({ ...t, range: { start: 0, end: t.range.end + TICKS_PER_SECOND / 25 } }, 48000)).toThrow(/longer than the 3 h/);
  });
});

/** Until the CLI (src/cli/) calls assertScoreable the CLI would start a 9-hour render; this waits for the wiring. */
const CLI_DIR = path.join(ROOT, 'src', 'cli');
const WIRED = fs.readdirSync(CLI_DIR).some((f) => f.endsWith('.ts') && /assertScoreable\(/.test(fs.readFileSync(path.join(CLI_DIR, f), 'utf8')));

describe.skipIf(!WIRED)(`the CLI refuses a 9-hour sequence up front${WIRED ? '' : ' (skipped: src/cli/ does not call assertScoreable yet)'}`, () => {
  it('exit 2 before reading on, one line naming the limit, nothing written', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'nine.xml'), longXmeml(9));
    const run = await runCli(['score', 'nine.xml', '--out', 'render'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('cuebed: warning:'))).toEqual([
      'cuebed: nine.xml: the sequence lasts 09:00:00:00 (9 h), longer than the 3 h Cuebed scores in one render; set In/Out points around at most 3 h and score the parts one by one',
    ]);
    expect(listFiles(cwd)).toEqual(['nine.xml']);
  });
});
