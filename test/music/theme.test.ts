import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
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
});
