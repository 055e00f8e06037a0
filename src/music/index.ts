import type { Plan, Section } from '../plan/types';
import { parseBrief } from '../plan/brief';
import { getPreset } from '../plan/presets';
import { beatSample } from '../plan/beats';
import { seededRandom } from '../plan/random';
import { DEFAULT_DUCK } from '../plan/ducking';
import { chordBass, chordChromas, chromaOf } from './harmony';
import { type SectionContext } from './context';
import { writeArpeggio, writeBass, writePads, writeSpeechKeys, writeTextures } from './parts';
import { makeMotif, writeCounter, writeLead } from './motif';
import { writeDrums } from './drums';
import { seamsFor, smoothSeams } from './continuity';
import { applyLevel, planForm } from './form';
import { choosePalette } from './palette';
import { realise, writeFigures } from './orchestra';
import { VOICE_GROUPS, type Arrangement, type NoteEvent } from './types';

export type { Arrangement, NoteEvent } from './types';

/** Speech guard around dialogue: the duck's attack and release, where thinning must already hold. */
const GUARD_BEFORE_SEC = DEFAULT_DUCK.lookaheadSec;
const GUARD_AFTER_SEC = DEFAULT_DUCK.holdSec + DEFAULT_DUCK.releaseSec;
const HUMAN_MS = 4;
const FIRST_NOTE_FADE_SEC = 0.08;

export function arrange(plan: Plan): Arrangement {
  const sr = plan.sequence.sampleRate;
  const length = plan.sequence.durationSamples;
  const brief = parseBrief(plan.brief);
  const palette = new Set(getPreset(plan.preset).palette);
  for (const hint of brief.include) {
    if (hint === 'piano') palette.add('keys');
    if (hint === 'pluck' || hint === 'synth') palette.add('pluck');
  }
  if (brief.exclude.includes('drums')) palette.delete('drums');
  const guards = plan.dialogue.map((r) => [r.startSample - Math.round(GUARD_BEFORE_SEC * sr), r.endSample + Math.round(GUARD_AFTER_SEC * sr)]);
  const speech = (a: number, b: number) => guards.some(([s, e]) => a < e && b > s);
  const firstMeter = meterOf(plan.sections[0]);
  const motif = makeMotif(plan.seed, firstMeter);
  const padState = { voicing: null as number[] | null };
  const events: NoteEvent[] = [];
  const instruments = choosePalette(plan.preset, plan.style, plan.brief);

  const forms = planForm(plan, palette, brief);
  plan.sections.forEach((section, index) => {
    const local: NoteEvent[] = [];
    const ctx = contextFor(plan, section, index, brief, palette, speech, local, forms[index]);
    writePads(ctx, padState);
    writeBass(ctx);
    writeArpeggio(ctx);
    writeSpeechKeys(ctx);
    writeLead(ctx, motif);
    writeCounter(ctx);
    writeDrums(ctx);
    writeTextures(ctx);
    // the roles in the palette's instruments, then the palette's own figures, all at the section's level
    const voiced = realise(local.splice(0), instruments, ctx);
    writeFigures(ctx, instruments);
    const bar = section.bars > 0 ? (section.endSample - section.startSample) / section.bars : 0;
    const sounding = new Set(events.filter((e) => e.start + e.length > section.startSample - bar).map((e) => e.group));
    for (const e of applyLevel([...voiced, ...local], forms[index], section, bar, sounding)) events.push(humanise(e, plan.seed, section, sr));
  });

  const starts = plan.sections.map((x) => x.startSample);
  const keyAt = (sample: number) => plan.sections[Math.max(0, starts.filter((x) => x <= sample).length - 1)].key;
  for (const s of plan.stingers) {
    events.push({
      group: 'stingers', instrument: s.style, start: s.startSample, length: Math.max(1, s.endSample - s.startSample),
      midi: 48 + chromaOf(keyAt(s.hitSample)), velocity: 0.9, pan: 0, brightness: 0.8, hit: s.hitSample,
    });
  }
  if (brief.endsOnHit) events.push(...buttonHit(plan));

  const out = smoothSeams(plan, events, seamsFor(plan, speech), sr)
    .filter((e) => e.start >= 0 && e.start < length && e.length > 0)
    .map((e) => (e.start + e.length > length ? { ...e, length: length - e.start } : e))
    .sort(compareEvents);
  const fade = brief.shape.find((s) => s.kind === 'fade');
  return {
    sampleRate: sr,
    lengthSamples: length,
    events: out,
    duck: plan.ducking.map((k) => ({ sample: k.sample, gainDb: k.gainDb })),
    // A button ending must stop dead on its hit; otherwise a short tail avoids a hard cut-off.
    fadeOutSamples: brief.endsOnHit ? 0 : Math.min(Math.round((fade ? 4 : 1.5) * sr), Math.floor(length / 4)),
    // The first note enters musically: a 10 ms fade let a full-band downbeat start at −13 dBFS.
    fadeInSamples: Math.min(Math.round(FIRST_NOTE_FADE_SEC * sr), Math.floor(length / 4)),
    mix: instruments.mix,
  };
}

function meterOf(section: Section | undefined): number {
  if (!section || section.bpm <= 0) return 4;
  return section.beatsPerBar === 2 ? 4 : section.beatsPerBar;
}

function contextFor(
  plan: Plan, section: Section, index: number, brief: SectionContext['brief'], palette: SectionContext['palette'],
  speech: SectionContext['speech'], sink: NoteEvent[], form: SectionContext['form'],
): SectionContext {
  const measured = section.bpm > 0;
  const bpb = measured ? section.beatsPerBar : 4;
  const beats = Math.max(1, section.bars) * bpb;
  const grid = { ...section, bars: Math.max(1, section.bars), beatsPerBar: bpb };
  const chords = section.chords.map((c) => ({ beat: c.bar * bpb, beats: c.bars * bpb, chromas: chordChromas(section.key, section.mode, c), bass: chordBass(c) }));
  return {
    plan, section, index, next: plan.sections[index + 1], brief, palette, form, meter: meterOf(section), beats, chords, speech,
    at: (beat) => beatSample(grid, Math.max(0, Math.min(beats, beat)), 4),
    chordAt: (beat) => (chords.find((c) => beat >= c.beat && beat < c.beat + c.beats) ?? chords[chords.length - 1]).chromas,
    emit: (e) => sink.push(e),
  };
}

/**
 * Small timing and velocity variation from a generator keyed by section, voice and bar. Section
 * downbeats stay on their sample: they are the planned hits on the cut.
 */
function humanise(e: NoteEvent, seed: number, section: Section, sr: number): NoteEvent {
  const len = section.endSample - section.startSample;
  const bar = section.bars > 0 ? Math.floor(((e.start - section.startSample) * section.bars) / Math.max(1, len)) : 0;
  const rand = seededRandom(seed, section.id, e.instrument, bar, e.start - section.startSample, e.midi);
  const jitter = e.group === 'pads' || e.group === 'textures' || e.start === section.startSample ? 0 : Math.round((rand() * 2 - 1) * (HUMAN_MS / 1000) * sr);
  const start = Math.max(0, e.start + jitter);
  return { ...e, start, velocity: Math.max(0.05, Math.min(1, e.velocity * (0.94 + 0.12 * rand()))) };
}

/** The last beat is a full-band button on the tonic: impact plus a tonal hit, nothing after. */
function buttonHit(plan: Plan): NoteEvent[] {
  const last = plan.sections[plan.sections.length - 1];
  const beats = last.bpm > 0 ? last.bars * last.beatsPerBar : 0;
  const at = beats > 0 ? beatSample(last, beats - 1) : last.startSample;
  const tonic = 48 + chromaOf(last.key);
  const len = Math.max(1, plan.sequence.durationSamples - at);
  return [
    { group: 'stingers', instrument: 'impact', start: at, length: len, midi: tonic - 12, velocity: 0.95, pan: 0, brightness: 0.7, hit: at },
    { group: 'stingers', instrument: 'tonal-hit', start: at, length: len, midi: tonic, velocity: 0.85, pan: 0, brightness: 0.7, hit: at },
  ];
}

function compareEvents(a: NoteEvent, b: NoteEvent): number {
  return a.start - b.start || VOICE_GROUPS.indexOf(a.group) - VOICE_GROUPS.indexOf(b.group) || a.midi - b.midi || a.length - b.length;
}

