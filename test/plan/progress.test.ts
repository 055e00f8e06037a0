/**
 * Planning reports how far it is (issue 17.2): a densely cut sequence plans for seconds, so the
 * CLI's progress line and the panel's bar get planning fractions, not one "planning" at 0.
 */
import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { ProgressLine } from '../../src/cli/progress';
import { makeTimeline } from './helpers';

describe('planning progress', () => {
  it('planScore reports fractions from 0 to 1 that never go back, with steps inside the tempo fit of a dense sequence', () => {
    // 10 minutes cut every 6 frames at 23.976: ~2,400 cuts, so the fit walks its boundaries in several reported steps
    const frames = 14386;
    const cutFrames = Array.from({ length: Math.floor(frames / 6) - 1 }, (_, i) => (i + 1) * 6);
    const seen: number[] = [];
    const plan = planScore(makeTimeline({ frames, cutFrames }), { brief: '', seed: 1, sampleRate: 48000, onProgress: (f) => seen.push(f) });
    expect(plan.cuts.length).toBeGreaterThan(2000);
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    // strictly between the context (0.15) and the end of the fit (0.9): the fit's own steps
    expect(seen.filter((f) => f > 0.15 && f < 0.9).length).toBeGreaterThanOrEqual(2);
    // the same plan with or without a listener
    expect(JSON.stringify(planScore(makeTimeline({ frames, cutFrames }), { brief: '', seed: 1, sampleRate: 48000 }))).toBe(JSON.stringify(plan));
  });

  it('the CLI progress line shows a percentage while planning, and quarters in plain mode', () => {
    const out: string[] = [];
    const line = new ProgressLine((t) => out.push(t), true);
    line.show('planning', 0.42);
    line.show('arranging', 0);
    expect(out[0]).toContain('cuebed: planning 42%');
    expect(out[1]).toContain('cuebed: arranging…');
    const plain: string[] = [];
    const log = new ProgressLine((t) => plain.push(t), false);
    log.plain(true);
    for (const f of [0, 0.3, 0.31, 0.8, 1]) log.show('planning', f);
    expect(plain).toEqual(['cuebed: planning 0%\n', 'cuebed: planning 25%\n', 'cuebed: planning 75%\n', 'cuebed: planning 100%\n']);
  });
});
