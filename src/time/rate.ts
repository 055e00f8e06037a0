import { TICKS_PER_SECOND, Ticks, TimeError, assertTicks, divRoundHalfUp } from './ticks';

/** A frame rate as an exact rational: 23.976 is 24000/1001, never 23.976. */
export interface FrameRate {
  num: number;
  den: number;
}

export const RATES = {
  '23.976': { num: 24000, den: 1001 },
  '24': { num: 24, den: 1 },
  '25': { num: 25, den: 1 },
  '29.97': { num: 30000, den: 1001 },
  '30': { num: 30, den: 1 },
  '50': { num: 50, den: 1 },
  '59.94': { num: 60000, den: 1001 },
  '60': { num: 60, den: 1 },
} as const satisfies Record<string, FrameRate>;

/** The NTSC flag of FCP7 XML means timebase × 1000/1001. */
export function rateFromTimebase(timebase: number, ntsc: boolean): FrameRate {
  if (!Number.isInteger(timebase) || timebase <= 0) {
    throw new TimeError(`frame rate timebase must be a positive whole number (got ${timebase})`);
  }
  return ntsc ? { num: timebase * 1000, den: 1001 } : { num: timebase, den: 1 };
}

/** Ticks per frame; exact for every rate whose frame duration divides the tick rate. */
export function ticksPerFrame(rate: FrameRate): Ticks {
  validateRate(rate);
  return (TICKS_PER_SECOND * rate.den) / rate.num;
}

export function validateRate(rate: FrameRate): void {
  if (!Number.isInteger(rate.num) || !Number.isInteger(rate.den) || rate.num <= 0 || rate.den <= 0) {
    throw new TimeError(`frame rate ${rate.num}/${rate.den} is not a positive rational`);
  }
  const per = (TICKS_PER_SECOND * rate.den) / rate.num;
  if (!Number.isInteger(per)) {
    throw new TimeError(
      `frame rate ${rate.num}/${rate.den} (${formatRate(rate)} fps) has no exact tick duration; supported: 23.976, 24, 25, 29.97, 30, 50, 59.94, 60`,
    );
  }
}

export function framesToTicks(frames: number, rate: FrameRate): Ticks {
  return assertTicks(frames * ticksPerFrame(rate), `frame ${frames}`);
}

/** Nearest frame to a tick time. */
export function ticksToFrames(ticks: Ticks, rate: FrameRate): number {
  return divRoundHalfUp(ticks, ticksPerFrame(rate));
}

/** Frame containing a tick time. */
export function ticksToFrameFloor(ticks: Ticks, rate: FrameRate): number {
  return Math.floor(ticks / ticksPerFrame(rate));
}

/** Sample at which frame f starts: round(f × den × sr / num), in integers. */
export function framesToSamples(frames: number, rate: FrameRate, sampleRate: number): number {
  return divRoundHalfUp(frames * rate.den * sampleRate, rate.num);
}

export function rateToFps(rate: FrameRate): number {
  return rate.num / rate.den;
}

export function formatRate(rate: FrameRate): string {
  const fps = rate.num / rate.den;
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(3).replace(/0+$/, '');
}
