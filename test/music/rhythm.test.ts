import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { fillFor, groovesFor } from '../../src/music/drums';
import type { SectionContext } from '../../src/music/context';
import type { Plan, Section } from '../../src/plan/types';
import { realisticEdit } from '../plan/helpers';

/** Issue 14 point 3: several grooves per band, variation within every 8 bars, fills sized by the transition. */

/** Per section, per bar: the kit onsets as "instrument@16th" strings (kit pieces by their role name). */
function barPatterns(plan: Plan, seed: number) {
  const events = arrange(plan).events.filter((e) => e.group === 'percussion');
  return plan.sections.filter((s) => s.bpm > 0).map((s) => {
    const barLen = (s.endSample - s.startSample) / s.bars;
    const bars: string[][] = Array.from({ length: s.bars }, () => []);
    for (const e of events) {
      if (e.start < s.startSample || e.start >= s.endSample) continue;
      const x = (e.start - s.startSample) / barLen;
      const bar = Math.floor(x);
      // humanised timing (±4 ms) can round a step up to the next bar's downbeat: that is step 0
      bars[bar].push(`${e.instrument}@${Math.round((x - bar) * 16) % 16}`);
    }
    return { section: s, seed, bars: bars.map((b) => [...new Set(b)].sort().join(' ')) };
  });
}

describe('rhythm', () => {
  it('has at least three grooves per energy band and meter', () => {
    for (const e of [0.4, 0.6, 0.8]) for (const m of [3, 4]) expect(groovesFor(e, m).length).toBeGreaterThanOrEqual(3);
    expect(groovesFor(0.8, 4).some((g) => g.name === 'half-time')).toBe(true);
  });

  it('sections and seeds play different grooves, and every 8 bars hold a variation', () => {
    const timeline = realisticEdit(4, 40, 150);
    const firstBars = new Map<string, Set<string>>();
    let long = 0;
    for (const seed of [1, 2, 3]) {
      const plan = planScore(timeline, { brief: 'energetic, driving', preset: 'corporate', seed, sampleRate: 48000 });
      for (const { section, bars } of barPatterns(plan, seed)) {
        const played = bars.filter((b) => b.length > 0);
        if (played.length === 0) continue;
        const band = section.energy >= 0.72 ? 'high' : section.energy >= 0.45 ? 'mid' : 'low';
        if (!firstBars.has(band)) firstBars.set(band, new Set());
        firstBars.get(band)?.add(bars[0]);
        // inside each 8 bars (fills aside) some bar differs from the phrase's first
        for (let at = 0; at + 8 <= bars.length - 1; at += 8) {
          long++;
          expect(new Set(bars.slice(at, at + 8)).size, `${section.id} bars ${at}-${at + 7}`).toBeGreaterThan(1);
        }
      }
    }
    expect(long).toBeGreaterThan(0);
    for (const [band, set] of firstBars) if (band !== 'low') expect(set.size, band).toBeGreaterThanOrEqual(3);
  });

  it('two sections in a row never open on the same groove (a second peak is not the first again)', () => {
    const timeline = realisticEdit(4, 40, 150);
    let pairs = 0;
    for (const seed of [1, 2, 3, 4]) {
      for (const preset of ['corporate', 'trailer']) {
        const plan = planScore(timeline, { brief: 'energetic, driving', preset, seed, sampleRate: 48000 });
        const sections = barPatterns(plan, seed);
        for (let i = 1; i < sections.length; i++) {
          const [a, b] = [sections[i - 1], sections[i]];
          const band = (s: Section) => (s.energy >= 0.72 ? 2 : s.energy >= 0.45 ? 1 : 0);
          if (band(a.section) !== band(b.section) || a.bars.length < 2 || b.bars.length < 2 || !a.bars[0] || !b.bars[0]) continue;
          if (a.section.endSample !== b.section.startSample) continue;
          pairs++;
          expect(b.bars[0], `${preset} seed ${seed}: ${a.section.id} → ${b.section.id}`).not.toBe(a.bars[0]);
        }
      }
    }
    expect(pairs).toBeGreaterThan(10);
  });

  it('sizes fills by the transition: build-up into a peak > scene change > cut; none into a drop', () => {
    const section = (over: Partial<Section>): Section => ({
      id: 'a', start: 0, end: 8, startSample: 0, endSample: 384000, kind: 'build', energy: 0.6, key: 'C', mode: 'major', bars: 8, beatsPerBar: 4, bpm: 120,
      chords: [], underDialogue: false, ...over,
    });
    const ctxFor = (cur: Partial<Section>, next: Partial<Section>, scene: boolean) => ({
      section: section(cur), next: section({ id: 'b', startSample: 384000, ...next }), meter: 4, beats: 32,
      plan: { cuts: [{ time: 8, sample: 384000, frame: 192, scene, onBeat: true }] },
    }) as unknown as SectionContext;
    const cut = fillFor(ctxFor({ kind: 'resolve' }, { kind: 'resolve', energy: 0.6 }, false));
    const scene = fillFor(ctxFor({ kind: 'resolve' }, { kind: 'resolve', energy: 0.6 }, true));
    const build = fillFor(ctxFor({ kind: 'build' }, { kind: 'peak', energy: 0.8 }, false));
    const drop = fillFor(ctxFor({ kind: 'peak' }, { kind: 'resolve', energy: 0.3 }, true));
    expect(scene.beats).toBeGreaterThan(cut.beats);
    expect(build.beats).toBeGreaterThan(scene.beats);
    expect(build.kind).toBe('build-up');
    expect(drop.beats).toBe(0);
  });
});
