import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RATES,
  MAX_TICKS,
  TICKS_PER_SECOND,
  framesToSamples,
  framesToTicks,
  framesToTimecode,
  parseTicks,
  rateFromTimebase,
  samplesToTicks,
  ticksPerFrame,
  ticksToFrames,
  ticksToSamples,
  timecodeToFrames,
  validateRate,
} from '../../src/time';

const allRates = Object.values(RATES);
const sampleRates = [44100, 48000, 96000];
const NINE_HOURS_FRAMES = 9 * 3600 * 60;
/** A rate and a frame inside the 9.8-hour range a JS number holds as ticks. */
const rateAndFrame = fc
  .constantFrom(...allRates)
  .chain((rate) => fc.tuple(fc.constant(rate), fc.integer({ min: 0, max: Math.floor(MAX_TICKS / ticksPerFrame(rate)) })));

describe('ticks per frame', () => {
  it('is an exact integer for every supported rate', () => {
    expect(ticksPerFrame(RATES['23.976'])).toBe(10_594_584_000);
    expect(ticksPerFrame(RATES['29.97'])).toBe(8_475_667_200);
    expect(ticksPerFrame(RATES['25'])).toBe(10_160_640_000);
    for (const rate of allRates) expect(Number.isInteger(ticksPerFrame(rate))).toBe(true);
  });

  it('rejects rates that are zero or have no exact tick duration', () => {
    expect(() => validateRate({ num: 0, den: 1 })).toThrow(/not a positive rational/);
    expect(() => validateRate({ num: 23976, den: 1000 })).toThrow(/no exact tick duration/);
    expect(() => rateFromTimebase(0, false)).toThrow(/positive whole number/);
  });

  it('reads the FCP7 NTSC flag as ×1000/1001', () => {
    expect(rateFromTimebase(30, true)).toEqual({ num: 30000, den: 1001 });
    expect(rateFromTimebase(24, true)).toEqual({ num: 24000, den: 1001 });
    expect(rateFromTimebase(25, false)).toEqual({ num: 25, den: 1 });
  });
});

describe('round trips (property)', () => {
  it('frames → ticks → frames is the identity', () => {
    fc.assert(
      fc.property(rateAndFrame, ([rate, frame]) => {
        expect(ticksToFrames(framesToTicks(frame, rate), rate)).toBe(frame);
      }),
    );
  });

  it('samples → ticks → samples is the identity', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sampleRates), fc.integer({ min: 0, max: 9 * 3600 * 44100 }), (sr, sample) => {
        expect(ticksToSamples(samplesToTicks(sample, sr), sr)).toBe(sample);
      }),
    );
  });

  it('a frame maps to the same sample through ticks as through the integer formula', () => {
    fc.assert(
      fc.property(
        rateAndFrame,
        fc.constantFrom(...sampleRates),
        ([rate, frame], sr) => {
          expect(ticksToSamples(framesToTicks(frame, rate), sr)).toBe(framesToSamples(frame, rate, sr));
        },
      ),
    );
  });

  it('timecode labels parse back to the same frame, drop-frame included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allRates), fc.integer({ min: 0, max: NINE_HOURS_FRAMES / 2 }), fc.boolean(), (rate, frame, df) => {
        const drop = df && rate.den === 1001 && rate.num !== 24000;
        expect(timecodeToFrames(framesToTimecode(frame, rate, drop), rate)).toBe(frame);
      }),
    );
  });
});

describe('known values', () => {
  it('an hour of 29.97 drop-frame is labelled 01:00:00;00 at frame 107892', () => {
    expect(framesToTimecode(107_892, RATES['29.97'], true)).toBe('01:00:00;00');
    expect(framesToTimecode(1800, RATES['29.97'], true)).toBe('00:01:00;02');
    expect(framesToTimecode(1799, RATES['29.97'], true)).toBe('00:00:59;29');
    expect(framesToTimecode(86_400, RATES['24'])).toBe('01:00:00:00');
  });

  it('maps frame 1 of 23.976 to sample 2002 at 48 kHz, exactly', () => {
    expect(framesToSamples(1, RATES['23.976'], 48000)).toBe(2002);
    expect(framesToSamples(24_000, RATES['23.976'], 48000)).toBe(48_048_000);
  });

  it('parses tick strings exactly and refuses what is not one', () => {
    expect(parseTicks('254016000000', 'x')).toBe(TICKS_PER_SECOND);
    expect(() => parseTicks('12.5', 'clip start')).toThrow(/clip start is not an integer tick count/);
    expect(() => parseTicks('99999999999999999999', 'end')).toThrow(/9.8 hours/);
  });
});
