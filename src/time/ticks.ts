/**
 * Exact time. Premiere counts time in ticks, 254,016,000,000 per second; that number is divisible
 * by every frame duration we support (including 1001-based NTSC rates) and by 44.1/48/96 kHz sample
 * periods, so time crosses layers as integer ticks and frames/samples are derived by integer
 * division, never accumulated from floating seconds.
 */
export type Ticks = number;

export const TICKS_PER_SECOND = 254_016_000_000;

/** A JS number holds integers exactly up to 2^53 ticks ≈ 9.8 hours. */
export const MAX_TICKS = Number.MAX_SAFE_INTEGER;

export const SUPPORTED_SAMPLE_RATES = [44100, 48000, 96000] as const;
export type SampleRate = (typeof SUPPORTED_SAMPLE_RATES)[number];

export class TimeError extends Error {
  override name = 'TimeError';
}

export function assertTicks(value: number, what: string): Ticks {
  if (!Number.isSafeInteger(value)) {
    throw new TimeError(`${what} is not a whole number of ticks within ±9.8 hours (got ${value})`);
  }
  return value;
}

/** Parses Premiere's tick strings ("254016000000") exactly. */
export function parseTicks(text: string, what: string): Ticks {
  const trimmed = String(text).trim();
  if (!/^-?\d+$/.test(trimmed)) throw new TimeError(`${what} is not an integer tick count (got "${text}")`);
  const big = BigInt(trimmed);
  if (big > BigInt(MAX_TICKS) || big < -BigInt(MAX_TICKS)) {
    throw new TimeError(`${what} is longer than the 9.8 hours Cuebed supports (got ${trimmed} ticks)`);
  }
  return Number(big);
}

export function ticksPerSample(sampleRate: number): number {
  const per = TICKS_PER_SECOND / sampleRate;
  if (!Number.isInteger(per)) throw new TimeError(`sample rate ${sampleRate} Hz does not divide the tick rate; use 44100, 48000 or 96000`);
  return per;
}

/** Nearest sample to a tick time (ties to the later sample: a hit may be late, never early). */
export function ticksToSamples(ticks: Ticks, sampleRate: number): number {
  const per = ticksPerSample(sampleRate);
  return divRoundHalfUp(ticks, per);
}

export function samplesToTicks(samples: number, sampleRate: number): Ticks {
  return assertTicks(samples * ticksPerSample(sampleRate), 'sample position');
}

export function ticksToSeconds(ticks: Ticks): number {
  return ticks / TICKS_PER_SECOND;
}

/** Only for user-facing input (CLI seconds); never used to accumulate time. */
export function secondsToTicks(seconds: number): Ticks {
  return assertTicks(Math.round(seconds * TICKS_PER_SECOND), `${seconds} s`);
}

/** Integer division rounding half up, exact for safe integers. */
export function divRoundHalfUp(n: number, d: number): number {
  const q = Math.floor(n / d);
  const r = n - q * d;
  return 2 * r >= d ? q + 1 : q;
}
