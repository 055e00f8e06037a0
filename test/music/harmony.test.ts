import { describe, expect, it } from 'vitest';
import { freshSectionChords, sectionChords, type Cadence, type HarmonyInput } from '../../src/music/grammar';
import { chordBass, chordChromas, chromaOf } from '../../src/music/harmony';
import { planScore } from '../../src/plan';
import type { Chord } from '../../src/plan/types';
import { explainPlan } from '../../src/cli/plan-command';
import { makeTimeline, realisticEdit } from '../plan/helpers';

/** Issue 14 point 1: harmony from a functional grammar, cadences chosen by what follows. */
const base: HarmonyInput = { seed: 1, sectionId: 'sec-0', key: 'D', mode: 'major', kind: 'build', bars: 8, barsPerChord: 1, final: false, style: 'underscore' };
const degrees = (cs: Chord[]) => cs.map((c) => c.degree);
const many = (h: Partial<HarmonyInput>) => Array.from({ length: 60 }, (_, i) => sectionChords({ ...base, ...h, sectionId: `sec-${i * 37}` }));

describe('functional harmony', () => {
  it('chooses the cadence by what follows', () => {
    const last2 = (next: Cadence, extra: Partial<HarmonyInput> = {}) => many({ next, ...extra }).map((cs) => degrees(cs).slice(-2));
    for (const [a, b] of last2('end', { final: true })) { expect(a).toMatch(/^V/); expect(b).toBe('I'); }
    for (const [a, b] of last2('scene')) { expect(a).toMatch(/^V/); expect(b).toBe('I'); }
    for (const [, b] of last2('cut')) expect(b).toMatch(/^V(?!I)/);
    for (const [a, b] of last2('turn')) { expect(a).toMatch(/^V/); expect(b).toMatch(/^vi/); }
    for (const [a, b] of last2('dialogue')) { expect(a).not.toMatch(/^V/); expect(b).toBe('I'); }
    // minor: a real dominant (raised leading tone) closes an underscore cadence
    for (const cs of many({ mode: 'aeolian', key: 'A', next: 'scene' })) {
      expect(cs[cs.length - 2].symbol).toMatch(/^E7?(sus4)?$/);
      expect(cs[cs.length - 1].symbol).toMatch(/^Am/);
    }
  });

  it('under dialogue: tonic and predominant over a pedal, no dominant chord, ends home on the tonic', () => {
    const pedals = ['D', 'A', 'G'].map(chromaOf); // tonic, dominant, subdominant
    for (const passage of [0, 1, 2, 3]) {
      for (const cs of many({ underDialogue: true, bars: 12, passage })) {
        for (const c of cs) {
          expect(pedals).toContain(chordBass(c));
          expect(c.degree).not.toMatch(/^V|^vii/);
        }
        expect(cs[cs.length - 1].degree).toBe('I');
        expect(chordBass(cs[cs.length - 1])).toBe(pedals[0]);
        // the pedal moves on by 16-beat phrase, and each passage sets out one further than the last
        expect(chordBass(cs[0])).toBe(pedals[passage % 3]);
        const second = cs.find((c) => c.bar >= 4 && c.bar < 8 && c !== cs[cs.length - 1]);
        if (second) expect(chordBass(second)).toBe(pedals[(passage + 1) % 3]);
      }
    }
  });

  it('a cue does not restate a progression it already played: a short section is re-drawn, then moves faster', () => {
    const earlier: Chord[][] = [];
    for (let i = 0; i < 10; i++) {
      const h: HarmonyInput = { ...base, sectionId: `sec-${i}`, bars: 4, barsPerChord: 2, next: 'scene', kind: 'peak' };
      const plain = sectionChords(h);
      const fresh = freshSectionChords(h, earlier);
      const sig = (cs: Chord[]) => cs.map((c) => `${c.degree}@${c.bar}+${c.bars}`).join(' ');
      expect(earlier.map(sig), `section ${i}`).not.toContain(sig(fresh));
      if (!earlier.map(sig).includes(sig(plain))) expect(fresh).toEqual(plain);
      earlier.push(fresh);
    }
    // the planner uses it: no two sections of a 3-minute cue share a progression
    const plan = planScore(realisticEdit(11, 70, 180), { brief: '', preset: 'ai-film', seed: 1, sampleRate: 48000 });
    const sigs = plan.sections.map((s) => s.chords.map((c) => `${c.degree}@${c.bar}+${c.bars}`).join(' '));
    expect(new Set(sigs).size).toBe(sigs.length);
  });

  it('is not a loop: secondary dominants, borrowed chords, suspensions and inversions where the style allows', () => {
    const all = many({ bars: 12 }).flat();
    const has = (re: RegExp) => all.some((c) => re.test(c.degree));
    expect(has(/^V7\/V$/)).toBe(true);
    expect(has(/^V7\/vi$/)).toBe(true);
    expect(has(/^(iv|bVI|bVII)$/)).toBe(true);
    expect(has(/sus4$/)).toBe(true);
    expect(all.some((c) => c.symbol.includes('/'))).toBe(true);
    // a 12-bar section does not restate the same four chords
    for (const cs of many({ bars: 12 }).slice(0, 20)) {
      const seq = cs.flatMap((c) => Array<string>(c.bars).fill(c.degree));
      const grams = new Set<string>();
      let repeats = 0;
      for (let i = 0; i + 4 <= seq.length; i += 4) { const g = seq.slice(i, i + 4).join(' '); if (grams.has(g)) repeats++; grams.add(g); }
      expect(repeats).toBeLessThanOrEqual(1);
    }
    // a plain bed keeps colour rare, ambient takes no secondary dominants
    expect(many({ style: 'ambient', bars: 12 }).flat().some((c) => /\/V|\/vi/.test(c.degree))).toBe(false);
  });

  it('minor keys take their own colour: V7/iv before iv, the major IV and the Neapolitan sixth before V, a Picardy ending', () => {
    const all = many({ mode: 'aeolian', key: 'A', bars: 12 }).concat(many({ mode: 'harmonic minor', key: 'E', bars: 12, style: 'thematic' }));
    const pairs = all.flatMap((cs) => cs.slice(0, -1).map((c, i) => [c, cs[i + 1]] as const));
    const of = (label: string) => pairs.filter(([c]) => c.degree === label);
    expect(of('V7/iv').length).toBeGreaterThan(0);
    for (const [c, n] of of('V7/iv')) { expect(chordChromas('A', 'aeolian', c)).toHaveLength(4); expect(n.degree).toMatch(/^iv/); }
    expect(of('IV').length).toBeGreaterThan(0);
    for (const [, n] of of('IV')) expect(n.degree).toMatch(/^V/);
    expect(of('bII6').length).toBeGreaterThan(0);
    for (const [c, n] of of('bII6')) {
      // first inversion: the bass on the fourth degree of the key, the chord on the flat second
      const key = c.symbol.startsWith('Bb') ? 'A' : 'E';
      expect((chordChromas(key, 'aeolian', c)[0] - chromaOf(key) + 12) % 12).toBe(1);
      expect((chordBass(c) - chromaOf(key) + 12) % 12).toBe(5);
      expect(n.degree).toMatch(/^V/);
    }
    // a bed keeps to plain colour: no Neapolitan
    expect(many({ mode: 'aeolian', key: 'A', bars: 12, style: 'bed' }).flat().some((c) => c.degree === 'bII6')).toBe(false);
    // the last chord of a minor cue is sometimes major (not in a dark phrygian one)
    const endings = (mode: HarmonyInput['mode']) => many({ mode, key: 'A', final: true, style: 'thematic' }).map((cs) => cs[cs.length - 1]);
    expect(endings('aeolian').some((c) => c.symbol === 'A' && c.degree === 'I')).toBe(true);
    expect(endings('aeolian').some((c) => c.symbol === 'Am')).toBe(true);
    expect(endings('phrygian').every((c) => c.symbol.startsWith('Am'))).toBe(true);
  });

  it('modulates at a scene change where the style allows, with a pivot dominant; a bed stays in its key', () => {
    // a long hold out of the fourth shot marks a scene change (src/plan/scenes.ts)
    const timeline = makeTimeline({ frames: 3600, cutFrames: [300, 600, 900, 1900, 2200, 2500, 2800, 3100, 3400] });
    const moved: string[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const plan = planScore(timeline, { brief: '', preset: 'trailer', seed, sampleRate: 48000 });
      const keys = plan.sections.map((s) => s.key);
      const at = keys.findIndex((k) => k !== keys[0]);
      if (at < 0) continue;
      // one change, on a scene cut, after a third of the cue, out of a pivot dominant of the new key
      expect(new Set(keys.slice(at)).size).toBe(1);
      expect(plan.cuts.find((c) => c.sample === plan.sections[at].startSample)?.scene).toBe(true);
      expect(plan.sections[at].startSample).toBeGreaterThanOrEqual(plan.sequence.durationSamples / 3);
      const pivot = plan.sections[at - 1].chords[plan.sections[at - 1].chords.length - 1];
      expect((chromaOf(pivot.root) - chromaOf(keys[at]) + 12) % 12).toBe(7);
      expect(pivot.symbol).toMatch(/7$/);
      moved.push(`${keys[0]}→${keys[at]}`);
      // --explain says where the key changes and why
      expect(explainPlan(plan, 0)).toContain(`key change from ${keys[0]} at a scene change`);
    }
    // a thematic cue takes the scene change every time it can
    expect(moved.length).toBe(6);
    expect(new Set(moved.map((m) => m.split('→').map(chromaOf).reduce((a, b) => (b - a + 12) % 12))).size).toBeGreaterThan(1);
    for (let seed = 1; seed <= 6; seed++) {
      const bed = planScore(timeline, { brief: '', preset: 'trailer', style: 'bed', seed, sampleRate: 48000 });
      expect(new Set(bed.sections.map((s) => s.key)).size).toBe(1);
    }
  });

  it('reads every planned chord back from its symbol, slash basses included', () => {
    expect(chordChromas('C', 'major', { symbol: 'F/C', degree: 'IV/ped', root: 'F', bar: 0, bars: 1 })).toEqual([5, 9, 0]);
    expect(chordBass({ symbol: 'F/C', degree: 'IV/ped', root: 'F', bar: 0, bars: 1 })).toBe(0);
    expect(chordChromas('C', 'major', { symbol: 'D7', degree: 'V7/V', root: 'D', bar: 0, bars: 1 })).toEqual([2, 6, 9, 0]);
    expect(chordChromas('C', 'major', { symbol: 'Gsus4', degree: 'Vsus4', root: 'G', bar: 0, bars: 1 })).toEqual([7, 0, 2]);
    for (const cs of many({ bars: 12 })) for (const c of cs) expect(() => chordChromas('D', 'major', c)).not.toThrow();
  });

  it('modulates up a whole tone at the peak when the brief asks for lift, with a pivot dominant', () => {
    const timeline = makeTimeline({ frames: 2400, cutFrames: [300, 600, 900, 1200, 1500, 1800, 2100] });
    const flat = planScore(timeline, { brief: 'uplifting corporate, builds to the end', seed: 1, sampleRate: 48000 });
    expect(new Set(flat.sections.map((s) => s.key)).size).toBe(1);
    const lift = planScore(timeline, { brief: 'uplifting corporate, builds and lifts to the end', seed: 1, sampleRate: 48000 });
    const keys = lift.sections.map((s) => s.key);
    const at = keys.findIndex((k) => k !== keys[0]);
    expect(at).toBeGreaterThan(0);
    expect((chromaOf(keys[at]) - chromaOf(keys[0]) + 12) % 12).toBe(2);
    const pivot = lift.sections[at - 1].chords[lift.sections[at - 1].chords.length - 1];
    expect(pivot.root).toBe(['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'].find((n) => chromaOf(n) === (chromaOf(keys[at]) + 7) % 12));
  });

  it('different seeds open in different keys', () => {
    const timeline = makeTimeline({ frames: 1200, cutFrames: [300, 600, 900] });
    const key = (seed: number) => planScore(timeline, { brief: '', seed, sampleRate: 48000 }).sections[0].key;
    for (let seed = 1; seed < 8; seed++) expect(key(seed)).not.toBe(key(seed + 1));
  });
});
