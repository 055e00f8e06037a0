import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { chordOnDegree } from '../../src/music/harmony';
import { sectionChords } from '../../src/music/grammar';
import { voiceChord } from '../../src/music/voicing';
import { realisticEdit } from '../plan/helpers';

const SEC = 254016000000;

function scored(brief: string, seed = 3, extra: Partial<Parameters<typeof planScore>[1]> = {}) {
  const timeline = realisticEdit(6, 25, 90);
  timeline.dialogue = [[20, 28], [50, 53]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
  const plan = planScore(timeline, { brief, seed, sampleRate: 48000, stingers: 'scenes', ...extra });
  return { plan, arrangement: arrange(plan) };
}

describe('arrange', () => {
  it('emits sorted events inside [0, length) and copies ducking', () => {
    const { plan, arrangement } = scored('bright, forward-moving background music for a product video, builds slightly in the final 20 seconds');
    const { events, lengthSamples } = arrangement;
    expect(lengthSamples).toBe(plan.sequence.durationSamples);
    expect(events.length).toBeGreaterThan(200);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (i > 0) expect(e.start).toBeGreaterThanOrEqual(events[i - 1].start);
      expect(Number.isInteger(e.start) && Number.isInteger(e.length)).toBe(true);
      expect(e.start).toBeGreaterThanOrEqual(0);
      expect(e.length).toBeGreaterThan(0);
      expect(e.start + e.length).toBeLessThanOrEqual(lengthSamples);
      expect(e.velocity >= 0 && e.velocity <= 1 && e.brightness >= 0 && e.brightness <= 1).toBe(true);
    }
    expect(arrangement.duck).toEqual(plan.ducking.map((k) => ({ sample: k.sample, gainDb: k.gainDb })));
    expect(arrangement.fadeOutSamples).toBeGreaterThan(0);
    // textures: the palette's room air (src/music/orchestra/percussion.ts writeRoom)
    expect(new Set(events.map((e) => e.group))).toEqual(new Set(['pads', 'bass', 'keys', 'lead', 'percussion', 'stingers', 'textures']));
    expect(events.filter((e) => e.group === 'textures').every((e) => e.instrument === 'noise-bed' && e.velocity <= 0.2)).toBe(true);
  });

  it('stinger events land on their cut and downbeats at section starts are not humanised', () => {
    const { plan, arrangement } = scored('energetic trailer');
    const st = arrangement.events.filter((e) => e.group === 'stingers');
    expect(st.map((e) => e.hit)).toEqual(plan.stingers.map((s) => s.hitSample));
    for (const s of st) expect(plan.cuts.some((c) => c.sample === s.hit)).toBe(true);
    for (const sec of plan.sections.slice(1)) {
      // something lands on the downbeat, or the pads hold through it (held notes tie across sections)
      const lands = arrangement.events.some((e) => e.group !== 'stingers' && e.start === sec.startSample);
      const held = arrangement.events.some((e) => e.group === 'pads' && e.start < sec.startSample && e.start + e.length > sec.startSample);
      expect(lands || held).toBe(true);
      // and nothing meant for the downbeat is nudged just off it
      expect(arrangement.events.some((e) => e.start !== sec.startSample && Math.abs(e.start - sec.startSample) <= 0.004 * 48000 && e.group !== 'stingers')).toBe(false);
    }
  });

  it('no drums means no percussion; thins out under speech', () => {
    const { plan, arrangement } = scored('upbeat corporate, no drums');
    expect(arrangement.events.some((e) => e.group === 'percussion')).toBe(false);
    const { arrangement: withDrums } = scored('upbeat corporate');
    expect(withDrums.events.some((e) => e.group === 'percussion')).toBe(true);
    for (const r of plan.dialogue) {
      const under = withDrums.events.filter((e) => e.start < r.endSample && e.start + e.length > r.startSample && e.group !== 'stingers');
      for (const e of under) {
        // no lead and no textures but a drone or the room's faint air (a room does not stop for a line)
        expect(['lead', 'textures'].includes(e.group) && e.instrument !== 'drone' && !(e.instrument === 'noise-bed' && e.velocity <= 0.2)).toBe(false);
        // keys keep moving under speech, but only soft, dark and below the voice band
        if (e.group === 'keys') {
          expect(e.midi).toBeLessThanOrEqual(60);
          expect(e.velocity).toBeLessThanOrEqual(0.35);
          expect(e.brightness).toBeLessThanOrEqual(0.1);
        }
        // only what sits outside the voice band survives, softer: the kick role (the corporate
        // palette plays it on the kit's kick) and closed hats and shaker above the band
        if (e.group === 'percussion') expect(['kick', 'kit-kick', 'kit-hat-closed', 'kit-shaker']).toContain(e.instrument);
        if (e.group === 'percussion' && e.instrument !== 'kick' && e.instrument !== 'kit-kick') expect(e.velocity).toBeLessThanOrEqual(0.5);
        // pads stay in their register but soft (the bus thins the voice band: synth/speech-dip)
        if (e.group === 'pads') expect(e.midi).toBeLessThanOrEqual(69);
      }
      // …and the music does not drop out there: something besides pads and bass is playing
      expect(withDrums.events.some((e) => e.group === 'keys' && e.start >= r.startSample && e.start < r.endSample)).toBe(true);
    }
  });

  it('ends on a button hit without a fade when asked', () => {
    const { arrangement } = scored('playful social ends on a hit');
    expect(arrangement.fadeOutSamples).toBe(0);
    expect(arrangement.events.some((e) => e.instrument === 'impact' && e.start + e.length === arrangement.lengthSamples)).toBe(true);
  });
});

describe('harmony', () => {
  it('builds chords from degrees, not roman-numeral parsing', () => {
    expect(chordOnDegree('C', 'major', 2, true)).toMatchObject({ symbol: 'Dm7', degree: 'ii7', root: 'D' });
    expect(chordOnDegree('A', 'aeolian', 6, false)).toMatchObject({ symbol: 'F', degree: 'bVI' });
    expect(chordOnDegree('A', 'harmonic minor', 5, true).symbol).toBe('E7');
    expect(chordOnDegree('C', 'major', 7, true).symbol).toBe('Bm7b5');
  });

  it('cadences into boundaries and resolves the final section to the tonic', () => {
    const base = { seed: 1, sectionId: 'sec-0', key: 'D', mode: 'major' as const, kind: 'peak' as const, bars: 8, barsPerChord: 1 };
    const mid = sectionChords({ ...base, final: false });
    expect(mid[mid.length - 1].degree).toMatch(/^V/);
    const end = sectionChords({ ...base, final: true });
    expect(end[end.length - 1]).toMatchObject({ degree: 'I', root: 'D' });
    expect(end.reduce((n, c) => n + c.bars, 0)).toBe(8);
    for (let i = 1; i < end.length; i++) expect(end[i].bar).toBe(end[i - 1].bar + end[i - 1].bars);
  });

  it('voice-leads with minimal motion', () => {
    const c = voiceChord([0, 4, 7], null, 52, 74);
    const f = voiceChord([5, 9, 0], c, 52, 74);
    const motion = f.reduce((n, m, i) => n + Math.abs(m - c[i]), 0);
    expect(motion).toBeLessThanOrEqual(4);
    expect(new Set(f.map((m) => m % 12))).toEqual(new Set([5, 9, 0]));
  });
});
