import type { Arrangement, Instrument, NoteEvent, VoiceGroup } from '../../src/music/types';

export function ev(group: VoiceGroup, instrument: Instrument, start: number, length: number, midi: number, extra: Partial<NoteEvent> = {}): NoteEvent {
  return { group, instrument, start, length, midi, velocity: 0.7, pan: 0, brightness: 0.5, ...extra };
}

export function arrangement(seconds: number, events: NoteEvent[], extra: Partial<Arrangement> = {}, sr = 48000): Arrangement {
  return {
    sampleRate: sr, lengthSamples: Math.round(seconds * sr), events: [...events].sort((a, b) => a.start - b.start),
    duck: [], fadeInSamples: 0, fadeOutSamples: 0, ...extra,
  };
}

/** A small bed with every group: pads, bass, keys, lead, drums, a stinger, a texture. */
export function smallBed(seconds: number, sr = 48000): Arrangement {
  const beat = sr / 2;
  const events: NoteEvent[] = [];
  const chords = [[57, 60, 64], [53, 57, 60], [55, 59, 62], [52, 55, 59]];
  for (let bar = 0; bar * 4 * beat < seconds * sr; bar++) {
    const t = bar * 4 * beat;
    const c = chords[bar % 4];
    c.forEach((m, i) => events.push(ev('pads', 'pad', t, 4 * beat, m, { pan: i - 1 })));
    events.push(ev('bass', 'sub-bass', t, 4 * beat - 500, c[0] - 24));
    events.push(ev('textures', 'noise-bed', t, 4 * beat, 60, { velocity: 0.4 }));
    for (let b = 0; b < 4; b++) {
      const s = t + b * beat;
      events.push(ev('keys', 'keys', s + 37, beat, c[b % 3] + 12, { velocity: 0.5 + 0.1 * b }));
      events.push(ev('lead', 'lead', s, beat / 2, c[(b + 1) % 3] + 24, { velocity: 0.5 }));
      events.push(ev('percussion', b % 2 ? 'snare' : 'kick', s, beat / 2, 36, { velocity: 0.8 }));
      events.push(ev('percussion', 'hat-closed', s + beat / 2, beat / 4, 42, { velocity: 0.5, pan: 0.3 }));
    }
  }
  const hit = Math.round(seconds * sr * 0.6) + 11;
  events.push(ev('stingers', 'riser', hit - sr, sr + 2000, 60, { hit }));
  events.push(ev('stingers', 'impact', hit - 3, sr, 36, { hit }));
  return arrangement(seconds, events.filter((e) => e.start < seconds * sr), { fadeInSamples: sr / 4, fadeOutSamples: sr }, sr);
}
