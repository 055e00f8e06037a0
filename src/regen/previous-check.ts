/**
 * A previous render's plan.json and render.json are files on disk an editor (or a script, or a
 * damaged copy) may have changed: before regeneration trusts them, every field it uses is checked
 * for type and range, and a bad one is named with its file and a fix. Without this a `"brief":
 * 12345` or `"sections": [{}]` surfaced as a raw JavaScript error, and `"gainDb": 1e308` rendered
 * full-scale garbage with exit 0.
 */
import { PRESETS } from '../plan/presets';

const STYLES = ['underscore', 'bed', 'thematic', 'ambient'];
const KINDS = ['intro', 'build', 'peak', 'resolve', 'outro', 'texture'];
const MODES = ['major', 'minor', 'dorian', 'lydian', 'mixolydian', 'phrygian', 'aeolian', 'harmonic minor'];
const RATES = [44100, 48000, 96000];
/** Far beyond any normalisation gain a render applies (quiet ambient beds need about +20 dB). */
export const MAX_RECORD_GAIN_DB = 60;

class Checker {
  constructor(
    readonly where: string,
    readonly fix: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new PreviousRenderError(`${this.where}: ${field} ${problem}; ${this.fix}`);
  }

  obj(v: unknown, field: string): Record<string, unknown> {
    if (!v || typeof v !== 'object' || Array.isArray(v)) this.fail(field, `is ${shown(v)}, not an object`);
    return v as Record<string, unknown>;
  }

  arr(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, `is ${shown(v)}, not a list`);
    return v;
  }

  str(v: unknown, field: string, allowed?: readonly string[]): string {
    if (typeof v !== 'string') this.fail(field, `is ${shown(v)}, not text`);
    if (allowed && !allowed.includes(v)) this.fail(field, `is ${shown(v)}, not one of ${allowed.join(', ')}`);
    return v;
  }

  num(v: unknown, field: string, min = -Infinity, max = Infinity): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `is ${shown(v)}, not a number`);
    if (v < min || v > max) this.fail(field, `is ${v}, outside ${min} to ${max}`);
    return v;
  }

  int(v: unknown, field: string, min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const n = this.num(v, field, min, max);
    if (!Number.isSafeInteger(n)) this.fail(field, `is ${n}, not a whole number`);
    return n;
  }

  bool(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, `is ${shown(v)}, not true or false`);
    return v;
  }

  optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
    return v === undefined || v === null ? undefined : check(v);
  }
}

/** The message is complete (file, field, fix); the callers turn it into their InputError. */
export class PreviousRenderError extends Error {
  override name = 'PreviousRenderError';
}

function shown(v: unknown): string {
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const RECORD_FIX = 'it is not as Cuebed wrote it: restore the folder or score the sequence afresh with cuebed score';

/** Checks render.json's fields (after its schema id was checked). */
export function checkRenderRecord(record: unknown, where: string): void {
  const c = new Checker(where, RECORD_FIX);
  const r = c.obj(record, 'the record');
  c.num(r.gainDb, '"gainDb"', -MAX_RECORD_GAIN_DB, MAX_RECORD_GAIN_DB);
  c.optional(r.integratedLufs, (v) => c.num(v, '"integratedLufs"', -200, 20));
  c.optional(r.truePeakDb, (v) => c.num(v, '"truePeakDb"', -400, 40));
  c.optional(r.segmentSamples, (v) => c.int(v, '"segmentSamples"', 1, 96000));
  c.optional(r.segments, (v) => c.str(v, '"segments"'));
  const o = c.obj(r.options, '"options"');
  c.optional(o.brief, (v) => c.str(v, '"options.brief"'));
  c.optional(o.preset, (v) => {
    const name = c.str(v, '"options.preset"');
    if (!Object.prototype.hasOwnProperty.call(PRESETS, name)) c.fail('"options.preset"', `is ${shown(name)}, not one of ${Object.keys(PRESETS).join(', ')}`);
  });
  c.optional(o.style, (v) => c.str(v, '"options.style"', STYLES));
  c.int(o.seed, '"options.seed"');
  c.optional(o.sampleRate, (v) => {
    if (!RATES.includes(c.num(v, '"options.sampleRate"'))) c.fail('"options.sampleRate"', `is ${shown(v)}, not one of ${RATES.join(', ')}`);
  });
  c.optional(o.bitDepth, (v) => {
    if (v !== 16 && v !== 24 && v !== '32f') c.fail('"options.bitDepth"', `is ${shown(v)}, not 16, 24 or "32f"`);
  });
  c.optional(o.targetLufs, (v) => c.num(v, '"options.targetLufs"', -40, -5));
  c.optional(o.duckDb, (v) => c.num(v, '"options.duckDb"', -60, 0));
  c.optional(o.stems, (v) => c.bool(v, '"options.stems"'));
  c.optional(o.stingersInDialogue, (v) => c.bool(v, '"options.stingersInDialogue"'));
  c.optional(o.speech, (v) => c.bool(v, '"options.speech"'));
  c.optional(o.stingers, (v) => {
    if (Array.isArray(v)) v.forEach((t, i) => c.num(t, `"options.stingers"[${i}]`, 0));
    else c.str(v, '"options.stingers"', ['none', 'scenes', 'markers']);
  });
}

/** Checks what regeneration reads from plan.json (after its schema id was checked). */
export function checkPreviousPlan(plan: unknown, where: string): void {
  const c = new Checker(where, 'it is not as Cuebed wrote it: restore the folder or score the sequence afresh with cuebed score');
  const p = c.obj(plan, 'the plan');
  c.int(p.seed, '"seed"');
  c.str(p.brief, '"brief"');
  c.optional(p.preset, (v) => {
    const name = c.str(v, '"preset"');
    if (!Object.prototype.hasOwnProperty.call(PRESETS, name)) c.fail('"preset"', `is ${shown(name)}, not one of ${Object.keys(PRESETS).join(', ')}`);
  });
  c.optional(p.style, (v) => c.str(v, '"style"', STYLES));
  c.num(p.targetLufs, '"targetLufs"', -40, -5);
  const s = c.obj(p.sequence, '"sequence"');
  const sr = c.num(s.sampleRate, '"sequence.sampleRate"');
  if (!RATES.includes(sr)) c.fail('"sequence.sampleRate"', `is ${sr}, not one of ${RATES.join(', ')}`);
  const total = c.int(s.durationSamples, '"sequence.durationSamples"', 1);
  const fr = c.obj(s.frameRate, '"sequence.frameRate"');
  c.int(fr.num, '"sequence.frameRate.num"', 1);
  c.int(fr.den, '"sequence.frameRate.den"', 1);
  c.num(s.start, '"sequence.start"', 0);
  c.num(s.duration, '"sequence.duration"', 0);
  c.arr(p.cuts, '"cuts"').forEach((v, i) => {
    const cut = c.obj(v, `"cuts"[${i}]`);
    c.num(cut.time, `"cuts"[${i}].time`);
    c.int(cut.sample, `"cuts"[${i}].sample`, 0, total);
    c.int(cut.frame, `"cuts"[${i}].frame`);
  });
  c.optional(p.dialogue, (d) => c.arr(d, '"dialogue"').forEach((v, i) => {
    const r = c.obj(v, `"dialogue"[${i}]`);
    const a = c.int(r.startSample, `"dialogue"[${i}].startSample`, 0, total);
    c.int(r.endSample, `"dialogue"[${i}].endSample`, a, total);
  }));
  c.optional(p.tempo, (t) => c.arr(t, '"tempo"').forEach((v, i) => {
    const r = c.obj(v, `"tempo"[${i}]`);
    c.int(r.sample, `"tempo"[${i}].sample`, 0, total);
    c.num(r.bpm, `"tempo"[${i}].bpm`, 20, 400);
    c.int(r.beatsPerBar, `"tempo"[${i}].beatsPerBar`, 1, 32);
  }));
  const sections = c.arr(p.sections, '"sections"');
  if (sections.length === 0) c.fail('"sections"', 'is empty');
  sections.forEach((v, i) => {
    const f = (name: string) => `"sections"[${i}].${name}`;
    const sec = c.obj(v, `"sections"[${i}]`);
    c.str(sec.id, f('id'));
    const a = c.int(sec.startSample, f('startSample'), 0, total);
    c.int(sec.endSample, f('endSample'), a + 1, total);
    c.num(sec.start, f('start'), 0);
    c.num(sec.end, f('end'), 0);
    c.str(sec.kind, f('kind'), KINDS);
    c.num(sec.energy, f('energy'), 0, 1);
    c.str(sec.key, f('key'));
    c.str(sec.mode, f('mode'), MODES);
    c.int(sec.bars, f('bars'), 0, 100000);
    c.int(sec.beatsPerBar, f('beatsPerBar'), 1, 32);
    c.num(sec.bpm, f('bpm'), 20, 400);
    c.optional(sec.underDialogue, (b) => c.bool(b, f('underDialogue')));
    c.arr(sec.chords, f('chords')).forEach((ch, k) => {
      const chord = c.obj(ch, `${f('chords')}[${k}]`);
      c.str(chord.symbol, `${f('chords')}[${k}].symbol`);
      c.str(chord.root, `${f('chords')}[${k}].root`);
      c.optional(chord.degree, (d) => c.str(d, `${f('chords')}[${k}].degree`));
      c.int(chord.bar, `${f('chords')}[${k}].bar`, 0);
      c.int(chord.bars, `${f('chords')}[${k}].bars`, 1);
    });
  });
  c.optional(p.ducking, (d) => c.arr(d, '"ducking"').forEach((v, i) => {
    const k = c.obj(v, `"ducking"[${i}]`);
    c.int(k.sample, `"ducking"[${i}].sample`, 0, total);
    c.num(k.gainDb, `"ducking"[${i}].gainDb`, -120, 24);
  }));
}
