import { describe, expect, it } from 'vitest';
import type { NoteEvent } from '../../src/music';
import { windowRenderStart } from '../../src/regen';

const SR = 48000;
const note = (startSec: number, lengthSec: number): NoteEvent => ({
  group: 'textures', instrument: 'noise-bed', start: startSec * SR, length: lengthSec * SR, midi: 60, velocity: 0.3, pan: 0, brightness: 0.9,
});

describe('where a re-rendered window starts rendering', () => {
  const lead = 3 * SR, pad = 2 * SR;
  const ws = 300 * SR, we = 310 * SR;

  it('at the lead-in when nothing sounds across it', () => {
    expect(windowRenderStart([note(290, 5), note(299, 2)], ws, we, lead, pad)).toBe(297 * SR);
  });

  it('at the start of a note still sounding there, when it began within two lead-ins', () => {
    expect(windowRenderStart([note(293, 20)], ws, we, lead, pad)).toBe(293 * SR);
  });

  it('no further back than two lead-ins for a section-long note (the room air), not at its start', () => {
    // Before: the window began at 240 s, pulling a whole minute of every part into the render.
    expect(windowRenderStart([note(240, 120), note(299, 2)], ws, we, lead, pad)).toBe(291 * SR);
  });
});
