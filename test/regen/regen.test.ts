import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { decodeWav } from '../../src/audio';
import { beatSamples } from '../../src/plan';
import { regenerate, type RegenResult } from '../../src/regen';
import type { Plan } from '../../src/plan/types';
import { ROOT, SHARED_FIXTURES } from '../paths';
import {
  DEMO_DIALOGUE, DEMO_SHOTS, DEMO_XML_PATH, bytesEqual, demoXml, pcmBytes, ripple, rippleXml, scoreInMemory, timelineOf, type Shot,
} from './helpers';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'plan.schema.json'), 'utf8'));
const validatePlan = new Ajv({ allErrors: true }).compile(schema);
const SR = 48000;
const PRE = Math.round(0.5 * SR);
const POST = Math.round(2 * SR);

type Previous = ReturnType<typeof scoreInMemory>;

/** Frame where shot i starts. */
const startOf = (shots: Shot[], i: number) => shots.slice(0, i).reduce((a, s) => a + s[1], 0);

/** The new plan's invariants: contiguous sections from 0 to the end, each starting on a cut sample, beats exact. */
function checkPlan(plan: Plan, wav: Uint8Array): void {
  expect(validatePlan(plan), JSON.stringify(validatePlan.errors)).toBe(true);
  const cuts = new Set(plan.cuts.map((c) => c.sample));
  expect(plan.sections[0].startSample).toBe(0);
  for (let i = 1; i < plan.sections.length; i++) {
    const s = plan.sections[i];
    expect(s.startSample, `section ${s.id} follows the previous one`).toBe(plan.sections[i - 1].endSample);
    expect(cuts.has(s.startSample), `section ${s.id} starts on a cut sample`).toBe(true);
  }
  expect(plan.sections[plan.sections.length - 1].endSample).toBe(plan.sequence.durationSamples);
  for (const s of plan.sections) {
    if (s.bpm > 0) {
      const beats = beatSamples(s);
      expect(beats).toHaveLength(s.bars * s.beatsPerBar);
      expect(beats[0]).toBe(s.startSample);
      // bpm is exactly bars × beatsPerBar beats over the section
      expect(Math.abs((s.bars * s.beatsPerBar * 60 * plan.sequence.sampleRate) / (s.endSample - s.startSample) - s.bpm)).toBeLessThan(1e-6);
    }
  }
  expect(new Set(plan.sections.map((s) => s.id)).size).toBe(plan.sections.length);
  for (const st of plan.stingers) expect(cuts.has(st.hitSample)).toBe(true);
  const decoded = decodeWav(wav);
  expect(decoded.channels).toHaveLength(2);
  expect(decoded.sampleRate).toBe(plan.sequence.sampleRate);
  expect(decoded.channels[0].length).toBe(plan.sequence.durationSamples);
  expect(decoded.cues.filter((c) => c.label.startsWith('section ')).map((c) => c.sample)).toEqual(plan.sections.map((s) => s.startSample));
}

/** Every sample outside the rendered spans is the previous render's, byte for byte, at its offset. */
function checkCopies(prev: Previous, r: RegenResult): void {
  const wav = r.files.get('score.wav') as Uint8Array;
  let copied = 0;
  const rendered = r.renderedSpans;
  for (const span of r.copied) {
    let a = span.start;
    for (const [ws, we] of [...rendered, [Infinity, Infinity] as [number, number]]) {
      const b = Math.min(span.end, ws);
      if (b > a) {
        const lo = Math.max(a, span.offset), hi = Math.min(b, prev.plan.sequence.durationSamples + span.offset);
        expect(bytesEqual(pcmBytes(wav, lo, hi), pcmBytes(prev.wav, lo - span.offset, hi - span.offset)), `samples ${lo}..${hi} copied`).toBe(true);
        copied += hi - lo;
      }
      a = Math.max(a, we);
      if (a >= span.end) break;
    }
  }
  const total = r.plan.sequence.durationSamples;
  const synthesised = rendered.reduce((s, [a, b]) => s + (b - a), 0);
  expect(copied + synthesised).toBeGreaterThanOrEqual(total - 2);
}

/**
 * Beyond the edit, independent of what the engine reports: samples before the old section ahead of
 * the edited one (minus the crossfade margin) are unchanged, and samples after the old section
 * behind it (plus the tail margin) are unchanged, moved by the ripple.
 */
function checkFarFromEdit(prev: Previous, r: RegenResult, editFromSample: number, editToSample: number, deltaSamples: number): void {
  const old = prev.plan.sections;
  const wav = r.files.get('score.wav') as Uint8Array;
  const i = old.findIndex((s) => s.endSample > editFromSample);
  let j = old.findIndex((s) => s.endSample >= editToSample);
  if (j < 0) j = old.length - 1;
  const before = Math.max(0, (old[Math.max(0, i - 1)].startSample) - PRE);
  if (i > 1) expect(bytesEqual(pcmBytes(wav, 0, before), pcmBytes(prev.wav, 0, before)), `0..${before} unchanged`).toBe(true);
  const after = old[Math.min(old.length - 1, j + 1)].endSample + POST;
  if (j + 2 < old.length) {
    const end = prev.plan.sequence.durationSamples;
    expect(bytesEqual(pcmBytes(wav, after + deltaSamples, end + deltaSamples), pcmBytes(prev.wav, after, end)), `${after}.. unchanged, moved ${deltaSamples}`).toBe(true);
  }
}

const frameSample = (f: number) => Math.round((f * 1001 * SR) / 24000);

describe('regenerate around edits: the demo', () => {
  let prev: Previous;
  beforeAll(() => {
    expect(demoXml(DEMO_SHOTS)).toBe(fs.readFileSync(DEMO_XML_PATH, 'utf8'));
    prev = scoreInMemory(timelineOf(demoXml(DEMO_SHOTS)), { stingers: 'scenes' });
  });

  const edit = (shots: Shot[], at: number, delta: number, dialogue = DEMO_DIALOGUE) =>
    regenerate(timelineOf(demoXml(shots, dialogue.map(([n, s, e]) => [n, ripple(s, at, delta), ripple(e, at, delta)] as [string, number, number]))), prev);

  it('trim of a shot: its section is re-rendered, the music before stays, the music after moves with the picture', () => {
    const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
    shots[9][1] -= 12;
    const at = startOf(DEMO_SHOTS, 10);
    const r = edit(shots, at - 12, -12);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, frameSample(startOf(DEMO_SHOTS, 9)), frameSample(at), -frameSample(12));
    expect(r.shifted.length).toBeGreaterThan(0);
    expect(r.kept.length).toBeGreaterThan(0);
    expect(r.rendered.length).toBeLessThanOrEqual(2);
    expect(r.removed).toEqual([]);
    // the changed section keeps its id (its start cut survived); shifted ones keep theirs and their chords
    for (const id of [...r.kept, ...r.shifted]) {
      const o = prev.plan.sections.find((s) => s.id === id)!;
      const n = r.plan.sections.find((s) => s.id === id)!;
      expect(n.chords).toEqual(o.chords);
      expect(n.endSample - n.startSample).toBe(o.endSample - o.startSample);
    }
    expect(r.plan.sequence.durationSamples).toBe(prev.plan.sequence.durationSamples - frameSample(12));
    expect(Math.abs(r.integratedLufs - (prev.record!.integratedLufs as number))).toBeLessThan(0.5);
    expect(r.gainDb).toBe(prev.record!.gainDb);
  });

  it('ripple insert of a shot: everything after it moves by its length', () => {
    const shots = [...DEMO_SHOTS.slice(0, 9), ['insert_broll', 60] as Shot, ...DEMO_SHOTS.slice(9)];
    const at = startOf(DEMO_SHOTS, 9);
    const r = edit(shots, at, 60);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, frameSample(at), frameSample(at), frameSample(60));
    expect(r.shifted.length).toBeGreaterThan(0);
    expect(r.removed).toEqual([]);
  });

  it('ripple delete of a shot', () => {
    const shots = [...DEMO_SHOTS.slice(0, 12), ...DEMO_SHOTS.slice(13)];
    const at = startOf(DEMO_SHOTS, 12);
    const r = edit(shots, at, -52);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, frameSample(at), frameSample(at + 52), -frameSample(52));
    expect(r.shifted.length).toBeGreaterThan(0);
  });

  it('swap of two shots: nothing after them moves', () => {
    const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
    [shots[10], shots[11]] = [shots[11], shots[10]];
    const r = edit(shots, 0, 0);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, frameSample(startOf(DEMO_SHOTS, 10)), frameSample(startOf(DEMO_SHOTS, 12)), 0);
    expect(r.shifted).toEqual([]);
    expect(r.plan.sequence.durationSamples).toBe(prev.plan.sequence.durationSamples);
  });

  it('reports progress over the stretches it re-renders, rising to 1', () => {
    const shots = DEMO_SHOTS.map((s, i) => (i === 9 ? [s[0], s[1] - 20, s[2]] as Shot : s));
    const seen: number[] = [];
    const xml = demoXml(shots, DEMO_DIALOGUE.map(([n, s, e]) => [n, ripple(s, startOf(DEMO_SHOTS, 10), -20), ripple(e, startOf(DEMO_SHOTS, 10), -20)] as [string, number, number]));
    const r = regenerate(timelineOf(xml), prev, { onProgress: (f) => seen.push(f) });
    expect(r.renderedSpans.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1] - 1e-12))).toBe(true);
    expect(seen.at(-1)).toBeCloseTo(1, 6);
  });

  it('a slip moves nothing: every section is kept and score.wav is copied whole', () => {
    const shots = DEMO_SHOTS.map((s, i) => (i === 5 ? [s[0], s[1], 40] as Shot : s));
    const r = edit(shots, 0, 0);
    expect(r.kept).toEqual(prev.plan.sections.map((s) => s.id));
    expect(r.renderedSpans).toEqual([]);
    expect(bytesEqual(pcmBytes(r.files.get('score.wav') as Uint8Array, 0, r.plan.sequence.durationSamples), pcmBytes(prev.wav, 0, prev.plan.sequence.durationSamples))).toBe(true);
    expect(r.plan.sections).toEqual(prev.plan.sections);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
  });

  it('says that stems are not regenerated when the earlier render had them (and not otherwise)', () => {
    const shots = DEMO_SHOTS.map((s, i) => (i === 5 ? [s[0], s[1], 40] as Shot : s));
    expect(edit(shots, 0, 0).plan.warnings.join(' ')).not.toMatch(/stems/);
    const withStems = { ...prev, record: { ...prev.record!, options: { ...prev.record!.options, stems: true } } };
    const r = regenerate(timelineOf(demoXml(shots)), withStems);
    expect(r.plan.warnings).toContain("stems are not regenerated: the earlier render's stems/ do not follow this edit; score the sequence again for matching stems");
  });

  it('a change only in dialogue re-renders only the sections around it', () => {
    const dialogue: Array<[string, number, number]> = [DEMO_DIALOGUE[0], ['ben_interview.wav', 1296, 1600]];
    const r = regenerate(timelineOf(demoXml(DEMO_SHOTS, dialogue)), prev);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, frameSample(1600) - 3 * SR, frameSample(1680) + 3 * SR, 0);
    expect(r.shifted).toEqual([]);
    expect(r.kept.length).toBeGreaterThan(0);
    expect(r.diff.sections.some((c) => c.reason === 'dialogue')).toBe(true);
  });

  it('frame jitter of one cut is not an edit: sections keep their music, only the retimed ones are re-rendered', () => {
    const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
    shots[3][1] += 1;
    shots[4][1] -= 1;
    const r = edit(shots, 0, 0);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    expect(r.removed).toEqual([]);
    expect(r.diff.sections.every((c) => c.status !== 'changed' || c.reason === 'retimed')).toBe(true);
    for (const s of prev.plan.sections) expect(r.plan.sections.find((n) => n.id === s.id)?.chords).toEqual(s.chords);
  });

  it('the previous render is never modified and a second regeneration chains from the first', () => {
    const sum = (b: Uint8Array) => { let h = 0; for (let i = 0; i < b.length; i += 7) h = (h * 31 + b[i]) | 0; return h; };
    const before = sum(prev.wav);
    const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
    shots[9][1] -= 12;
    const first = edit(shots, startOf(DEMO_SHOTS, 10) - 12, -12);
    const next = {
      plan: first.plan, wav: first.files.get('score.wav') as Uint8Array, folder: 'first',
      record: JSON.parse(new TextDecoder().decode(first.files.get('render.json'))),
    };
    const again = regenerate(timelineOf(demoXml(shots, DEMO_DIALOGUE.map(([n, s, e]) => [n, ripple(s, startOf(DEMO_SHOTS, 10) - 12, -12), ripple(e, startOf(DEMO_SHOTS, 10) - 12, -12)]))), next);
    expect(again.renderedSpans).toEqual([]);
    expect(sum(prev.wav)).toBe(before);
  });
});

describe('regenerate around edits: a shared fixture (60_sek_Jokulhlup, 25 fps)', () => {
  const xml = fs.readFileSync(path.join(SHARED_FIXTURES, '60_sek_Jokulhlup.xml'), 'utf8');
  let prev: Previous;
  beforeAll(() => {
    prev = scoreInMemory(timelineOf(xml, '60_sek_Jokulhlup.xml'), { brief: 'tense documentary underscore', seed: 5 });
  });
  const fs25 = (f: number) => f * 1920;

  it('trim of a shot (ripple, 31 frames out of the shot at 1005–1071)', () => {
    const r = regenerate(timelineOf(rippleXml(xml, 1040, 31, 0)), prev);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, fs25(1005), fs25(1071), -fs25(31));
    expect(r.kept.length + r.shifted.length).toBeGreaterThan(0);
  });

  it('ripple delete of the shot at 1071–1133', () => {
    const r = regenerate(timelineOf(rippleXml(xml, 1071, 62, 0)), prev);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, fs25(1071), fs25(1133), -fs25(62));
  });

  it('ripple insert of 40 frames at 391', () => {
    const r = regenerate(timelineOf(rippleXml(xml, 391, 0, 40)), prev);
    checkPlan(r.plan, r.files.get('score.wav') as Uint8Array);
    checkCopies(prev, r);
    checkFarFromEdit(prev, r, fs25(391), fs25(391), fs25(40));
    expect(r.shifted.length).toBeGreaterThan(0);
  });
});
