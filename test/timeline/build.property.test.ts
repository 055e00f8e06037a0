import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RATES, framesToTicks } from '../../src/time';
import { SourceSequence, buildTimeline } from '../../src/timeline';

const rate = RATES['29.97'];
const clipArb = fc
  .record({ start: fc.integer({ min: 0, max: 300 }), len: fc.integer({ min: 1, max: 120 }), overlay: fc.boolean(), enabled: fc.boolean() })
  .map(({ start, len, overlay, enabled }) => ({
    name: `c${start}`,
    start: framesToTicks(start, rate),
    end: framesToTicks(start + len, rate),
    enabled,
    coverage: overlay ? ('overlay' as const) : ('opaque' as const),
  }));

describe('buildTimeline properties', () => {
  it('cuts are sorted, one per frame, strictly inside the range, and each is an edge of an enabled clip; overlays cut only where no opaque picture is beneath', () => {
    fc.assert(
      fc.property(fc.array(fc.array(clipArb, { maxLength: 6 }), { minLength: 1, maxLength: 4 }), (tracks) => {
        const seq: SourceSequence = {
          source: 'prop',
          name: 'prop',
          frameRate: rate,
          tracks: tracks.map((clips, i) => ({ kind: 'video', index: i + 1, name: `V${i + 1}`, enabled: true, clips })),
          markers: [],
          warnings: [],
        };
        const live = tracks.flat().filter((c) => c.enabled);
        if (live.length === 0) {
          expect(() => buildTimeline(seq)).toThrow(/no enabled clips/);
          return;
        }
        const t = buildTimeline(seq);
        expect(t.range.end).toBe(Math.max(...live.map((c) => c.end)));
        const edges = new Set(live.flatMap((c) => [c.start, c.end]));
        t.cuts.forEach((c, i) => {
          if (i > 0) expect(c.frame).toBeGreaterThan(t.cuts[i - 1].frame);
          expect(c.time).toBe(framesToTicks(c.frame, rate));
          expect(c.time).toBeGreaterThan(t.range.start);
          expect(c.time).toBeLessThan(t.range.end);
          expect(edges.has(c.time)).toBe(true);
        });
        // Overlays never hide a cut, and add one only where no opaque clip covers one side of it.
        const noOverlays = { ...seq, tracks: seq.tracks.map((tr) => ({ ...tr, clips: tr.clips.filter((c) => c.coverage === 'opaque') })) };
        const opaqueAt = (tick: number) => live.some((c) => c.coverage === 'opaque' && c.start <= tick && tick < c.end);
        if (live.some((c) => c.coverage === 'opaque')) {
          const bare = buildTimeline({ ...noOverlays, outPoint: t.range.end });
          const all = new Set(t.cuts.map((c) => c.frame));
          for (const c of bare.cuts) expect(all.has(c.frame)).toBe(true);
          const bareFrames = new Set(bare.cuts.map((c) => c.frame));
          for (const c of t.cuts.filter((x) => !bareFrames.has(x.frame))) {
            expect(opaqueAt(c.time - 1) && opaqueAt(c.time)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
