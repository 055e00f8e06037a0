import { describe, expect, it } from 'vitest';
import { parseBrief } from '../../src/plan';

describe('parseBrief', () => {
  it('reads the product-video example', () => {
    const b = parseBrief('bright, forward-moving background music for a 90-second product video, no vocals, builds slightly in the final 20 seconds');
    expect(b.moods).toEqual(['bright']);
    expect(b.mode).toBe('lydian');
    expect(b.valence).toBeGreaterThan(0.5);
    expect(b.tempo.feel).toBe('fast');
    expect(b.exclude).toEqual(['vocals']);
    expect(b.include).not.toContain('vocals');
    expect(b.style).toBe('underscore');
    expect(b.preset).toBe('corporate');
    expect(b.durationSec).toBe(90);
    expect(b.shape).toEqual([{ kind: 'build', fromSec: -20, amount: 0.2 }]);
    expect(b.understood.length).toBeGreaterThanOrEqual(6);
    expect(b.unused).not.toContain('bright');
  });

  it('reads tempo, meter, instrumentation, shape and endings', () => {
    const b = parseBrief('Dark, tense trailer at 128 bpm, piano and strings, no drums, drops out at 0:45, ends on a hit');
    expect(b.mode === 'aeolian' || b.mode === 'phrygian').toBe(true);
    expect(b.valence).toBeLessThan(0);
    expect(b.tempo.bpm).toBe(128);
    expect(b.include).toEqual(expect.arrayContaining(['piano', 'strings']));
    expect(b.exclude).toEqual(['drums']);
    expect(b.shape).toContainEqual({ kind: 'drop', atSec: 45, lengthSec: 4 });
    expect(b.endsOnHit).toBe(true);
    expect(b.preset).toBe('trailer');
    expect(parseBrief('slow melancholic waltz, quiet under the interview').quietUnderDialogue).toBe(true);
    expect(parseBrief('slow melancholic waltz').beatsPerBar).toBe(3);
    expect(parseBrief('calm e-learning bed').preset).toBe('e-learning');
    expect(parseBrief('calm e-learning bed').style).toBe('bed');
    expect(parseBrief('mysterious AI film, thematic').preset).toBe('ai-film');
  });

  it('lists the words it did not use, without stop words', () => {
    const b = parseBrief('bright music with a kazoo');
    expect(b.unused).toEqual(['kazoo']);
    expect(parseBrief('').moods).toEqual([]);
  });
});
