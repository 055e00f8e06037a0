/**
 * The voice parts (src/synth/voice-part.ts): the split of a render's notes is a function of the
 * notes alone, keeps each cluster of notes on one sample together (chords share a filter) and
 * the sampled kit in part 0 (hat chokes), and uses both parts once the music is dense. That the
 * parts give the same bytes on one thread or two: test/audio/render-worker.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { partOfEvents, splitEvents, VOICE_PARTS } from '../../src/synth/voice-part';
import type { NoteEvent } from '../../src/music/types';
import { ev, smallBed } from './fixtures';

const SR = 48000;
const sorted = (events: NoteEvent[]) => [...events].sort((a, b) => a.start - b.start);

/** Twelve layered pads and a busy groove: far more sounding than the mixer's thread should take alone. */
function dense(seconds: number): NoteEvent[] {
  const out: NoteEvent[] = [];
  const beat = SR / 4;
  for (let t = 0; t < seconds * SR; t += beat) {
    for (let k = 0; k < 12; k++) out.push(ev('pads', 'pad', t, 8 * beat, 48 + 3 * k, { pan: k / 12 - 0.5 }));
    out.push(ev('keys', 'keys', t + 17, beat, 72));
    out.push(ev('percussion', 'hat-closed', t + 101, beat / 2, 42));
  }
  return sorted(out);
}

/** Two dozen long keys notes entering every beat: far more sounding than the mixer's thread is counted as. */
function crowded(seconds: number): NoteEvent[] {
  const out: NoteEvent[] = [];
  const beat = SR / 4;
  for (let t = 0; t < seconds * SR; t += beat) for (let k = 0; k < 24; k++) out.push(ev('keys', 'keys', t + k, 16 * beat, 48 + 2 * k));
  return sorted(out);
}

describe('voice parts', () => {
  it('notes starting on the same sample share a part, and the sampled kit renders in part 0', () => {
    // kit hits on the beat, with the dense music's chords starting on the same samples
    const events = sorted([
      ...[60, 64, 67].map((m) => ev('pads', 'pad', 1000, SR, m)),
      ...[60, 64, 67].map((m) => ev('pads', 'strings', 9000, SR, m)),
      ...Array.from({ length: 8 }, (_, k) => ev('percussion', k % 4 === 3 ? 'kit-hat-open' : 'kit-hat-closed', k * (SR / 4), SR / 8, 42)),
      ...dense(2),
    ]);
    const part = partOfEvents(events, SR);
    const byStart = new Map<number, Set<number>>();
    events.forEach((e, i) => {
      if (e.instrument.startsWith('kit-')) return;
      if (!byStart.has(e.start)) byStart.set(e.start, new Set());
      byStart.get(e.start)!.add(part[i]);
    });
    for (const [, parts] of byStart) expect(parts.size).toBe(1);
    events.forEach((e, i) => { if (e.instrument.startsWith('kit-')) expect(part[i]).toBe(0); });
    // the kit does not pull the notes it starts with into part 0
    expect(events.some((e, i) => !e.instrument.startsWith('kit-') && e.start % (SR / 4) === 0 && part[i] === 1)).toBe(true);
  });

  it('depends on the notes alone (same notes, same split) and uses every part once the music is dense', () => {
    const events = crowded(4);
    const a = partOfEvents(events, SR), b = partOfEvents(events.map((e) => ({ ...e })), SR);
    expect(Array.from(a)).toEqual(Array.from(b));
    const counts = new Array(VOICE_PARTS).fill(0);
    for (const p of a) counts[p]++;
    for (const c of counts) expect(c).toBeGreaterThan(events.length / 10);
  });

  it('a sparse bed goes to the part off the mixer thread', () => {
    const bed = smallBed(2);
    const parts = splitEvents(sorted(bed.events), SR);
    expect(parts[1].length).toBe(bed.events.length);
    expect(parts[0].length).toBe(0);
  });
});
