import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_MEDIA, interview } from '../../scripts/make-demo-media';
import { assessSpeech } from '../../src/plan/speech';
import { decodeWav } from '../../src/audio';
import { ROOT } from '../paths';

describe('the demo interview recordings', () => {
  for (const [name, voice] of Object.entries(DEMO_MEDIA)) {
    it(`${name} is what scripts/make-demo-media.js makes, and reads as phrases with pauses`, () => {
      const committed = fs.readFileSync(path.join(ROOT, 'demo', name));
      expect(Buffer.compare(interview(voice), committed), 'run node scripts/make-demo-media.js').toBe(0);
      const wav = decodeWav(new Uint8Array(committed));
      const { spans, unsure } = assessSpeech(wav.channels[0], wav.sampleRate);
      expect(unsure).toBeUndefined();
      expect(spans.length).toBeGreaterThanOrEqual(6);
      const talking = spans.reduce((t, [a, b]) => t + b - a, 0) / wav.channels[0].length;
      expect(talking).toBeGreaterThan(0.6);
      expect(talking).toBeLessThan(0.9);
    });
  }
});
