import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { counterLine } from '../../src/music/motif';
import { chordChromas, scaleMidis } from '../../src/music/harmony';
import type { SectionContext } from '../../src/music/context';
import { realisticEdit } from '../plan/helpers';

/** Issue 14 point 2: a theme stated early, developed, answered, returning at the peak or end; resting under speech. */
const SEC = 254016000000;

describe('theme', () => {
  for (const preset of ['documentary', 'corporate', 'trailer', 'ai-film']) {
    it(`${preset}: stated early, developed, back at the peak or ending, silent under dialogue, with a counter-line`, () => {
      const timeline = realisticEdit(11, 70, 180);
      timeline.dialogue = [[30, 45], [100, 112]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
      const plan = planScore(timeline, { brief: '', preset, seed: 1, sampleRate: 48000 });
      const themed = plan.sections.filter((s) => s.motif);
      // stated within the first 30 s (the issue found none for 123 s of a documentary)
      expect(themed[0].start).toBeLessThan(30);
      expect(themed[0].motifVariant).toBe('statement');
      const variants = new Set(themed.map((s) => s.motifVariant));
      expect(variants.size).toBeGreaterThanOrEqual(3);
      expect([...variants].some((v) => v === 'sequence' || v === 'inversion')).toBe(true);
      const last = plan.sections[plan.sections.length - 1];
      expect(themed.some((s) => s.motifVariant === 'full') || last.motifVariant === 'augmented').toBe(true);
      for (const s of plan.sections.filter((x) => x.underDialogue)) expect(s.motif).toBeUndefined();
      const { events } = arrange(plan);
      const lead = events.filter((e) => e.group === 'lead');
      for (const r of plan.dialogue) expect(lead.some((e) => e.start < r.endSample && e.start + e.length > r.startSample)).toBe(false);
      // the counter-line: a second line in the lead group, moving against the tune (notes that
      // overlap a tune note, start elsewhere and are not an octave layer of it)
      if (plan.sections.some((s) => s.energy >= 0.5 && !s.underDialogue && s.kind !== 'intro')) {
        const sorted = [...lead].sort((a, b) => a.start - b.start);
        const against = sorted.some((a, i) => sorted.slice(i + 1, i + 40).some((b) => b.start > a.start && b.start < a.start + a.length && (b.midi - a.midi) % 12 !== 0));
        expect(against).toBe(true);
      }
    });
  }

  it('the counter-line moves by passing and neighbour tones on weak beats, in the key, never in speech', () => {
    const timeline = realisticEdit(11, 70, 180);
    let ornaments = 0, checked = 0;
    for (const preset of ['documentary', 'corporate', 'trailer', 'ai-film']) {
      for (const seed of [1, 2]) {
        const plan = planScore(timeline, { brief: '', preset, seed, sampleRate: 48000 });
        for (const section of plan.sections.filter((s) => s.bpm > 0)) {
          const bpb = section.beatsPerBar;
          const chords = section.chords.map((c) => ({ beat: c.bar * bpb, beats: c.bars * bpb, chromas: chordChromas(section.key, section.mode, c), bass: 0 }));
          const beats = section.bars * bpb;
          // speech over the third quarter of the section (beats, one sample per beat here)
          const speech = (a: number, b: number) => a < Math.ceil(0.75 * beats) && b > Math.floor(0.5 * beats);
          const ctx = {
            plan, section, beats, chords, speech, at: (b: number) => b,
            chordAt: (b: number) => (chords.find((c) => b >= c.beat && b < c.beat + c.beats) ?? chords[chords.length - 1]).chromas,
          } as unknown as SectionContext;
          const line = counterLine(ctx);
          const scale = new Set(scaleMidis(section.key, section.mode, 40, 90).map((m) => m % 12));
          line.forEach((n, i) => {
            expect(speech(n.beat, n.beat + n.beats)).toBe(false);
            const tone = ctx.chordAt(n.beat).includes(n.midi % 12);
            if (!n.ornament) { expect(tone).toBe(true); return; }
            // a non-chord tone on the weak beat, in the scale, reached and left by step
            ornaments++;
            expect(chords.some((c) => c.beat === n.beat) || Number.isInteger(n.beat / bpb)).toBe(false);
            expect(scale.has(n.midi % 12)).toBe(true);
            const [a, b] = [line[i - 1], line[i + 1]];
            expect(a.beat + a.beats).toBe(n.beat);
            expect(b.beat).toBe(n.beat + n.beats);
            expect(Math.abs(n.midi - a.midi)).toBeGreaterThan(0);
            expect(Math.abs(n.midi - a.midi)).toBeLessThanOrEqual(2);
            expect(Math.abs(n.midi - b.midi)).toBeLessThanOrEqual(2);
            if (n.ornament === 'passing') expect(Math.sign(n.midi - a.midi)).toBe(Math.sign(b.midi - n.midi));
            else expect(b.midi).toBe(a.midi);
            if (!tone) checked++;
          });
        }
      }
    }
    // most ornaments are real non-chord tones (a passing tone may happen to be a chord tone)
    expect(ornaments).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(ornaments / 2);
  });
});
