import type { Plan } from '../../src/plan/types';
import type { SourceSequence } from '../../src/timeline/model';
import { TICKS_PER_SECOND, framesToTicks, ticksToSamples, type FrameRate } from '../../src/time';

/** A minimal plan for host tests: the fields planToPlaceRequest/planToStingerRequest read. */
export function fakePlan(options: {
  rate: FrameRate;
  startTicks: number;
  durationSeconds: number;
  sampleRate?: number;
  ducking?: Array<{ seconds: number; gainDb: number }>;
  cutFrames?: number[];
  stingers?: Array<{ cut: number; prerollSeconds: number; tailSeconds: number }>;
}): Plan {
  const sr = options.sampleRate ?? 48000;
  const cutFrames = options.cutFrames ?? [];
  const cuts = cutFrames.map((frame) => {
    const fromStart = framesToTicks(frame, options.rate) - options.startTicks;
    return { time: fromStart / TICKS_PER_SECOND, sample: ticksToSamples(fromStart, sr), frame, scene: true, onBeat: true };
  });
  return {
    schema: 'cuebed.plan/1',
    seed: 1,
    brief: 'test',
    preset: 'documentary',
    style: 'bed',
    targetLufs: -18,
    hitRate: 1,
    maxTempoChangePct: 0,
    sequence: {
      name: 'Test',
      frameRate: options.rate,
      start: options.startTicks / TICKS_PER_SECOND,
      startTicks: String(options.startTicks),
      duration: options.durationSeconds,
      durationSamples: Math.round(options.durationSeconds * sr),
      sampleRate: sr,
    },
    cuts,
    dialogue: [],
    markers: [],
    tempo: [],
    sections: [],
    stingers: (options.stingers ?? []).map((s) => {
      const hitSample = cuts[s.cut].sample;
      const startSample = hitSample - Math.round(s.prerollSeconds * sr);
      const endSample = hitSample + Math.round(s.tailSeconds * sr);
      return { hit: hitSample / sr, hitSample, start: startSample / sr, end: endSample / sr, startSample, endSample, cut: s.cut, style: 'riser' as const };
    }),
    ducking: (options.ducking ?? []).map((k) => ({ time: k.seconds, sample: Math.round(k.seconds * sr), gainDb: k.gainDb })),
    warnings: [],
  };
}

/**
 * The placement case both host suites use: 10 s at 30 fps starting 2 s into the sequence, ducking
 * down to −12 dB, a step to −6 dB, and a last key at silence (−∞).
 */
export function scorePlanFixture(): Plan {
  return fakePlan({
    rate: { num: 30, den: 1 },
    startTicks: 2 * TICKS_PER_SECOND,
    durationSeconds: 10,
    ducking: [
      { seconds: 0, gainDb: 0 },
      { seconds: 1.5, gainDb: 0 },
      { seconds: 2, gainDb: -12 },
      { seconds: 4, gainDb: -12 },
      { seconds: 4.5, gainDb: -6 },
      { seconds: 9.999, gainDb: -Infinity },
    ],
  });
}

/** An empty sequence with the given tracks, for loading into either emulator. */
export function emptySourceSequence(rate: FrameRate = { num: 25, den: 1 }, audioTracks = 2, videoTracks = 1): SourceSequence {
  return {
    source: 'empty',
    name: 'Empty',
    frameRate: rate,
    tracks: [
      ...Array.from({ length: videoTracks }, (_, i) => ({ kind: 'video' as const, index: i + 1, name: `V${i + 1}`, enabled: true, clips: [] })),
      ...Array.from({ length: audioTracks }, (_, i) => ({ kind: 'audio' as const, index: i + 1, name: `A${i + 1}`, enabled: true, clips: [] })),
    ],
    markers: [],
    warnings: [],
  };
}
