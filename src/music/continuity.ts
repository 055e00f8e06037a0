import type { Plan } from '../plan/types';
import type { NoteEvent, VoiceGroup } from './types';

/**
 * The seams between sections and around speech, after every part is written:
 * - a held note that carries on across a section boundary is one note, not two: voices sustain
 *   through the bar line instead of all re-attacking together (unless a stinger hits there);
 * - nothing low strikes under dialogue: a pitched note starting in a speech guard below the voice
 *   band swells in, so a bass entry cannot step 13–15 dB in 10 ms under a line.
 * (A part entering at a section start without a hit grows in there: ./form.ts applyLevel.)
 */
const SUSTAINED: ReadonlySet<VoiceGroup> = new Set(['pads', 'bass', 'textures']);
/** Below E3 (≈ 165 Hz): the register whose attacks read as thumps under a voice. */
const LOW_MIDI = 52;
const SPEECH_SWELL_SEC = 0.4;

export interface Seams {
  /** Section starts where a hit is planned: voices may re-attack there. */
  hits: Set<number>;
  /** True when [a, b) touches the speech guard. */
  speech: (a: number, b: number) => boolean;
}

export function seamsFor(plan: Plan, speech: Seams['speech']): Seams {
  return { hits: new Set(plan.stingers.map((s) => s.hitSample)), speech };
}

export function smoothSeams(plan: Plan, events: NoteEvent[], seams: Seams, sr: number): NoteEvent[] {
  return tieAcrossSections(plan, events, seams).map((e) => {
    let swell = e.fadeIn ?? 0;
    if (e.group !== 'percussion' && e.group !== 'stingers' && e.midi < LOW_MIDI && seams.speech(e.start, e.start + 1)) swell = Math.max(swell, SPEECH_SWELL_SEC * sr);
    swell = Math.min(Math.round(swell), e.length);
    return swell > (e.fadeIn ?? 0) ? { ...e, fadeIn: swell } : e;
  });
}

/** Merges a sustained note ending on a section start with the same note starting there. */
function tieAcrossSections(plan: Plan, events: NoteEvent[], seams: Seams): NoteEvent[] {
  const boundaries = new Set(plan.sections.slice(1).map((s) => s.startSample).filter((b) => !seams.hits.has(b)));
  const open = new Map<string, NoteEvent>();
  const out: NoteEvent[] = [];
  const dropped = new Set<NoteEvent>();
  for (const e of events) {
    if (!SUSTAINED.has(e.group)) continue;
    const end = e.start + e.length;
    if (boundaries.has(e.start)) {
      const k = `${e.group}|${e.instrument}|${e.midi}|${e.start}`;
      const held = open.get(k);
      if (held) {
        held.length = end - held.start;
        dropped.add(e);
        open.delete(k);
        if (boundaries.has(end)) open.set(`${e.group}|${e.instrument}|${e.midi}|${end}`, held);
        continue;
      }
    }
    if (boundaries.has(end)) open.set(`${e.group}|${e.instrument}|${e.midi}|${end}`, e);
  }
  for (const e of events) if (!dropped.has(e)) out.push(e);
  return out;
}
