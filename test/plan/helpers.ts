import { RATES, TICKS_PER_SECOND, framesToTicks, type FrameRate } from '../../src/time';
import type { Timeline } from '../../src/timeline/model';
import { seededRandom } from '../../src/plan/random';

export const R23976: FrameRate = RATES['23.976'];

/** A timeline built directly: cut frames, dialogue spans in seconds, markers at frames. */
export function makeTimeline(opts: {
  frames: number;
  cutFrames: number[];
  rate?: FrameRate;
  dialogue?: Array<[number, number]>;
  markers?: Array<{ frame: number; name: string }>;
  startFrame?: number;
}): Timeline {
  const rate = opts.rate ?? R23976;
  const start = framesToTicks(opts.startFrame ?? 0, rate);
  const cuts = opts.cutFrames.map((f) => ({ time: framesToTicks(f, rate), frame: f }));
  const edges = [opts.startFrame ?? 0, ...opts.cutFrames, (opts.startFrame ?? 0) + opts.frames];
  return {
    source: 'test', name: 'Test sequence', frameRate: rate,
    range: { start, end: framesToTicks((opts.startFrame ?? 0) + opts.frames, rate) },
    videoClips: edges.slice(1).map((e, i) => ({
      name: `shot ${i}`, start: framesToTicks(edges[i], rate), end: framesToTicks(e, rate), enabled: true, coverage: 'opaque' as const, track: 1,
    })),
    audioClips: [],
    cuts,
    dialogue: (opts.dialogue ?? []).map(([a, b]) => ({
      start: start + Math.round(a * TICKS_PER_SECOND / 1000) * 1000, end: start + Math.round(b * TICKS_PER_SECOND / 1000) * 1000, source: 'A1 interview',
    })),
    markers: (opts.markers ?? []).map((m) => ({ start: framesToTicks(m.frame, rate), end: framesToTicks(m.frame, rate), name: m.name, comment: '' })),
    dialogueTracks: [1],
    warnings: [],
  };
}

/** A realistic edit: `count` cuts over `seconds`, shot lengths varied (short runs, long holds). */
export function realisticEdit(seed: number, count: number, seconds: number, rate: FrameRate = R23976): Timeline {
  const rand = seededRandom('edit', seed);
  const total = Math.round((seconds * rate.num) / rate.den);
  const weights = Array.from({ length: count + 1 }, () => {
    const r = rand();
    return r < 0.25 ? 0.4 + rand() * 0.4 : r < 0.8 ? 0.8 + rand() * 0.8 : 1.6 + rand() * 1.6;
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const cutFrames: number[] = [];
  let acc = 0;
  for (let i = 0; i < count; i++) {
    acc += weights[i];
    cutFrames.push(Math.round((acc / sum) * total));
  }
  return makeTimeline({ frames: total, cutFrames: [...new Set(cutFrames)].filter((f) => f > 0 && f < total) });
}
