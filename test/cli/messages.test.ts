/**
 * Issue 16, points 6 and 9: hostile or odd inputs end in exit 2 with one line naming the file
 * (never exit 1, a stack, several lines or raw control characters), or are read with a warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run';
import { tinyXmeml } from '../robustness/helpers';
import { OWN_FIXTURES } from '../paths';

const clip = (s: number, e: number, name = 'shot', io = `<in>0</in><out>${e - s}</out>`) =>
  `<clipitem id="c${s}"><name>${name}</name><start>${s}</start><end>${e}</end>${io}</clipitem>`;
const xmeml = (clips: string, { timebase = 25, ntsc = 'FALSE', audio = '', seqName = 'seq' } = {}) =>
  `<?xml version="1.0"?>\n<xmeml version="4"><sequence id="s"><name>${seqName}</name><rate><timebase>${timebase}</timebase><ntsc>${ntsc}</ntsc></rate><media><video><track>${clips}</track></video><audio>${audio}<track><name>Dialogue</name></track></audio></media></sequence></xmeml>\n`;

async function plan(file: string, content: string | Buffer, extra: string[] = []) {
  const cwd = tempDir();
  fs.writeFileSync(path.join(cwd, file), content);
  return runCli(['plan', file, ...extra], cwd);
}

async function expectOneLine(file: string, content: string | Buffer, line: RegExp, extra: string[] = []): Promise<void> {
  const run = await plan(file, content, extra);
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
}

describe('exit 2 where exit 1 was (point 6)', () => {
  it('a quoted DOCTYPE literal full of end tags does not switch off the nesting guard', async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE xmeml SYSTEM "${'</z>'.repeat(30000)}">\n${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}`;
    await expectOneLine('deep.xml', text, /^cuebed: deep\.xml: elements nest more than 200 levels deep/);
  });

  it('content after the root element', async () => {
    await expectOneLine('trail.xml', tinyXmeml([[0, 50], [50, 100]]).trimEnd() + '<a/>x', /^cuebed: trail\.xml: not XML \(.*\); export the sequence/);
  });

  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    it(`--preset ${name} is not a preset`, async () => {
      await expectOneLine('seq.xml', tinyXmeml([[0, 50], [50, 100]]), new RegExp(`^cuebed: --preset must be one of corporate, .* \\(got "${name}"\\)`), ['--preset', name]);
    });
  }
});

describe('messages (point 9)', () => {
  it('control characters in names are escaped: one line, no terminal escape sent', async () => {
    const evil = 'bad\nname\u001b]0;pwned\u0007';
    const run = await plan('evil.xml', xmeml(clip(0, 100) + clip(100, 50, evil)));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'cuebed: evil.xml: <clipitem id="c100" on V1> "bad\\nname\\x1b]0;pwned\\x07" ends (frame 50) before it starts (frame 100); fix its <start>/<end> or export the sequence with File > Export > Final Cut Pro XML again\n',
    );
  });

  it('plan --explain escapes a sequence name with control characters', async () => {
    const run = await plan('evil.xml', xmeml(clip(0, 100) + clip(100, 200), { seqName: 'title\u001b]0;pwned\u0007' }), ['--explain']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^title\\x1b\]0;pwned\\x07: /);
    expect(run.stdout + run.stderr).not.toMatch(/[\u001b\u0007]/);
  });

  it('a 24-hour sequence is refused by its length, not as "not a whole number of ticks"', async () => {
    await expectOneLine('day.xml', xmeml(clip(0, 2073600) + clip(2073600, 2073700), { timebase: 24 }), /^cuebed: day\.xml: <clipitem id="c0" on V1> is at frame 2073600 \(24\.0 h\), beyond the 9\.8 hours .*set In\/Out points/);
  });

  it('UTF-16 input is read (with and without a byte-order mark, either byte order)', async () => {
    const text = tinyXmeml([[0, 50], [50, 100]]).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), le, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), be]) {
      const run = await plan('wide.xml', bytes, ['--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).cuts).toHaveLength(1);
    }
  });

  it('invalid UTF-8 is read with a warning that counts the replaced bytes', async () => {
    const bytes = Buffer.from(tinyXmeml([[0, 50], [50, 100]]).replace('<name>tiny</name>', '<name>caf\u0000</name>'));
    bytes[bytes.indexOf(0)] = 0xe9; // Latin-1 é in a UTF-8 file
    const run = await plan('latin.xml', bytes, ['--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: latin\.xml: 1 byte sequence is not UTF-8 and was read as \uFFFD .*save the file as UTF-8/);
  });

  it('a negative sequence.end in a snapshot names the file and the field', async () => {
    const j = JSON.parse(fs.readFileSync(path.join(OWN_FIXTURES, 'snapshots', 'contract.json'), 'utf8'));
    j.sequence.end = '-254016000000';
    await expectOneLine('neg.json', JSON.stringify(j), /^cuebed: neg\.json: sequence\.end must be a tick count of 0 or more \(got "-254016000000"\)$/);
  });

  it('a snapshot sample rate of 7 Hz is refused', async () => {
    const j = JSON.parse(fs.readFileSync(path.join(OWN_FIXTURES, 'snapshots', 'contract.json'), 'utf8'));
    j.sequence.audioSampleRate = 7;
    await expectOneLine('sr.json', JSON.stringify(j), /^cuebed: sr\.json: sequence\.audioSampleRate must be an audio sample rate/);
  });

  it('--stingers 1e9 is past the end, not moved to a cut', async () => {
    await expectOneLine('seq.xml', tinyXmeml([[0, 50], [50, 100]]), /^cuebed: --stingers 1000000000 is past the end of the sequence \(4\.00 s long\)/, ['--stingers', '1e9']);
  });

  it('<ntsc>MAYBE</ntsc> and a clip whose source out is before its in are refused', async () => {
    await expectOneLine('ntsc.xml', xmeml(clip(0, 100) + clip(100, 200), { ntsc: 'MAYBE' }), /^cuebed: ntsc\.xml: <sequence><rate><ntsc> is "MAYBE", not TRUE or FALSE/);
    await expectOneLine('io.xml', xmeml(clip(0, 100, 'shot', '<in>80</in><out>20</out>') + clip(100, 200)), /^cuebed: io\.xml: <clipitem id="c0" on V1> "shot" has its source <out> \(frame 20\) before its <in> \(frame 80\)/);
  });

  for (const rate of ['7', '1e11']) {
    it(`an XML audio sample rate of ${rate} is ignored with a warning`, async () => {
      const audio = `<format><samplecharacteristics><samplerate>${rate}</samplerate></samplecharacteristics></format>`;
      const run = await plan('sr.xml', xmeml(clip(0, 100) + clip(100, 200), { audio }), ['--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`warning: sr\\.xml: .*<samplerate> is "${rate}", not an audio sample rate; it was ignored`));
      expect(JSON.parse(run.stdout).sequence.sampleRate).toBe(48000);
    });
  }
});
