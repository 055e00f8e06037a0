import { describe, expect, it } from 'vitest';
import { gainAt, planScore } from '../../src/plan';
import { planStingers } from '../../src/plan/stingers';
import { makeTimeline, realisticEdit } from './helpers';

describe('stingers', () => {
  it('hit the cut sample exactly and never start a pre-roll inside another stinger', () => {
    const cuts = [48000, 60000, 100000, 110000, 200000, 300000].map((sample, index) => ({ index, sample, frame: index * 10, energy: 0.8 }));
    for (const preferred of ['riser', 'reverse-swell', 'whoosh', 'impact'] as const) {
      const st = planStingers(cuts, { seed: 5, sampleRate: 48000, lengthSamples: 400000, preferred });
      for (const s of st) {
        expect(s.hitSample).toBe(cuts[s.cut].sample);
        expect(s.startSample).toBeLessThanOrEqual(s.hitSample);
        expect(s.startSample).toBeGreaterThanOrEqual(0);
        for (const o of st) if (o !== s) expect(s.startSample >= o.startSample && s.startSample < o.endSample).toBe(false);
      }
      for (let i = 1; i < st.length; i++) expect(st[i - 1].endSample).toBeLessThanOrEqual(st[i].startSample);
    }
  });

  it('scenes, markers and times all resolve to cut samples', () => {
    const timeline = makeTimeline({
      frames: 2400, cutFrames: [240, 300, 360, 900, 960, 1020, 1080, 1800, 1850], dialogue: [[40, 45]],
      markers: [{ frame: 905, name: 'Stinger here' }, { frame: 1500, name: 'note' }],
    });
    const base = { brief: '', seed: 1, sampleRate: 48000 };
    const scenes = planScore(timeline, { ...base, stingers: 'scenes' });
    expect(scenes.stingers.length).toBeGreaterThan(0);
    for (const s of scenes.stingers) {
      expect(s.hitSample).toBe(scenes.cuts[s.cut].sample);
      expect(scenes.cuts[s.cut].scene).toBe(true);
      expect(scenes.dialogue.some((r) => s.hitSample > r.startSample && s.hitSample < r.endSample)).toBe(false);
    }
    // every marker asks for a hit, whatever its name; one far from a cut moves to the nearest, said so
    const markers = planScore(timeline, { ...base, stingers: 'markers' });
    expect(markers.stingers.map((s) => s.cut)).toEqual([3, 7]);
    expect(markers.warnings.some((w) => w.includes('marker "note"') && w.includes('moved'))).toBe(true);
    const times = planScore(timeline, { ...base, stingers: [10.1, 75] });
    expect(times.stingers.map((s) => times.cuts[s.cut].frame)).toEqual([240, 1800]);
    expect(times.stingers.map((s) => s.hitSample)).toEqual([times.cuts[0].sample, times.cuts[7].sample]);
  });
});

describe('ducking', () => {
  it('reaches the duck depth across each dialogue region and starts at 0 dB', () => {
    const timeline = realisticEdit(9, 20, 60);
    const withSpeech = { ...timeline, dialogue: [[5, 9], [9.5, 12], [30, 31], [58, 60]].map(([a, b]) => ({ start: a * 254016000000, end: b * 254016000000, source: 'A1' })) };
    for (const duckDb of [-12, -18]) {
      const plan = planScore(withSpeech, { brief: '', seed: 1, sampleRate: 48000, duckDb });
      expect(plan.ducking[0]).toMatchObject({ sample: 0, gainDb: 0 });
      for (let i = 1; i < plan.ducking.length; i++) expect(plan.ducking[i].sample).toBeGreaterThan(plan.ducking[i - 1].sample);
      for (const r of plan.dialogue) {
        for (let s = r.startSample; s < r.endSample; s += 4800) expect(gainAt(plan.ducking, s)).toBeCloseTo(duckDb, 9);
        expect(gainAt(plan.ducking, r.endSample - 1)).toBeCloseTo(duckDb, 9);
      }
      // Merged: 9–9.5 s stays down instead of pumping.
      expect(gainAt(plan.ducking, 9.25 * 48000)).toBe(duckDb);
      expect(gainAt(plan.ducking, 20 * 48000)).toBe(0);
      // Hold 0.15 s + release 0.6 s after speech; the fade starts 0.3 s before it.
      expect(gainAt(plan.ducking, 12.75 * 48000)).toBe(0);
      expect(gainAt(plan.ducking, 12.5 * 48000)).toBeLessThan(0);
      expect(gainAt(plan.ducking, 30 * 48000 - 0.3 * 48000)).toBe(0);
      expect(gainAt(plan.ducking, 30 * 48000 - 0.05 * 48000)).toBe(duckDb);
      for (const sec of plan.sections) {
        const speech = plan.dialogue.reduce((n, r) => n + Math.max(0, Math.min(sec.endSample, r.endSample) - Math.max(sec.startSample, r.startSample)), 0);
        expect(sec.underDialogue).toBe(speech * 2 > sec.endSample - sec.startSample);
      }
    }
  });
});

describe('event faults (issue 14)', () => {
  const SR = 48000;
  const sec = (frame: number) => (frame * 1001) / 24000;

  it('a stinger and its pre-roll stay out of the duck, look-ahead and release included', () => {
    // scene-ish cuts; dialogue starts 0.08 s after the cut at frame 600 and ends 0.5 s before frame 1320
    const timeline = makeTimeline({
      frames: 2400, cutFrames: [240, 600, 1200, 1320, 1800],
      dialogue: [[sec(600) + 0.08, sec(1200) - 2], [sec(1320) - 1.6, sec(1320) - 0.5]],
    });
    for (const preset of ['trailer', 'documentary', 'corporate']) {
      const plan = planScore(timeline, { brief: '', preset, seed: 2, sampleRate: SR, stingers: [sec(600), sec(1320), sec(1800)] });
      expect(plan.stingers.length).toBeGreaterThan(0);
      for (const s of plan.stingers) {
        for (let x = s.startSample; x <= s.hitSample + 0.35 * SR; x += 240) expect(gainAt(plan.ducking, x)).toBe(0);
      }
      // the hit 0.08 s before the interview is not placed, and the editor is told why
      expect(plan.stingers.some((s) => s.hitSample === plan.cuts[1].sample)).toBe(false);
      expect(plan.warnings.some((w) => w.includes('duck'))).toBe(true);
    }
  });

  it('--stingers markers uses every sequence marker and warns when there is none', () => {
    const named = ['Interview', 'Montage', 'Reveal', 'Logo'];
    const timeline = makeTimeline({
      frames: 2400, cutFrames: [240, 600, 1200, 1800, 2100],
      markers: [240, 600, 1200, 1800].map((frame, i) => ({ frame, name: named[i] })),
    });
    const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: SR, stingers: 'markers' });
    expect(plan.stingers.map((s) => plan.cuts[s.cut].frame)).toEqual([240, 600, 1200, 1800]);
    const bare = planScore({ ...timeline, markers: [] }, { brief: '', seed: 1, sampleRate: SR, stingers: 'markers' });
    expect(bare.stingers).toEqual([]);
    expect(bare.warnings.some((w) => /no markers/.test(w))).toBe(true);
  });
});
