import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { decodeWav } from '../../src/audio';
import type { Plan } from '../../src/plan/types';
import { scoreTimeline } from '../../src/score';
import { readTimelineFile } from '../../src/timeline';
import { ROOT, SHARED_FIXTURES } from '../paths';
import { listFiles, runCli, tempDir } from './run';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'plan.schema.json'), 'utf8'));
const validatePlan = new Ajv({ allErrors: true }).compile(schema);

interface Render {
  dir: string;
  plan: Plan;
  wav: ReturnType<typeof decodeWav>;
  stdout: string;
}

async function score(args: string[]): Promise<Render> {
  const cwd = tempDir();
  const run = await runCli(['score', ...args, '--out', 'render'], cwd);
  expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('cuebed: warning:'))).toEqual([]);
  expect(run.code).toBe(0);
  const dir = path.join(cwd, 'render');
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as Plan;
  const wav = decodeWav(new Uint8Array(fs.readFileSync(path.join(dir, 'score.wav'))));
  return { dir, plan, wav, stdout: run.stdout };
}

function rms(channels: Float32Array[], from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (const ch of channels) {
    for (let i = Math.max(0, from); i < Math.min(ch.length, to); i++) {
      sum += ch[i] * ch[i];
      n++;
    }
  }
  return Math.sqrt(sum / Math.max(1, n));
}

const db = (x: number) => 20 * Math.log10(Math.max(x, 1e-12));

function checkRender(r: Render): void {
  expect(listFiles(r.dir)).toEqual(['cuesheet.csv', 'plan.json', 'plan.svg', 'render.json', 'score.wav']);
  expect(validatePlan(r.plan), JSON.stringify(validatePlan.errors)).toBe(true);
  expect(r.wav.channels).toHaveLength(2);
  expect(r.wav.sampleRate).toBe(r.plan.sequence.sampleRate);
  expect(r.wav.channels[0].length).toBe(r.plan.sequence.durationSamples);
  const cutSamples = new Set(r.plan.cuts.map((c) => c.sample));
  expect(r.plan.sections[0].startSample).toBe(0);
  for (const s of r.plan.sections.slice(1)) expect(cutSamples.has(s.startSample), `section ${s.id} starts on a cut`).toBe(true);
  for (let i = 1; i < r.plan.sections.length; i++) expect(r.plan.sections[i].startSample).toBe(r.plan.sections[i - 1].endSample);
  expect(r.plan.sections[r.plan.sections.length - 1].endSample).toBe(r.plan.sequence.durationSamples);
  for (const st of r.plan.stingers) expect(cutSamples.has(st.hitSample), `stinger at ${st.hit} s is on a cut`).toBe(true);
  const svg = fs.readFileSync(path.join(r.dir, 'plan.svg'), 'utf8');
  expect(svg.match(/class="cut"/g)?.length ?? 0).toBe(r.plan.cuts.length);
  const csv = fs.readFileSync(path.join(r.dir, 'cuesheet.csv'), 'utf8').trim().split('\r\n');
  expect(csv).toHaveLength(1 + r.plan.sections.length + r.plan.stingers.length);
}

describe('cuebed score on the bundled demo', () => {
  let demo: Render;
  beforeAll(async () => {
    demo = await score(['--stingers', 'scenes', '--brief', 'bright, forward-moving background music for a product video, builds in the final 20 seconds']);
  });

  it('writes the four files, exactly as long as the sequence, with a plan that validates', () => {
    checkRender(demo);
    // demo-sequence.xml: 2274 frames at 24000/1001 fps = 94.844 s = 4,552,548 samples at 48 kHz.
    expect(demo.plan.sequence.durationSamples).toBe(4_552_548);
    expect(demo.plan.cuts).toHaveLength(23);
  });

  it('reads the bundled interview recordings: the duck follows their phrases, not the whole clips', () => {
    // demo/anna_interview.wav and ben_interview.wav sit beside the sequence (scripts/make-demo-media.js).
    const fps = 24000 / 1001;
    const interviews = [[420, 804], [1296, 1680]].map(([a, b]) => [Math.round((a / fps) * 48000), Math.round((b / fps) * 48000)]);
    const sr = demo.plan.sequence.sampleRate;
    for (const [from, to] of interviews) {
      const phrases = demo.plan.dialogue.filter((d) => d.startSample >= from - sr && d.endSample <= to + sr);
      expect(phrases.length, 'phrases read in the interview').toBeGreaterThanOrEqual(4);
      for (const d of phrases) expect(d.source).toBe('speech: A1');
      // Under the speech the bed sits at least 9 dB under the music just outside the interview.
      const speech = phrases.reduce((sum, d) => sum + rms(demo.wav.channels, d.startSample, d.endSample) ** 2 * (d.endSample - d.startSample), 0) /
        phrases.reduce((n, d) => n + d.endSample - d.startSample, 0);
      const outside = Math.max(rms(demo.wav.channels, from - 2 * sr, from - Math.round(0.5 * sr)), rms(demo.wav.channels, to + Math.round(0.7 * sr), to + Math.round(2.2 * sr)));
      expect(db(outside) - db(Math.sqrt(speech)), `interview at ${(from / sr).toFixed(1)} s`).toBeGreaterThanOrEqual(9);
    }
    expect(demo.plan.dialogue.every((d) => interviews.some(([a, b]) => d.startSample >= a - sr && d.endSample <= b + sr))).toBe(true);
    expect(demo.plan.warnings.filter((w) => w.includes('dialogue media'))).toEqual([]);
  });

  it('places the stingers it was asked for on cuts', () => {
    expect(demo.plan.stingers.length).toBeGreaterThan(0);
  });

  it('tells editors and music supervisors what the WAV is: title, software, seed, brief, originality, cues', () => {
    const info = demo.wav.info;
    expect(info.INAM).toBe('Cuebed demo - Workshop to market - Cuebed score');
    expect(info.ISFT).toMatch(/^Cuebed /);
    for (const field of [info.ICMT, info['bext.description']]) {
      expect(field).toMatch(/Original music generated by Cuebed/);
      expect(field).toMatch(/Seed 1\b/);
      expect(field).toMatch(/Brief: bright, forward-moving/);
    }
    const cueSamples = demo.wav.cues.map((c) => c.sample);
    for (const s of demo.plan.sections) expect(cueSamples).toContain(s.startSample);
    for (const st of demo.plan.stingers) expect(cueSamples).toContain(st.hitSample);
  });

  it('lands at least half the cuts on a beat', () => {
    expect(demo.plan.hitRate).toBeGreaterThanOrEqual(0.5);
  });

  it('is deterministic: the same input, brief and seed give identical bytes', async () => {
    const again = await score(['--stingers', 'scenes', '--brief', 'bright, forward-moving background music for a product video, builds in the final 20 seconds']);
    expect(Buffer.compare(fs.readFileSync(path.join(again.dir, 'score.wav')), fs.readFileSync(path.join(demo.dir, 'score.wav')))).toBe(0);
    const other = await score(['--seed', '2', '--stingers', 'scenes']);
    expect(Buffer.compare(fs.readFileSync(path.join(other.dir, 'score.wav')), fs.readFileSync(path.join(demo.dir, 'score.wav')))).not.toBe(0);
  });
});

describe('cuebed score on a real Premiere export', () => {
  it('scores premiere_example.xml (clips run past the stated <duration>: warned, clips used)', async () => {
    const cwd = tempDir();
    const run = await runCli(['score', path.join(SHARED_FIXTURES, 'premiere_example.xml'), '--out', 'x'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*says it lasts 00:00:21:06 but its clips run to 00:00:41:28; the clips' length was used/);
    // Its media is not beside the export: the dialogue clips duck over their whole length, and it says so (issue 15.12).
    expect(run.stderr).toMatch(/warning: dialogue media could not be read for speech: 3 dialogue media files \(sc01_sh010_anim\.mov, sc01_placeholder\.wav, sc01_master_layerA_sh030_temp\.mov\)/);
    expect(run.stderr.match(/warning:/g)).toHaveLength(2);
    const plan = JSON.parse(fs.readFileSync(path.join(cwd, 'x', 'plan.json'), 'utf8')) as Plan;
    const wav = decodeWav(new Uint8Array(fs.readFileSync(path.join(cwd, 'x', 'score.wav'))));
    checkRender({ dir: path.join(cwd, 'x'), plan, wav, stdout: run.stdout });
  });
});

describe('streamed rendering', () => {
  it('writes through the output folder the same bytes as the in-memory render, stems included', async () => {
    const cwd = tempDir();
    // a short edit with scene changes (8.7 s, 10 cuts) on the synth palette keeps this end-to-end
    // render quick on a busy machine; test/sampler covers the bank
    const input = path.join(ROOT, 'test', 'fixtures', 'xmeml', 'transitions.xml');
    const run = await runCli(['score', input, '--stems', '--stingers', 'scenes', '--out', 'o', '--sound-bank', 'none'], cwd);
    expect(run.code).toBe(0);
    const timeline = readTimelineFile(fs.readFileSync(input, 'utf8'), 'transitions.xml');
    const memory = scoreTimeline(timeline, { brief: '', seed: 1, sampleRate: 48000, bitDepth: 24, stems: true, stingers: 'scenes' });
    const wavs = [...memory.files.keys()].filter((n) => n.endsWith('.wav'));
    // one stem per voice group that plays, stingers and textures (the palette's room air,
    // src/music/orchestra/percussion.ts writeRoom) among them
    expect(wavs).toContain('stems/stingers.wav');
    expect(wavs).toHaveLength(8);
    expect(run.stdout).toMatch(/, 7 stems/);
    for (const name of wavs) {
      expect(Buffer.compare(Buffer.from(memory.files.get(name) as Uint8Array), fs.readFileSync(path.join(cwd, 'o', name))), name).toBe(0);
    }
    // nothing temporary is left behind (spill, staged files)
    expect(listFiles(path.join(cwd, 'o')).filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
  });
});

describe('output folder safety', () => {
  it('never overwrites an existing render without --force; the default folder is versioned', async () => {
    const cwd = tempDir();
    const first = await runCli(['score', '--seed', '3'], cwd);
    expect(first.code).toBe(0);
    const second = await runCli(['score', '--seed', '3'], cwd);
    expect(second.code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'cuebed-out', 'score.wav'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'cuebed-out-2', 'score.wav'))).toBe(true);
    const clash = await runCli(['score', '--seed', '4', '--out', 'cuebed-out'], cwd);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/already there.*--force/);
    const forced = await runCli(['score', '--seed', '4', '--out', 'cuebed-out', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(listFiles(path.join(cwd, 'cuebed-out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the installed command', () => {
  it('runs through bin/cuebed.js from the built dist/', () => {
    const cwd = tempDir();
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cuebed.js'), 'score', '--out', 'o', '--quiet'], { cwd, encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
    expect(res.stderr).not.toMatch(/not built/);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/score\.wav .*LUFS.*hit rate/);
    expect(listFiles(path.join(cwd, 'o'))).toEqual(['cuesheet.csv', 'plan.json', 'plan.svg', 'render.json', 'score.wav']);
  });
});
