import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { makeTimeline, realisticEdit } from './helpers';

const SEC = 254016000000;

describe('styles', () => {
  it('ambient plans unmeasured texture sections that still turn on cuts', () => {
    const plan = planScore(realisticEdit(4, 24, 90), { brief: 'dark', style: 'ambient', seed: 1, sampleRate: 48000 });
    expect(plan.sections.length).toBeGreaterThan(1);
    for (const s of plan.sections) {
      expect(s).toMatchObject({ kind: 'texture', bpm: 0 });
      expect(s.bars).toBeGreaterThanOrEqual(1);
      expect(s.chords.length).toBeGreaterThan(0);
    }
    expect(plan.tempo.every((t) => t.bpm === 0)).toBe(true);
    expect(plan.maxTempoChangePct).toBe(0);
    const cuts = new Set(plan.cuts.map((c) => c.sample));
    for (const s of plan.sections.slice(1)) expect(cuts.has(s.startSample)).toBe(true);
    expect(arrange(plan).events.some((e) => e.group === 'percussion')).toBe(false);
  });

  it('thematic repeats one motif id across every section outside dialogue, varied; under dialogue the melody rests', () => {
    const timeline = realisticEdit(6, 30, 120);
    timeline.dialogue = [{ start: 40 * SEC, end: 70 * SEC, source: 'A1' }];
    const plan = planScore(timeline, { brief: 'heroic theme', style: 'thematic', seed: 2, sampleRate: 48000 });
    expect(plan.sections.length).toBeGreaterThan(3);
    const free = plan.sections.filter((s) => !s.underDialogue);
    expect(new Set(free.map((s) => s.motif))).toEqual(new Set(['A']));
    expect(free[0].motifVariant).toBe('statement');
    for (const s of plan.sections.filter((x) => x.underDialogue)) expect(s.motif).toBeUndefined();
    expect(new Set(plan.sections.map((s) => s.motifVariant)).size).toBeGreaterThan(1);
    expect(arrange(plan).events.some((e) => e.group === 'lead')).toBe(true);
  });
});

describe('stinger candidates', () => {
  const timeline = () => {
    const t = makeTimeline({
      frames: 2400, cutFrames: [240, 300, 360, 900, 960, 1020, 1080, 1800, 1850], dialogue: [[40, 45]],
      markers: [{ frame: 1020, name: 'hit' }, { frame: 1805, name: 'stinger' }],
    });
    // 1020 frames = 42.54 s: inside the dialogue.
    return t;
  };
  const base = { brief: '', seed: 1, sampleRate: 48000 };

  it('never inside dialogue unless asked: markers and explicit times are dropped with a warning', () => {
    const markers = planScore(timeline(), { ...base, stingers: 'markers' });
    expect(markers.stingers.map((s) => markers.cuts[s.cut].frame)).toEqual([1800]);
    expect(markers.warnings.some((w) => /marker "hit".*inside dialogue/.test(w))).toBe(true);
    const times = planScore(timeline(), { ...base, stingers: [42.5, 75.1] });
    expect(times.stingers.map((s) => times.cuts[s.cut].frame)).toEqual([1800]);
    for (const plan of [markers, times]) {
      for (const s of plan.stingers) expect(plan.dialogue.some((r) => s.hitSample > r.startSample && s.hitSample < r.endSample)).toBe(false);
    }
  });

  it('stingersInDialogue allows them, still on the cut sample', () => {
    const plan = planScore(timeline(), { ...base, stingers: 'markers', stingersInDialogue: true });
    expect(plan.stingers.map((s) => plan.cuts[s.cut].frame)).toEqual([1020, 1800]);
    for (const s of plan.stingers) expect(s.hitSample).toBe(plan.cuts[s.cut].sample);
    expect(plan.warnings.some((w) => /inside dialogue/.test(w))).toBe(false);
  });

  it('warns when an explicit time is far from any cut', () => {
    const plan = planScore(timeline(), { ...base, stingers: [5] });
    expect(plan.stingers.map((s) => plan.cuts[s.cut].frame)).toEqual([240]);
    expect(plan.warnings.some((w) => /no cut within 1 s/.test(w))).toBe(true);
  });

  it('property-like: scene stingers on many edits hit cuts, never overlap, never in dialogue', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const t = realisticEdit(seed, 40, 120);
      t.dialogue = [[10, 18], [50, 61], [90, 93]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
      const plan = planScore(t, { ...base, seed, brief: 'energetic trailer', stingers: 'scenes' });
      for (let i = 0; i < plan.stingers.length; i++) {
        const s = plan.stingers[i];
        expect(s.hitSample).toBe(plan.cuts[s.cut].sample);
        expect(plan.cuts[s.cut].scene).toBe(true);
        expect(s.startSample).toBeLessThanOrEqual(s.hitSample);
        if (i > 0) expect(plan.stingers[i - 1].endSample).toBeLessThanOrEqual(s.startSample);
        expect(plan.dialogue.some((r) => s.hitSample > r.startSample && s.hitSample < r.endSample)).toBe(false);
      }
    }
  });
});
