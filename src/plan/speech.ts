/**
 * Voice-activity detection over production sound: where in a dialogue clip someone is actually
 * speaking, so the duck can let the bed back up in long pauses. Pure: samples in, spans out.
 *
 * Energy in 10 ms frames after an 80 Hz high-pass (rumble, handling noise and wind sit below
 * speech), against a threshold set from the clip itself: well above its noise floor (the quiet
 * 10th percentile), not far below its loud frames, never below an absolute floor. Hysteresis keeps
 * a phrase together through the dips between syllables; gaps under `bridgeSec` are closed, blips
 * under `minSpeechSec` dropped, and each span is padded (soft consonants start below threshold).
 */
export interface VadOptions {
  /** Frame length in seconds (default 0.01). */
  frameSec?: number;
  /** Speech must rise this far above the noise floor, dB (default 12). */
  snrDb?: number;
  /** ...and be no more than this far under the loud frames, dB (default 35). */
  rangeDb?: number;
  /** Absolute floor, dBFS (default -60). */
  floorDb?: number;
  /** Once speaking, stay in until this many dB under the threshold (default 6). */
  hysteresisDb?: number;
  /** Close gaps shorter than this (default 0.25 s). */
  bridgeSec?: number;
  /** Drop speech shorter than this (default 0.06 s). */
  minSpeechSec?: number;
  /** Pad each span (defaults 0.05 s before, 0.1 s after). */
  padBeforeSec?: number;
  padAfterSec?: number;
}

/** Speech spans as half-open [start, end) sample indexes into `samples`, sorted, disjoint. */
export function detectSpeech(samples: Float32Array, sampleRate: number, options: VadOptions = {}): Array<[number, number]> {
  return assessSpeech(samples, sampleRate, options).spans;
}

export interface SpeechAssessment {
  spans: Array<[number, number]>;
  /**
   * Set when the audio is loud but its level hardly varies (music, wind, a tone, noise, random
   * bytes behind a valid header): the detector cannot tell speech from the rest, its "no speech"
   * would leave real dialogue unducked, so the caller ducks the whole clip and says why.
   */
  unsure?: string;
}

/** detectSpeech, and whether its answer can be trusted. */
export function assessSpeech(samples: Float32Array, sampleRate: number, options: VadOptions = {}): SpeechAssessment {
  if (!(sampleRate > 0)) throw new Error(`detectSpeech: bad sample rate ${sampleRate}`);
  const frame = Math.max(1, Math.round((options.frameSec ?? 0.01) * sampleRate));
  const n = Math.floor(samples.length / frame);
  if (n === 0) return { spans: [] };
  const levels = frameLevels(samples, sampleRate, frame, n);

  const sorted = Float64Array.from(levels).sort();
  const noise = sorted[Math.floor(0.1 * (n - 1))];
  const loud = sorted[Math.floor(0.95 * (n - 1))];
  const snr = options.snrDb ?? 12;
  const floor = options.floorDb ?? -60;
  // Speech comes and goes (syllables, breaths, pauses): sound above the floor whose quiet and loud
  // frames sit within `snr` of each other is not something this detector can read.
  if (loud >= floor && loud - noise < snr) {
    return {
      spans: [],
      unsure: `its level hardly varies (${(loud - noise).toFixed(1)} dB between quiet and loud moments, at ${loud.toFixed(0)} dBFS), so speech cannot be told from the rest`,
    };
  }
  const threshold = Math.max(noise + snr, loud - (options.rangeDb ?? 35), floor);
  const release = threshold - (options.hysteresisDb ?? 6);

  const spans: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < n; i++) {
    const speaking = open >= 0 ? levels[i] >= release : levels[i] >= threshold;
    if (speaking && open < 0) open = i;
    else if (!speaking && open >= 0) { spans.push([open, i]); open = -1; }
  }
  if (open >= 0) spans.push([open, n]);

  const bridge = Math.round((options.bridgeSec ?? 0.25) * sampleRate / frame);
  const minLen = Math.round((options.minSpeechSec ?? 0.06) * sampleRate / frame);
  const joined: Array<[number, number]> = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && s[0] - last[1] < bridge) last[1] = s[1];
    else joined.push([s[0], s[1]]);
  }
  const before = Math.round((options.padBeforeSec ?? 0.05) * sampleRate);
  const after = Math.round((options.padAfterSec ?? 0.1) * sampleRate);
  const out: Array<[number, number]> = [];
  for (const [a, b] of joined) {
    if (b - a < minLen) continue;
    const start = Math.max(0, a * frame - before);
    const end = Math.min(samples.length, b * frame + after);
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return { spans: out };
}

/** Mean-square level per frame in dBFS after a one-pole 80 Hz high-pass. */
function frameLevels(samples: Float32Array, sampleRate: number, frame: number, n: number): Float64Array {
  const a = Math.exp((-2 * Math.PI * 80) / sampleRate);
  const levels = new Float64Array(n);
  let x1 = 0;
  let y1 = 0;
  for (let f = 0; f < n; f++) {
    let sum = 0;
    const end = (f + 1) * frame;
    for (let i = f * frame; i < end; i++) {
      const x = samples[i];
      const y = a * (y1 + x - x1);
      x1 = x;
      y1 = y;
      sum += y * y;
    }
    levels[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  return levels;
}
