/**
 * Issue 15 point 1: a Premiere running in another language. Component and parameter display names
 * are localised (a Spanish Premiere 26.5 shows "Volumen" > "Derivación", "Nivel"); only match names
 * and the parameter order (Bypass 0, Level 1) hold. Both adapters must still write, verify and read
 * back the Volume keys there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbToPremiereLevel, keyframeSourceTicks, planToPlaceRequest } from '../../../src/host/levels';
import { TICKS_PER_SECOND, samplesToTicks } from '../../../src/time';
import { readFcp7Xml } from '../../../src/timeline';
import { scorePlanFixture } from '../plan';
import { SHARED_FIXTURES } from '../../paths';
import { SUBJECTS } from './subjects';

const S = TICKS_PER_SECOND;

describe.each(SUBJECTS)('a Spanish Premiere on %s', (_kind, factory) => {
  it('placeScore writes every ducking key on Volumen > Nivel and verifies it; scoreKeys and replaceScore read them back', async () => {
    const s = factory({ locale: 'es' });
    s.load(readFcp7Xml(fs.readFileSync(path.join(SHARED_FIXTURES, 'premiere_example.xml'), 'utf8'), 'premiere_example.xml'));
    const plan = scorePlanFixture();
    const len = samplesToTicks(plan.sequence.durationSamples, 48000);
    s.addFile('/renders/score-1.wav', len);
    s.addFile('/renders/score-2.wav', len);
    const r = await s.adapter.placeScore(planToPlaceRequest(plan, '/renders/score-1.wav', 'Cuebed – Prueba'));
    const clip = s.track('Cuebed')![0];
    const expected = plan.ducking.map((k) => [keyframeSourceTicks(clip.inPoint, clip.start, 2 * S + samplesToTicks(k.sample, 48000)), dbToPremiereLevel(k.gainDb)]);
    expect(expected.length).toBeGreaterThan(1);
    expect(clip.keys).toEqual(expected);
    expect(r.keyframes.length).toBe(expected.length);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    const keys = await s.adapter.scoreKeys!({ wavPath: '/renders/score-1.wav' });
    expect(keys.clips[0].keys.map((k) => k.value)).toEqual(expected.map((e) => e[1]));
    const again = await s.adapter.replaceScore(planToPlaceRequest(plan, '/renders/score-2.wav', 'Cuebed – Prueba'));
    expect(again.previousKeyframes.map((k) => k.value)).toEqual(expected.map((e) => e[1]));
  });
});
