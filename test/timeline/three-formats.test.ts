/**
 * Issue 18's "done when": one edit exported three ways (FCP7 XML, OTIO, FCPXML) gives the same
 * cut list, dialogue and score bytes, and `--timeline-out` writes each back so that re-reading it
 * gives the same cuts and finds the score where it was placed, with the same keys.
 * The three files come from the edit's data (scripts/make-demo.js, scripts/make-demo-formats.js),
 * not from Cuebed's readers. A short edit (the demo's first 7 shots, 30 s) keeps renders quick.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SHOTS, demoXml } from '../../scripts/make-demo';
import { fcpxmlDemo, otioDemo } from '../../scripts/make-demo-formats';
import { readTimelineFile, type Timeline } from '../../src/timeline';
import { readFcp7Placement } from '../../src/report/timeline-fcp7';
import { readOtioDuckKeys } from '../../src/report/timeline-otio';
import { readFcpxmlDuckKeys } from '../../src/report/timeline-fcpxml';
import { framesToTicks, samplesToTicks } from '../../src/time';
import { runCli, tempDir } from '../cli/run';
import { OWN_FIXTURES } from '../paths';

const SHOTS = DEMO_SHOTS.slice(0, 7); // 168+96+60+120+216+72+168 = 900 frames
const DIALOGUE: Array<[string, number, number]> = [['anna_interview.wav', 420, 804]];
const MARKERS: Array<[string, string, number]> = [['Stinger', 'Hit', 324]];
const TITLE: [number, number] = [444, 564];
const RATE = { num: 24000, den: 1001 };

const files = {
  xml: demoXml(SHOTS, DIALOGUE, MARKERS, TITLE),
  otio: `${JSON.stringify(otioDemo(SHOTS, DIALOGUE, MARKERS, TITLE), null, 2)}\n`,
  fcpxml: fcpxmlDemo(SHOTS, DIALOGUE, MARKERS, TITLE),
};
type Ext = keyof typeof files;
const EXTS = Object.keys(files) as Ext[];

const summary = (t: Timeline) => ({ rate: t.frameRate, range: t.range, cuts: t.cuts, dialogue: t.dialogue.map((d) => [d.start, d.end]), markers: t.markers.map((m) => [m.start, m.name]) });

describe('one edit, three formats', () => {
  it('reads to the same cut list, dialogue, markers and range', () => {
    const [a, b, c] = EXTS.map((e) => summary(readTimelineFile(files[e], `short.${e}`)));
    expect(a.cuts.map((x) => x.frame)).toEqual([168, 264, 324, 444, 660, 732]);
    expect(a.dialogue).toEqual([[framesToTicks(420, RATE), framesToTicks(804, RATE)]]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('the full demo in all three committed formats reads the same too', () => {
    const read = (rel: string) => summary(readTimelineFile(fs.readFileSync(path.join(OWN_FIXTURES, '..', '..', rel), 'utf8'), rel));
    const xml = read('demo/demo-sequence.xml');
    expect(xml.cuts).toHaveLength(23);
    expect(read('test/fixtures/otio/demo-sequence.otio')).toEqual(xml);
    expect(read('test/fixtures/fcpxml/demo-sequence.fcpxml')).toEqual(xml);
  });

  it('scores to the same bytes and writes each back as a timeline that re-reads with the score in place', { timeout: 240_000 }, async () => {
    const cwd = tempDir();
    const wavs: Buffer[] = [];
    for (const ext of EXTS) {
      fs.writeFileSync(path.join(cwd, `short.${ext}`), files[ext]);
      const run = await runCli(['score', `short.${ext}`, '--out', `out-${ext}`, '--timeline-out', `back.${ext}`, '--stingers', 'markers', '--sample-rate', '44100', '--no-speech'], cwd);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`back.${ext}: the sequence with the score placed and ducked and 1 stingers on their own track`);
      wavs.push(fs.readFileSync(path.join(cwd, `out-${ext}`, 'score.wav')));
    }
    expect(wavs[1].equals(wavs[0])).toBe(true);
    expect(wavs[2].equals(wavs[0])).toBe(true);

    for (const ext of EXTS) {
      const plan = JSON.parse(fs.readFileSync(path.join(cwd, `out-${ext}`, 'plan.json'), 'utf8'));
      const sr = plan.sequence.sampleRate as number;
      const start = Number(plan.sequence.startTicks);
      const keys = (plan.ducking as Array<{ sample: number; gainDb: number }>).map((k) => ({ ticks: start + samplesToTicks(k.sample, sr), gainDb: k.gainDb }));
      const text = fs.readFileSync(path.join(cwd, `back.${ext}`), 'utf8');
      const before = readTimelineFile(files[ext], `short.${ext}`);
      const after = readTimelineFile(text, `back.${ext}`);
      // Same picture, same dialogue: the score and stingers are music, never dialogue.
      expect(summary(after)).toEqual(summary(before));
      const score = after.audioClips.find((c) => c.name === 'Cuebed score');
      expect(score?.mediaPath).toBe(path.join(cwd, `out-${ext}`, 'score.wav'));
      expect(score?.start).toBe(start);
      const end = start + samplesToTicks(plan.sequence.durationSamples, sr);
      const stinger = after.audioClips.find((c) => c.name.startsWith('Cuebed stinger 1'));
      expect(stinger?.enabled).toBe(false);
      expect(stinger?.mediaPath).toBe(path.join(cwd, `out-${ext}`, 'stingers', 'score-stinger-1.wav'));
      expect(fs.existsSync(stinger?.mediaPath ?? '')).toBe(true);
      if (ext === 'xml') {
        // FCP7 XML counts whole frames: the end and the keys sit on the nearest frame.
        const tpf = framesToTicks(1, RATE);
        expect(Math.abs((score?.end ?? 0) - end)).toBeLessThanOrEqual(tpf / 2);
        const placed = readFcp7Placement(text, RATE);
        expect(placed?.keys.length).toBeGreaterThan(2);
        for (const k of placed?.keys ?? []) {
          const near = keys.filter((e) => Math.abs(e.ticks - k.ticks) <= tpf / 2);
          expect(near.some((e) => Math.abs(e.gainDb - k.gainDb) < 0.001)).toBe(true);
        }
      } else {
        expect(score?.end).toBe(end);
        const back = ext === 'otio' ? readOtioDuckKeys(JSON.parse(text)) : readFcpxmlDuckKeys(text, start);
        expect(back).toEqual(keys);
      }
    }
    const dtd = process.env.CUEBED_FCPXML_DTD_DIR;
    if (dtd) {
      // Apple's DTDs are "All rights reserved", so they are not in the repository: point
      // CUEBED_FCPXML_DTD_DIR at a folder holding FCPXMLv1_10.dtd (and have xmllint) to check the
      // output against it.
      const lint = spawnSync('xmllint', ['--noout', '--dtdvalid', path.join(dtd, 'FCPXMLv1_10.dtd'), path.join(cwd, 'back.fcpxml')], { encoding: 'utf8' });
      expect(lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    }
  });
});

describe('--timeline-out refuses before rendering, and writes nothing', () => {
  const refuse = async (args: string[], file: string, text: string) => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, file), text);
    const run = await runCli(['score', file, '--out', 'o', ...args], cwd);
    return { ...run, left: fs.readdirSync(cwd).filter((f) => f !== file) };
  };
  it('names the format the input is written back in when the extension differs', async () => {
    const run = await refuse(['--timeline-out', 'back.xml'], 'short.otio', files.otio);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cuebed: --timeline-out writes the input's format, OpenTimelineIO (.otio): name the file like back.otio (got "back.xml") (see cuebed --help)\n`);
    expect(run.left).toEqual([]);
  });
  it('says a panel snapshot is placed by the panel', async () => {
    const snapshot = fs.readFileSync(path.join(OWN_FIXTURES, 'snapshots', 'contract.json'), 'utf8');
    const run = await refuse(['--timeline-out', 'back.xml'], 'snap.json', snapshot);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--timeline-out needs an FCP7 XML, FCPXML or OTIO input');
    expect(run.left).toEqual([]);
  });
  it('will not overwrite an existing timeline without --force', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'short.fcpxml'), files.fcpxml);
    fs.writeFileSync(path.join(cwd, 'back.fcpxml'), 'mine');
    const run = await runCli(['score', 'short.fcpxml', '--out', 'o', '--timeline-out', 'back.fcpxml'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('back.fcpxml');
    expect(fs.readFileSync(path.join(cwd, 'back.fcpxml'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(cwd, 'o'))).toBe(false);
  });
});
