/**
 * Issue 15 point 11: plan.svg readable from 10 s to 2 h: section and tempo labels thinned so none
 * overlap, a time ruler in the sequence's own timecode, a legend for the cut marks, the markers,
 * and a dB scale on the duck curve.
 */
import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { renderPlanSvg } from '../../src/report/svg';
import { ticksPerFrame } from '../../src/time';
import { buildTimeline, type SourceSequence } from '../../src/timeline';

const rate = { num: 25, den: 1 };
const f = ticksPerFrame(rate);

/** `minutes` long, a cut every 4 s, a line of dialogue every minute, a marker every 5 minutes; starts at 10:00:00:00. */
function documentary(minutes: number): SourceSequence {
  const frames = minutes * 60 * 25;
  const clips = [];
  for (let s = 0; s < frames; s += 100) clips.push({ name: `shot ${s}`, start: s * f, end: Math.min(frames, s + 100) * f, inPoint: 0, outPoint: 100 * f, enabled: true, coverage: 'opaque' as const });
  const talk = [];
  for (let m = 0; m < minutes; m++) talk.push({ name: `line ${m}`, start: (m * 1500 + 250) * f, end: (m * 1500 + 500) * f, inPoint: 0, outPoint: 250 * f, enabled: true });
  const markers = [];
  for (let m = 5; m < minutes; m += 5) markers.push({ start: m * 1500 * f, end: m * 1500 * f, name: `Chapter ${m / 5}`, comment: '' });
  return {
    source: 'doc.xml', name: 'Documentary', frameRate: rate, audioSampleRate: 48000, warnings: [], markers,
    timecode: { startFrame: 10 * 3600 * 25, dropFrame: false },
    tracks: [{ kind: 'video', index: 1, name: 'V1', enabled: true, clips }, { kind: 'audio', index: 1, name: 'Dialogue', enabled: true, clips: talk }],
  };
}

interface Label { x: number; y: number; text: string }
function labels(svg: string): Label[] {
  return [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));
}

describe('plan.svg', () => {
  for (const minutes of [16, 120]) {
    it(`${minutes} minutes: no two labels on one line overlap; ruler in the sequence's timecode; legend, markers, dB scale`, () => {
      const plan = planScore(buildTimeline(documentary(minutes)), { brief: '', seed: 1, sampleRate: 48000 });
      const svg = renderPlanSvg(plan);
      const byLine = new Map<number, Label[]>();
      for (const l of labels(svg)) byLine.set(l.y, [...(byLine.get(l.y) ?? []), l]);
      for (const [, line] of byLine) {
        line.sort((a, b) => a.x - b.x);
        // 11 px sans-serif: no glyph is wider than 7 px
        for (let i = 1; i < line.length; i++) expect(line[i].x, `"${line[i - 1].text}" / "${line[i].text}"`).toBeGreaterThanOrEqual(line[i - 1].x + line[i - 1].text.length * 7);
      }
      const ruler = labels(svg).filter((l) => /^\d\d:\d\d:\d\d:\d\d$/.test(l.text));
      expect(ruler.length).toBeGreaterThanOrEqual(4);
      expect(ruler[0].text).toBe('10:00:00:00');
      expect(svg).toMatch(/scene change/);
      expect(svg).toMatch(/on the beat/);
      expect((svg.match(/class="marker"/g) ?? []).length).toBe(plan.markers.length);
      expect(plan.markers.length).toBeGreaterThan(0);
      expect(svg).toMatch(/>-12 dB</);
    });
  }

  it('a one-minute edit keeps every section label, and a tempo label wherever the tempo changes', () => {
    const plan = planScore(buildTimeline({ ...documentary(1), markers: [] }), { brief: '', seed: 1, sampleRate: 48000 });
    const svg = renderPlanSvg(plan);
    const shown = labels(svg);
    expect(shown.filter((l) => plan.sections.some((s) => s.kind === l.text)).length).toBe(plan.sections.length);
    const runs = plan.sections.filter((s, i) => i === 0 || plan.sections[i - 1].bpm !== s.bpm).length;
    expect(shown.filter((l) => /bpm|free/.test(l.text)).length).toBe(runs);
  });
});
