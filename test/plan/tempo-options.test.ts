/**
 * The bar options of a stretch (TempoOptions, refilled per stretch by the tempo fit): the order and
 * the fallback the fit's DP has always seen, since its ties keep the order options were found in.
 */
import { describe, expect, it } from 'vitest';
import { TempoOptions, type FitInput } from '../../src/plan/tempo-score';
import { R23976 } from './helpers';

const SR = 48000;
const fit = (over: Partial<FitInput> = {}): FitInput => ({
  cuts: [], scene: [], length: 600 * SR, sampleRate: SR, frameRate: R23976, bpmRange: [96, 124], targetBpm: 110,
  beatsPerBar: 4, minLen: 6 * SR, maxLen: 24 * SR, unmeasured: false, ...over,
});
const list = (len: number, input: FitInput) => {
  const o = new TempoOptions();
  o.fill(len, input);
  return Array.from({ length: o.count }, (_, k) => o.option(k));
};

describe('bar options of a stretch', () => {
  it('4/4 in range first, then the odd half-bar (2/4) counts 4/4 cannot reach, each at its exact bpm', () => {
    // 20 s: 4/4 bars 8..10 are 96..120 bpm; 2/4 counts 16..20, of which the odd 17 and 19 are added
    const opts = list(20 * SR, fit());
    expect(opts.map((o) => [o.bars, o.beatsPerBar, o.outOfRange])).toEqual([[8, 4, false], [9, 4, false], [10, 4, false], [17, 2, false], [19, 2, false]]);
    for (const o of opts) expect(o.bpm).toBe((o.bars * o.beatsPerBar * 60 * SR) / (20 * SR));
  });

  it('only half bars when no whole 4/4 bar fits the range', () => {
    // 3.3 s: one 4/4 bar is 72.7 bpm, two are 145.5 (both out); three 2/4 bars are 109.1 (in)
    const opts = list(3.3 * SR, fit());
    expect(opts.map((o) => [o.bars, o.beatsPerBar, o.outOfRange])).toEqual([[3, 2, false]]);
  });

  it('the nearest 4/4 counts outside the range when nothing fits, below then above', () => {
    const opts = list(2 * SR, fit());
    // 1 bar of 4/4 in 2 s is 120 bpm: in range, so squeeze the range to force the fallback
    const none = list(2 * SR, fit({ bpmRange: [125, 130] }));
    expect(opts.map((o) => o.bars)).toEqual([1]);
    expect(none.map((o) => [o.bars, o.beatsPerBar, o.outOfRange])).toEqual([[1, 4, true], [2, 4, true]]);
  });

  it('an ambient (unmeasured) stretch has one option of ~5 s bars and no tempo', () => {
    expect(list(23 * SR, fit({ unmeasured: true }))).toEqual([{ bars: 5, beatsPerBar: 4, bpm: 0, outOfRange: false }]);
  });
});
