import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTimelineFile } from '../../src/timeline';
import { beatSamples, planScore } from '../../src/plan';
import { ROOT, SHARED_FIXTURES } from '../paths';

const FILES = [
  ...fs.readdirSync(SHARED_FIXTURES).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join(SHARED_FIXTURES, f)),
  path.join(ROOT, 'demo', 'demo-sequence.xml'),
];
const BRIEFS = ['', 'bright, forward-moving background music for a product video, builds in the final 20 seconds'];

describe('section choice, tempo fit and hit rate on the shared fixtures and the demo', () => {
  for (const file of FILES) {
    it(`${path.basename(file)}: ≥ 50% of cuts on a beat, tempo changes ≤ 6%, boundaries on downbeats`, () => {
      const timeline = readTimelineFile(fs.readFileSync(file, 'utf8'), file);
      for (const brief of BRIEFS) {
        const plan = planScore(timeline, { brief, seed: 1, sampleRate: 48000 });
        expect(plan.hitRate, `${brief || '(no brief)'}`).toBeGreaterThanOrEqual(0.5);
        expect(plan.maxTempoChangePct).toBeLessThanOrEqual(6);
        const cuts = new Set(plan.cuts.map((c) => c.sample));
        for (const s of plan.sections.slice(1)) expect(cuts.has(s.startSample)).toBe(true);
        for (const s of plan.sections) if (s.bpm > 0) expect(beatSamples(s)[0]).toBe(s.startSample);
      }
    });
  }
});
