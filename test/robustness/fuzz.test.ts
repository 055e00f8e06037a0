/**
 * Property-based fuzzing of both readers and the CLI (fast-check). Every mutated input either
 * reads to a Timeline that satisfies the model's invariants (and then plans, or is refused by
 * assertScoreable) or fails with an InputError/TimeError whose message is one line naming the
 * file. No other exception escapes; no case takes longer than 5 s (a hang guard). The CLI, run in-process on a
 * tiny sequence, exits 0 with (at least) the four files or 2 with one line and no output folder.
 *
 * CI runs a bounded, seeded sample (about a minute). `npm run fuzz` (scripts/fuzz.js) sets
 * CUEBED_FUZZ_RUNS (cases per property) and a fresh seed; CUEBED_FUZZ_SEED replays a run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { TICKS_PER_SECOND } from '../../src/time';
import { HostSnapshot, SNAPSHOT_SCHEMA, Timeline, assertScoreable, readFcp7Xml, readTimelineFile } from '../../src/timeline';
import { listFiles, runCli, tempDir } from '../cli/run';
import { SHARED_FIXTURES } from '../paths';
import { isExpectedFailure, tinyXmeml } from './helpers';
import { Mutation, byteFlips, elementEdit, injection, numberPerturbation, snapshotMutation, truncation, xmlMutation } from './mutate';
import { printable } from '../../src/cli/printable';
import { createSpeechReader } from '../../src/io/media';
import { createWavEncoder, encodeWav } from '../../src/audio';
import { readPcm } from '../../src/regen/wav';
import { createUxpAdapter, dispatchScript } from '../../src/host/uxp';
import { hostCallScript, parseEnvelope } from '../../src/host/bridge';
import { OWN_FIXTURES } from '../paths';
import { UxpEmulator } from '../uxp/emulator';

const LONG = Number(process.env.CUEBED_FUZZ_RUNS ?? 0);
/** Cases per property: CI default, or CUEBED_FUZZ_RUNS. */
const runs = (ci: number) => (LONG > 0 ? Math.max(1, Math.round((LONG * ci) / 200)) : ci);
const SEED = process.env.CUEBED_FUZZ_SEED !== undefined ? Number(process.env.CUEBED_FUZZ_SEED) : LONG > 0 ? Date.now() % 2 ** 31 : 20261128;
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED, endOnFailure: true });
/** vitest's per-test timeout: the CI default, or none for a long run. */
const TIMEOUT = LONG > 0 ? 0 : 60_000;
/** Plans only ranges this short: planning hours of picture is the planner's benchmark, not a fuzz case. */
const PLAN_MAX_SECONDS = 15 * 60;

/** Case times are reported (slowest), never asserted: speed lives in npm run bench, and a CLI case that hangs ends in the test's timeout. */
const stats = { cases: 0, timelines: 0, refused: 0, refusedByScoreable: 0, planned: 0, cliCases: 0, cliScored: 0, cliRefused: 0, cliSkipped: 0, slowest: 0, regenCases: 0, regenRefused: 0, wavCases: 0, wavRefused: 0, mediaCases: 0, mediaUnsure: 0, bridgeCases: 0 };
afterAll(() => {
  const line = `fuzz: seed ${SEED}; ${stats.cases} reader cases: ${stats.timelines} read (${stats.planned} planned, ${stats.refusedByScoreable} refused as too long), ${stats.refused} refused with InputError/TimeError; CLI: ${stats.cliCases} cases, ${stats.cliScored} scored, ${stats.cliRefused} exit 2, ${stats.cliSkipped} skipped as long; regen folders: ${stats.regenCases} (${stats.regenRefused} exit 2); damaged score.wav (RIFF/RF64): ${stats.wavCases} (${stats.wavRefused} exit 2); dialogue media: ${stats.mediaCases} (${stats.mediaUnsure} ducked whole); host bridge: ${stats.bridgeCases}; slowest ${stats.slowest.toFixed(0)} ms`;
  console.log(line);
  if (process.env.CUEBED_FUZZ_STATS) fs.writeFileSync(process.env.CUEBED_FUZZ_STATS, JSON.stringify({ seed: SEED, ...stats }) + '\n');
});

function checkInvariants(t: Timeline): void {
  const safe = (n: number, what: string) => {
    if (!Number.isSafeInteger(n)) throw new Error(`${what} is not a safe integer: ${n}`);
  };
  safe(t.range.start, 'range.start');
  safe(t.range.end, 'range.end');
  if (!(t.range.end > t.range.start)) throw new Error(`empty range ${t.range.start}..${t.range.end}`);
  t.cuts.forEach((c, i) => {
    safe(c.time, 'cut');
    if (!(c.time > t.range.start && c.time < t.range.end)) throw new Error(`cut ${c.time} outside the range`);
    if (i > 0 && !(c.frame > t.cuts[i - 1].frame)) throw new Error('cuts not sorted and unique');
  });
  for (const d of t.dialogue) if (!(d.start >= t.range.start && d.end <= t.range.end && d.end > d.start)) throw new Error(`dialogue ${d.start}..${d.end} outside the range`);
  for (const m of t.markers) if (!(m.end >= m.start)) throw new Error('marker ends before it starts');
}

/** One case: read, check, bound, plan. Throws (failing the property) on anything unexpected. */
function readCase(text: string, source: string, m: Mutation): void {
  stats.cases++;
  const started = performance.now();
  try {
    const timeline = readTimelineFile(text, source);
    checkInvariants(timeline);
    stats.timelines++;
    try {
      assertScoreable(timeline, 48000);
    } catch (e) {
      if (isExpectedFailure(e)) {
        stats.refusedByScoreable++;
        return;
      }
      throw e;
    }
    if ((timeline.range.end - timeline.range.start) / TICKS_PER_SECOND <= PLAN_MAX_SECONDS) {
      planScore(timeline, { brief: '', seed: 1, sampleRate: 48000 });
      stats.planned++;
    }
  } catch (e) {
    if (!isExpectedFailure(e)) {
      throw new Error(`${m.describe}: ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack ?? ''}`);
    }
    // names inside a message may hold anything; the CLI prints it through printable() as one line
    const message = printable((e as Error).message);
    if (message.includes('\n')) throw new Error(`${m.describe}: message spans lines: ${JSON.stringify(message)}`);
    if (e instanceof Error && e.name === 'InputError' && !message.startsWith(`${source}: `)) throw new Error(`${m.describe}: message does not name the file: ${message}`);
    stats.refused++;
  } finally {
    const elapsed = performance.now() - started;
    stats.slowest = Math.max(stats.slowest, elapsed);
  }
}

const SHARED = fs.existsSync(SHARED_FIXTURES) ? fs.readdirSync(SHARED_FIXTURES).filter((f) => f.endsWith('.xml')).sort() : [];

describe('fuzz: FCP7 XML readers on mutated shared fixtures', () => {
  // never skipped: without the real exports this suite would quietly test much less
  it('the shared fixture folder is there and holds exports', () => {
    expect(SHARED.length, `no .xml in ${SHARED_FIXTURES} (set CUEBED_SHARED_FIXTURES to the shared fixtures' xmeml folder)`).toBeGreaterThan(0);
  });
  it(`every mutation of the ${SHARED.length} shared exports reads, or is refused with a one-line message`, () => {
    expect(SHARED.length).toBeGreaterThan(0);
    const texts = SHARED.map((f) => [f, fs.readFileSync(path.join(SHARED_FIXTURES, f), 'utf8')] as const);
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), xmlMutation, (i, m) => {
        const [name, text] = texts[i];
        readCase(m.apply(text), name, m);
      }),
      params(runs(400)),
    );
  }, TIMEOUT);

  it('every mutation of a generated small sequence reads, or is refused', () => {
    const seqArb = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 8 }).map((lens) => {
      let t = 0;
      return lens.map((l) => [t, (t += l)] as [number, number]);
    });
    fc.assert(
      fc.property(seqArb, fc.oneof(byteFlips, truncation, elementEdit, numberPerturbation, injection), (clips, m) => readCase(m.apply(tinyXmeml(clips)), 'gen.xml', m)),
      params(runs(400)),
    );
  }, TIMEOUT);
});

const RATES_ARB = fc.constantFrom({ num: 25, den: 1 }, { num: 24000, den: 1001 }, { num: 30000, den: 1001 }, { num: 24, den: 1 }, { num: 60, den: 1 });

/** A valid host snapshot: abutting clips with gaps on a few tracks, dialogue, markers, optional In/Out. */
const snapshotArb: fc.Arbitrary<HostSnapshot> = fc
  .record({
    rate: RATES_ARB,
    video: fc.array(fc.array(fc.record({ gap: fc.nat({ max: 50 }), len: fc.integer({ min: 1, max: 200 }), kind: fc.constantFrom('clip', 'title', 'nested', 'generator') }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
    audio: fc.array(fc.array(fc.record({ gap: fc.nat({ max: 50 }), len: fc.integer({ min: 1, max: 200 }) }), { maxLength: 4 }), { maxLength: 3 }),
    markers: fc.array(fc.nat({ max: 500 }), { maxLength: 3 }),
    inOut: fc.option(fc.tuple(fc.nat({ max: 100 }), fc.integer({ min: 1, max: 400 }))),
  })
  .map(({ rate, video, audio, markers, inOut }) => {
    const tpf = (TICKS_PER_SECOND * rate.den) / rate.num;
    const ticks = (f: number) => String(f * tpf);
    const lay = <T extends { gap: number; len: number }>(clips: T[]) => {
      let t = 0;
      return clips.map((c) => {
        const start = t + c.gap;
        t = start + c.len;
        return { c, start, end: t };
      });
    };
    const track = (kind: 'Video' | 'Audio', clips: Array<{ gap: number; len: number; kind?: string }>, i: number) => ({
      index: i + 1,
      name: kind === 'Audio' && i === 0 ? 'Dialogue' : `${kind[0]}${i + 1}`,
      enabled: true,
      clips: lay(clips).map(({ c, start, end }, j) => ({
        name: `${kind[0]}${i + 1}.${j}`,
        start: ticks(start),
        end: ticks(end),
        inPoint: '0',
        outPoint: ticks(end - start),
        mediaPath: `/m/${i}-${j}.mov`,
        enabled: true,
        mediaType: kind,
        ...(c.kind && c.kind !== 'clip' ? { kind: c.kind } : {}),
      })),
    });
    return {
      schema: SNAPSHOT_SCHEMA,
      sequence: {
        name: 'gen',
        id: 'gen-id',
        frameRate: rate,
        audioSampleRate: 48000,
        zeroPoint: '0',
        end: ticks(400),
        inPoint: inOut ? ticks(inOut[0]) : null,
        outPoint: inOut ? ticks(inOut[0] + inOut[1]) : null,
        playhead: '0',
      },
      videoTracks: video.map((clips, i) => track('Video', clips, i)),
      audioTracks: audio.map((clips, i) => track('Audio', clips, i)),
      markers: markers.map((f, i) => ({ start: ticks(f), end: ticks(f), name: `m${i}`, comments: '', type: 'Comment' })),
    } as HostSnapshot;
  });

describe('fuzz: snapshot reader on generated, then mutated snapshots', () => {
  it('valid generated snapshots read and satisfy the invariants', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const t = readTimelineFile(JSON.stringify(s), 'gen.json');
        checkInvariants(t);
      }),
      params(runs(150)),
    );
  }, TIMEOUT);
  it('every mutation reads, or is refused with a one-line message', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotMutation, (s, m) => readCase(m.apply(JSON.stringify(s, null, 1)), 'gen.json', m)),
      params(runs(500)),
    );
  }, TIMEOUT);
});

describe('fuzz: the CLI end to end on a tiny sequence', () => {
  const base = tinyXmeml([[0, 75], [75, 150], [150, 250]]);
  it('exits 0 with the four files, or 2 with one line and no output folder; never 1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(byteFlips, truncation, elementEdit, numberPerturbation, injection), async (m) => {
        const text = m.apply(base);
        try {
          const t = readTimelineFile(text, 'tiny.xml');
          if ((t.range.end - t.range.start) / TICKS_PER_SECOND > 30) {
            stats.cliSkipped++;
            return; // long renders are the resource-bound test's business
          }
        } catch {
          // the CLI must refuse it too: run it
        }
        stats.cliCases++;
        const cwd = tempDir('cuebed-fuzz-');
        fs.writeFileSync(path.join(cwd, 'tiny.xml'), text);
        const started = performance.now();
        const run = await runCli(['score', 'tiny.xml', '--out', 'render', '--quiet'], cwd);
        stats.slowest = Math.max(stats.slowest, performance.now() - started);
        try {
          expect(run.code, `${m.describe}: ${run.stderr}`).not.toBe(1);
          if (run.code === 0) {
            stats.cliScored++;
            expect(listFiles(path.join(cwd, 'render'))).toEqual(expect.arrayContaining(['cuesheet.csv', 'plan.json', 'plan.svg', 'score.wav']));
            expect(listFiles(path.join(cwd, 'render')).filter((f) => f.includes('.tmp') || f.startsWith('.'))).toEqual([]);
          } else {
            stats.cliRefused++;
            expect(run.code).toBe(2);
            expect(run.stdout).toBe('');
            const lines = run.stderr.trimEnd().split('\n');
            expect(lines, m.describe).toHaveLength(1);
            expect(run.stderr, m.describe).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
            expect(lines[0]).toMatch(/^cuebed: tiny\.xml: /);
            expect(listFiles(cwd), m.describe).toEqual(['tiny.xml']);
          }
        } finally {
          fs.rmSync(cwd, { recursive: true, force: true });
        }
      }),
      params(runs(30)),
    );
  }, TIMEOUT);
});

/** A short sequence and the bytes of each file of its render (each case copies them into its own folder). */
async function previousRender(prefix: string): Promise<{ seq: string; files: Map<string, Buffer> }> {
  const root = tempDir(prefix);
  const seq = tinyXmeml([[0, 75], [75, 150], [150, 250]]);
  fs.writeFileSync(path.join(root, 'seq.xml'), seq);
  const first = await runCli(['score', 'seq.xml', '--out', 'prev', '--quiet', '--no-speech'], root);
  expect(first.code, first.stderr).toBe(0);
  return { seq, files: new Map(listFiles(path.join(root, 'prev')).map((f) => [f, fs.readFileSync(path.join(root, 'prev', f))])) };
}

describe('fuzz: regen on damaged previous-render folders', () => {
  it('a mutated plan.json or render.json: exit 0 with a render, or 2 with one line; the previous render untouched; never 1', async () => {
    const { seq, files } = await previousRender('cuebed-fuzz-regen-');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('plan.json', 'render.json'), snapshotMutation, async (name, m) => {
        stats.regenCases++;
        const cwd = tempDir('cuebed-fuzz-regen-');
        try {
          fs.writeFileSync(path.join(cwd, 'seq.xml'), seq);
          fs.mkdirSync(path.join(cwd, 'prev'));
          for (const [f, bytes] of files) fs.writeFileSync(path.join(cwd, 'prev', f), bytes);
          const damaged = m.apply(files.get(name)!.toString('utf8'));
          fs.writeFileSync(path.join(cwd, 'prev', name), damaged);
          const run = await runCli(['regen', 'seq.xml', '--from', 'prev', '--out', 'next', '--quiet', '--no-speech'], cwd);
          expect(run.code, `${name}: ${m.describe}: ${run.stderr}`).not.toBe(1);
          for (const [f, bytes] of files) expect(fs.readFileSync(path.join(cwd, 'prev', f)).equals(f === name ? Buffer.from(damaged) : bytes), f).toBe(true);
          if (run.code === 0) {
            expect(listFiles(path.join(cwd, 'next'))).toEqual(expect.arrayContaining(['plan.json', 'render.json', 'score.wav']));
          } else {
            stats.regenRefused++;
            expect(run.code).toBe(2);
            expect(run.stderr.trimEnd().split('\n'), `${name}: ${m.describe}`).toHaveLength(1);
            expect(fs.existsSync(path.join(cwd, 'next'))).toBe(false);
          }
        } finally {
          fs.rmSync(cwd, { recursive: true, force: true });
        }
      }),
      params(runs(40)),
    );
  }, TIMEOUT);
});

/** The same samples in an RF64 container (what score writes past 4 GiB). */
function asRf64(wav: Uint8Array): Buffer {
  const p = readPcm(wav);
  const e = createWavEncoder({ frames: p.frames, channels: p.channels, sampleRate: p.sampleRate, bitDepth: p.depth, ditherSeed: null, rf64AboveBytes: 0 });
  return Buffer.concat([e.header, wav.subarray(p.dataOffset, p.dataOffset + p.frames * p.frameBytes), e.trailer]);
}

/** Header damage: bytes, 32-bit size fields at their limits, 64-bit ds64 sizes, a truncated file. */
const wavDamage = fc.record({
  patches: fc.array(fc.oneof(
    fc.record({ at: fc.nat(160), width: fc.constant(1 as const), value: fc.nat(255) }),
    fc.record({ at: fc.nat(160), width: fc.constant(4 as const), value: fc.constantFrom(0, 1, 27, 28, 0x7fffffff, 0xfffffffe, 0xffffffff) }),
    fc.record({ at: fc.constantFrom(20, 28, 36), width: fc.constant(8 as const), value: fc.constantFrom(0, 1, 2 ** 32, 2 ** 53, 2 ** 63) }),
  ), { minLength: 1, maxLength: 4 }),
  truncate: fc.option(fc.nat(4096)),
});

function damageWav(bytes: Buffer, d: { patches: Array<{ at: number; width: 1 | 4 | 8; value: number }>; truncate: number | null }): Buffer {
  const out = Buffer.from(bytes);
  for (const p of d.patches) {
    if (p.at + p.width > out.length) continue;
    if (p.width === 1) out[p.at] = p.value;
    else if (p.width === 4) out.writeUInt32LE(p.value, p.at);
    else out.writeBigUInt64LE(BigInt(Math.min(p.value, 2 ** 64 - 1)), p.at);
  }
  return d.truncate === null ? out : out.subarray(0, Math.min(out.length, d.truncate));
}

describe('fuzz: regen on a damaged previous score.wav (RIFF and RF64)', () => {
  it('a header with damaged fields or a truncated file: exit 0 or 2 with one line; the previous render untouched; never 1', async () => {
    const { seq, files } = await previousRender('cuebed-fuzz-wav-');
    const forms = { RIFF: files.get('score.wav')!, RF64: asRf64(files.get('score.wav')!) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('RIFF', 'RF64'), wavDamage, async (form, d) => {
        stats.wavCases++;
        const cwd = tempDir('cuebed-fuzz-wav-');
        const what = `${form} ${JSON.stringify(d)}`;
        try {
          fs.writeFileSync(path.join(cwd, 'seq.xml'), seq);
          fs.mkdirSync(path.join(cwd, 'prev'));
          for (const [f, bytes] of files) fs.writeFileSync(path.join(cwd, 'prev', f), bytes);
          const damaged = damageWav(forms[form as 'RIFF' | 'RF64'], d);
          fs.writeFileSync(path.join(cwd, 'prev', 'score.wav'), damaged);
          const run = await runCli(['regen', 'seq.xml', '--from', 'prev', '--out', 'next', '--quiet', '--no-speech'], cwd);
          expect(run.code, `${what}: ${run.stderr}`).not.toBe(1);
          expect(fs.readFileSync(path.join(cwd, 'prev', 'score.wav')).equals(damaged)).toBe(true);
          if (run.code === 0) {
            expect(listFiles(path.join(cwd, 'next'))).toEqual(expect.arrayContaining(['plan.json', 'render.json', 'score.wav']));
          } else {
            stats.wavRefused++;
            expect(run.code, what).toBe(2);
            expect(run.stderr.trimEnd().split('\n'), what).toHaveLength(1);
            expect(fs.existsSync(path.join(cwd, 'next'))).toBe(false);
          }
        } finally {
          fs.rmSync(cwd, { recursive: true, force: true });
        }
      }),
      params(runs(30)),
    );
  }, TIMEOUT);
});

describe('fuzz: dialogue media the speech detector reads', () => {
  const xml = fs.readFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.xml'), 'utf8');
  const SR = 16000;
  const N = Math.round(7.88 * SR);
  const media = fc.record({
    kind: fc.constantFrom('tone', 'noise', 'bursts', 'random-bytes', 'silence'),
    level: fc.double({ min: 0.02, max: 0.9, noNaN: true }),
    depth: fc.double({ min: 0, max: 0.95, noNaN: true }),
    rate: fc.double({ min: 0.5, max: 12, noNaN: true }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  });
  it('audible media always yields dialogue to duck under (speech found, or the clip whole with a warning)', () => {
    fc.assert(
      fc.property(media, ({ kind, level, depth, rate, seed }) => {
        stats.mediaCases++;
        let x = seed;
        const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x40000000 - 1);
        const s = new Float32Array(N);
        for (let i = 0; i < N; i++) {
          const env = 1 - depth * (0.5 + 0.5 * Math.sin((2 * Math.PI * rate * i) / SR));
          if (kind === 'tone') s[i] = level * env * Math.sin((2 * Math.PI * 180 * i) / SR);
          else if (kind === 'noise') s[i] = level * env * rnd();
          else if (kind === 'bursts') s[i] = Math.sin((2 * Math.PI * rate * i) / SR) > 0.3 ? level * rnd() : 0.0005 * rnd();
        }
        const wav = encodeWav([s], SR, 16, {}, null);
        if (kind === 'random-bytes') for (let i = wav.length - 2 * N; i < wav.length; i++) wav[i] = Math.floor((rnd() + 1) * 128) & 255;
        const dir = tempDir('cuebed-fuzz-media-');
        try {
          fs.writeFileSync(path.join(dir, 'interview.wav'), wav);
          const timeline = readTimelineFile(xml, 'interview.xml', { dialogueTracks: [1] });
          const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: 48000, speech: createSpeechReader({ baseDir: dir }) });
          const unsure = plan.warnings.some((w) => /hardly varies/.test(w));
          if (unsure) stats.mediaUnsure++;
          if (kind !== 'silence') expect(plan.dialogue.length, `${kind} level ${level} depth ${depth}`).toBeGreaterThan(0);
          if (unsure) expect(plan.dialogue.map((d) => [d.start, d.end])).toEqual([[4, 11.88]]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      params(runs(60)),
    );
  }, TIMEOUT);
});

describe('fuzz: the host bridge (UXP dispatcher)', () => {
  it('a call with any argument text is answered as that call, never as a project query', async () => {
    const emu = new UxpEmulator();
    emu.loadSequence(readFcp7Xml(fs.readFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.xml'), 'utf8'), 'interview.xml'));
    const adapter = createUxpAdapter(emu.ppro, { fileExists: async (p) => emu.files.has(p) });
    const fns = ['placeScore', 'replaceScore', 'placeStingers', 'scoreKeys'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fns), fc.string({ maxLength: 60 }), fc.constantFrom('app.project.path', 'app.project.activeSequence', '")', '\\', '\u2028', '$.cuebed.snapshot()'), async (fn, text, inject) => {
        stats.bridgeCases++;
        const reply = await dispatchScript(adapter, hostCallScript(fn, { wavPath: `/r/${text}${inject}.wav`, name: inject + text }));
        const env = parseEnvelope(reply, fn);
        if (env.ok) expect(typeof env.data, `${fn} answered like a query`).not.toBe('string');
      }),
      params(runs(100)),
    );
  }, TIMEOUT);
});
