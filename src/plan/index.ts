import { samplesToTicks, sequenceTimecode, supportsDropFrame, ticksPerFrame, ticksToSamples, ticksPerSample, TICKS_PER_SECOND } from '../time';
import type { Timeline } from '../timeline/model';
import { chooseKey } from '../music/harmony';
import { sectionKeys } from './keys';
import { PlayedProgressions, freshSectionChords, type Cadence } from '../music/grammar';
import { parseBrief, type BriefParams } from './brief';
import { beatSamples, withinFrame } from './beats';
import { duckKeys, duckShapeFor, type DuckShape } from './ducking';
import { planDialogue, unreadDialogueWarning, type SpeechReader } from './dialogue';
import { energyCurve, monotoneBuild, sectionEnergies, sectionKinds, round3 } from './energy';
import { DEFAULT_PRESET, getPreset, type Preset } from './presets';
import { detectScenes } from './scenes';
import { planStingers, type StingerCut } from './stingers';
import { fitTempo, maxTempoChangePct, type FitInput, type FitSection } from './tempo';
import type { Mode, MotifVariant, Plan, PlanCut, PlanRegion, Section, Style } from './types';

export { beatSamples, barSamples, beatSample, withinFrame } from './beats';
export { parseBrief } from './brief';
export type { BriefParams } from './brief';
export { PRESETS, getPreset } from './presets';
export { seededRandom } from './random';
export { gainAt, duckKeys, duckSpans, duckShapeFor, DEFAULT_DUCK } from './ducking';
export type { DuckShape } from './ducking';
export { detectSpeech } from './speech';
export type { VadOptions } from './speech';
export type { SpeechReader, SpeechSpans } from './dialogue';
export { fitTempo } from './tempo';
export type { FitInput, FitSection } from './tempo';

export interface PlanOptions {
  brief: string;
  preset?: string;
  style?: Style;
  seed: number;
  sampleRate: number;
  targetLufs?: number;
  /** Depth under dialogue in dB; default per style (-12 dB for an underscore). */
  duckDb?: number;
  /** Look-ahead, attack, hold, release and bridge of the duck, seconds (see ducking.ts). */
  duck?: Partial<Omit<DuckShape, 'depthDb'>>;
  stingers?: 'none' | 'scenes' | 'markers' | number[];
  /** Allow stingers whose hit lands inside dialogue (default false: they are dropped, with a warning when asked for explicitly). */
  stingersInDialogue?: boolean;
  /**
   * Reads speech spans from a dialogue clip's media (src/io/media.ts `createSpeechReader`). When
   * given, dialogue regions are refined to where speech is; otherwise clip extents are used.
   */
  speech?: SpeechReader;
  /**
   * Planning's own progress, 0..1 (the tempo fit takes most of it on densely cut sequences: 100,000
   * clips plan for seconds), so a progress line or panel bar moves while it runs.
   */
  onProgress?: (fraction: number) => void;
}

/** Shares of planning's progress: context (cuts, scenes, dialogue), then the tempo fit, then sections. */
const PLAN_CONTEXT = 0.15, PLAN_FIT = 0.9;

export function planScore(timeline: Timeline, options: PlanOptions): Plan {
  const progress = options.onProgress;
  progress?.(0);
  const ctx = planContext(timeline, options);
  progress?.(PLAN_CONTEXT);
  const fit = fitTempo(fitInput(ctx, 0, ctx.length), progress && ((f) => progress(PLAN_CONTEXT + (PLAN_FIT - PLAN_CONTEXT) * f)));
  progress?.(PLAN_FIT);
  const plan = finishPlan(ctx, realiseSections(ctx, fit.map((f) => ({ fit: f }))));
  progress?.(1);
  return plan;
}

/**
 * Everything planScore decides before choosing sections: the brief as understood, the preset,
 * cuts (deduplicated, in samples), scene flags, dialogue, the energy curve, key and mode. Exported
 * for re-planning after an edit (src/regen), which fits only the stretches that changed.
 */
export interface PlanContext {
  timeline: Timeline;
  options: PlanOptions;
  sr: number;
  brief: BriefParams;
  preset: Preset;
  style: Style;
  ambient: boolean;
  warnings: string[];
  rangeStart: number;
  rangeEnd: number;
  toSample: (t: number) => number;
  length: number;
  cutList: Array<{ time: number; sample: number; frame: number }>;
  sceneFlags: boolean[];
  dialogue: PlanRegion[];
  bpmRange: [number, number, number];
  beatsPerBar: number;
  curve: (sec: number) => number;
  endsHigh: boolean;
  mode: Mode;
  key: string;
  /** Frame (from the sequence start) where the scored range starts, and where it ends. */
  startFrame: number;
  endFrame: number;
}

export function planContext(timeline: Timeline, options: PlanOptions): PlanContext {
  const sr = options.sampleRate;
  ticksPerSample(sr);
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer (got ${options.seed})`);
  const brief = parseBrief(options.brief);
  const preset = getPreset(options.preset ?? brief.preset ?? DEFAULT_PRESET);
  const style: Style = options.style ?? brief.style ?? preset.style;
  const ambient = style === 'ambient';
  const { start: rangeStart, end: rangeEnd } = timeline.range;
  if (!(rangeEnd > rangeStart)) throw new Error(`the scored range is empty (${rangeStart}..${rangeEnd} ticks)`);
  const toSample = (t: number) => ticksToSamples(t - rangeStart, sr);
  const length = toSample(rangeEnd);

  const cutList = dedupeCuts(timeline, toSample, length);
  const sceneFlags = detectScenes({
    cutTicks: cutList.map((c) => c.time), range: timeline.range, ticksPerFrame: ticksPerFrame(timeline.frameRate), timeline,
  });
  // speech analysis that could not be trusted says so here (the clip is ducked whole), and so do
  // dialogue media that could not be read at all (named, with what was assumed instead)
  const warnings: string[] = [];
  const unread = new Set<string>();
  const dialogue: PlanRegion[] = planDialogue(timeline, toSample, length, sr, options.speech, warnings, unread);
  const unreadWarning = unreadDialogueWarning(unread, timeline.dialogueTracks);
  if (unreadWarning) warnings.unshift(unreadWarning);
  const mode: Mode = brief.mode ?? preset.mode;
  const toFrame = (t: number) => Math.round((t * timeline.frameRate.num) / (TICKS_PER_SECOND * timeline.frameRate.den));
  return {
    timeline, options, sr, brief, preset, style, ambient, warnings, rangeStart, rangeEnd, toSample, length,
    cutList, sceneFlags, dialogue,
    bpmRange: tempoRange(preset, brief),
    beatsPerBar: brief.beatsPerBar ?? 4,
    curve: energyCurve(brief, preset.energy, length / sr),
    endsHigh: brief.endsOnHit || brief.shape.some((s) => s.kind === 'build' && (s.fromSec < 0 || s.fromFrac !== undefined)),
    mode,
    key: chooseKey(options.seed, mode),
    startFrame: toFrame(rangeStart),
    endFrame: toFrame(rangeEnd),
  };
}

/**
 * The tempo-fit input for the stretch [from, to) of the score (samples): cuts strictly inside it,
 * positions relative to `from`. The returned fit's samples and cut indexes are relative too (see
 * `offsetFit`). A target bpm can pull the fit towards the neighbours of a re-planned stretch.
 */
export function fitInput(ctx: PlanContext, from: number, to: number, targetBpm?: number): FitInput {
  const { preset, sr, bpmRange } = ctx;
  const idx: number[] = [];
  ctx.cutList.forEach((c, i) => { if (c.sample > from && c.sample < to) idx.push(i); });
  const target = targetBpm !== undefined && targetBpm >= bpmRange[0] && targetBpm <= bpmRange[1] ? targetBpm : bpmRange[2];
  return {
    cuts: idx.map((i) => ctx.cutList[i].sample - from), scene: idx.map((i) => ctx.sceneFlags[i]), length: to - from,
    sampleRate: sr, frameRate: ctx.timeline.frameRate,
    bpmRange: [bpmRange[0], bpmRange[1]], targetBpm: target, beatsPerBar: ctx.beatsPerBar,
    minLen: Math.round(preset.sectionSec[0] * sr), maxLen: Math.round(preset.sectionSec[1] * sr), unmeasured: ctx.ambient,
  };
}

/** A fit of the stretch starting at `from` (see fitInput), moved to absolute samples and cut indexes. */
export function offsetFit(ctx: PlanContext, fit: FitSection[], from: number): FitSection[] {
  const firstCut = ctx.cutList.findIndex((c) => c.sample > from);
  return fit.map((f) => ({
    ...f, startSample: f.startSample + from, endSample: f.endSample + from,
    startCut: f.startCut < 0 ? (from === 0 ? -1 : ctx.cutList.findIndex((c) => c.sample === from)) : firstCut + f.startCut,
  }));
}

/**
 * A section to realise: a tempo-fit stretch to turn into a section (with an optional inherited id),
 * or a section kept from an earlier plan as it is (its energy then takes part in the contour that
 * decides the new sections' kinds).
 */
export type SectionSlot = { fit: FitSection; id?: string } | { section: Section };

/** Sections from tempo-fit stretches: energy, kind, chords and motif treatment, in order. */
export function realiseSections(ctx: PlanContext, slots: SectionSlot[]): Section[] {
  const { sr, cutList, brief, preset, options, warnings, bpmRange } = ctx;
  const cutSamples = cutList.map((c) => c.sample);
  const inside = (a: number, b: number) => lowerBound(cutSamples, b) - lowerBound(cutSamples, a + 1);
  const overlap = overlapCounter(ctx.dialogue);
  const span = (s: SectionSlot) => ('fit' in s ? s.fit : s.section);
  const energies = sectionEnergies(
    slots.map((s) => {
      const f = span(s);
      return { startSample: f.startSample, endSample: f.endSample, cutsInside: inside(f.startSample, f.endSample), dialogueSamples: overlap(f.startSample, f.endSample) };
    }),
    ctx.curve, sr, brief,
  );
  monotoneBuild(energies, slots.map((s) => span(s)), brief, sr, ctx.length / sr);
  slots.forEach((s, i) => { if ('section' in s) energies[i] = { energy: s.section.energy, underDialogue: s.section.underDialogue }; });
  const kinds = sectionKinds(energies.map((e) => e.energy), ctx.ambient, ctx.endsHigh);
  const { style } = ctx;
  const keys = sectionKeys(ctx, slots, kinds, energies);

  let motifSeen = false;
  let developed = 0;
  let lastVariant: MotifVariant | undefined;
  const played = new PlayedProgressions();
  // sections under speech so far: each passage sets out on another pedal
  let passages = 0;
  return slots.map((slot, i) => {
    if ('section' in slot) {
      played.add(slot.section.chords);
      if (energies[i].underDialogue) passages++;
      if (slot.section.motif && !slot.section.underDialogue) motifSeen = true;
      return slot.section;
    }
    const f = slot.fit;
    const id = slot.id ?? `sec-${f.startCut < 0 ? ctx.startFrame : cutList[f.startCut].frame}`;
    const barSec = f.bpm > 0 ? (f.beatsPerBar * 60) / f.bpm : 5;
    const { energy, underDialogue } = energies[i];
    const key = keys[i];
    // "tense then hopeful": the second mood's mode from a section start past the turn, same tonic
    const mode = brief.turn && f.startSample >= brief.turn.atFrac * ctx.length ? brief.turn.mode : ctx.mode;
    const chords = freshSectionChords({
      seed: options.seed, sectionId: id, key, mode, kind: kinds[i], bars: f.bars, nextKey: keys[i + 1], freshKey: i > 0 && keys[i - 1] !== key,
      // a thematic cue moves its harmony in broad two-bar strokes under the tune
      barsPerChord: barSec < 1.8 || (style === 'thematic' && barSec < 3.2) ? 2 : 1, final: i === slots.length - 1,
      next: cadenceInto(ctx, slots, energies, i), underDialogue: energies[i].underDialogue, style,
      beatsPerBar: f.beatsPerBar, passage: passages,
    }, played);
    played.add(chords);
    if (underDialogue) passages++;
    const section: Section = {
      id, start: f.startSample / sr, end: f.endSample / sr, startSample: f.startSample, endSample: f.endSample,
      kind: kinds[i], energy, key, mode, bars: f.bars, beatsPerBar: f.beatsPerBar, bpm: round3(f.bpm) === f.bpm ? f.bpm : f.bpm,
      chords, underDialogue,
    };
    // The theme is stated in the first section with room for it (not under speech: the melody
    // rests there), then developed section by section, and returns whole at the peak and slowed
    // at the end. Thematic cues carry it through every measured section outside speech.
    if (f.bpm > 0 && !underDialogue && (style === 'thematic' || energy >= 0.1)) {
      section.motif = MOTIF_ID;
      section.motifVariant = motifSeen ? motifVariant(kinds[i], developed++, lastVariant) : 'statement';
      lastVariant = section.motifVariant;
      motifSeen = true;
    }
    // Named as the editor finds it on the timeline: by timecode, not by the id's frame number.
    const where = `${sectionTimecode(ctx, f.startSample)}–${sectionTimecode(ctx, f.endSample)}`;
    if (f.outOfRange) {
      warnings.push(`section ${where} (${section.start.toFixed(2)}–${section.end.toFixed(2)} s) needed ${f.bpm.toFixed(1)} bpm, outside the ${preset.name} range ${bpmRange[0]}–${bpmRange[1]}`);
    }
    if (f.endSample - f.startSample > preset.sectionSec[1] * sr) {
      warnings.push(`section ${where} runs ${((f.endSample - f.startSample) / sr).toFixed(1)} s: no cut to turn on within ${preset.sectionSec[1]} s`);
    }
    return section;
  });
}

/** Cuts on beats, hit rate, markers, stingers and the duck for a finished list of sections. */
export function finishPlan(ctx: PlanContext, sections: Section[]): Plan {
  const { timeline, options, sr, dialogue, toSample, length, rangeStart, rangeEnd, cutList, sceneFlags, preset, brief, style, warnings } = ctx;
  const beats = new Set<number>();
  for (const s of sections) for (const b of beatSamples(s)) beats.add(b);
  const sortedBeats = [...beats, ...sections.map((s) => s.startSample)].sort((a, b) => a - b);
  const starts = new Set(sections.map((s) => s.startSample));
  const cuts: PlanCut[] = cutList.map((c, i) => ({
    time: c.sample / sr, sample: c.sample, frame: c.frame, scene: sceneFlags[i],
    onBeat: starts.has(c.sample) || nearBeat(sortedBeats, c.sample, sr, timeline.frameRate),
  }));
  const hitRate = cuts.length === 0 ? 1 : round3(cuts.filter((c) => c.onBeat).length / cuts.length);

  const sectionStarts = sections.map((x) => x.startSample);
  const energyAt = (sample: number) => sections[Math.max(0, upperBound(sectionStarts, sample) - 1)]?.energy ?? 0.5;
  const stingerMode = options.stingers ?? (brief.wantsStingers ? 'scenes' : 'none');
  const stingerCuts = chooseStingerCuts(stingerMode, cuts, dialogue, timeline, toSample, sr, options.stingersInDialogue ?? false, warnings);
  const shape = duckShapeFor(style, { ...options.duck, duckDb: options.duckDb, quietUnderDialogue: brief.quietUnderDialogue });
  const ducking = duckKeys(dialogue, { ...shape, lengthSamples: length, sampleRate: sr });
  const explicit = stingerMode !== 'scenes';
  const stingers = planStingers(
    stingerCuts.map((i) => ({ index: i, sample: cuts[i].sample, frame: cuts[i].frame, energy: energyAt(cuts[i].sample) }) satisfies StingerCut),
    {
      seed: options.seed, sampleRate: sr, lengthSamples: length, preferred: preset.stinger,
      avoid: options.stingersInDialogue ? undefined : duckedSpans(ducking, length),
      onSkip: (c, span) => {
        if (explicit) warnings.push(`stinger at the cut at ${(c.sample / sr).toFixed(2)} s skipped: it would land in the duck around dialogue (${(span.start / sr).toFixed(2)}–${(span.end / sr).toFixed(2)} s) and come out lower than the music around it`);
      },
    },
  );

  return {
    schema: 'cuebed.plan/1', seed: options.seed, brief: options.brief, preset: preset.name, style,
    targetLufs: options.targetLufs ?? preset.targetLufs, hitRate, maxTempoChangePct: round3(maxTempoChangePct(sections)),
    sequence: {
      name: timeline.name, frameRate: { ...timeline.frameRate }, start: rangeStart / TICKS_PER_SECOND, startTicks: String(rangeStart),
      duration: (rangeEnd - rangeStart) / TICKS_PER_SECOND, durationSamples: length, sampleRate: sr,
      ...(timeline.timecode ? { timecode: { start: sequenceTimecode(0, timeline.frameRate, timeline.timecode), dropFrame: timeline.timecode.dropFrame && supportsDropFrame(timeline.frameRate) } } : {}),
    },
    source: { startFrame: ctx.startFrame, endFrame: ctx.endFrame, endTicks: String(rangeEnd) },
    cuts, dialogue,
    markers: timeline.markers.map((m) => {
      const sample = Math.max(0, toSample(m.start));
      return { time: sample / sr, sample, name: m.name, comment: m.comment };
    }),
    tempo: sections.map((s) => ({ time: s.start, sample: s.startSample, bpm: s.bpm, beatsPerBar: s.beatsPerBar })),
    sections, stingers, ducking, warnings: [...timeline.warnings, ...warnings],
  };
}

/** Lower/upper bpm and a target: the preset's range moved by the brief's feel or pinned by its bpm. */
function tempoRange(preset: Preset, brief: BriefParams): [number, number, number] {
  const [lo, hi] = preset.tempo;
  if (brief.tempo.bpm) return [brief.tempo.bpm * 0.96, brief.tempo.bpm * 1.04, brief.tempo.bpm];
  const half = (hi - lo) / 2;
  if (brief.tempo.feel === 'fast') return [lo + half, hi + half, hi];
  if (brief.tempo.feel === 'slow') return [lo - half, hi - half, lo];
  return [lo, hi, lo + half];
}

function dedupeCuts(timeline: Timeline, toSample: (t: number) => number, length: number) {
  const out: Array<{ time: number; sample: number; frame: number }> = [];
  for (const c of timeline.cuts) {
    const sample = toSample(c.time);
    if (sample <= 0 || sample >= length) continue;
    if (out.length > 0 && out[out.length - 1].sample >= sample) continue;
    out.push({ time: c.time, sample, frame: c.frame });
  }
  return out;
}

function nearBeat(sorted: number[], x: number, sr: number, rate: { num: number; den: number }): boolean {
  const lo = lowerBound(sorted, x);
  return (lo > 0 && withinFrame(sorted[lo - 1], x, sr, rate)) || (lo < sorted.length && withinFrame(sorted[lo], x, sr, rate));
}

const MOTIF_ID = 'A';

/**
 * What the harmony cadences into at the end of slot i: the last frame, a scene change (a full
 * close), dialogue (arrive on the tonic before the words), a turn (the energy falls away: a
 * deceptive cadence), or a plain cut (a half cadence that carries over).
 */
function cadenceInto(ctx: PlanContext, slots: SectionSlot[], energies: Array<{ energy: number; underDialogue: boolean }>, i: number): Cadence {
  if (i === slots.length - 1) return 'end';
  const nxt = slots[i + 1];
  const startCut = 'fit' in nxt ? nxt.fit.startCut : ctx.cutList.findIndex((c) => c.sample === nxt.section.startSample);
  if (energies[i + 1].underDialogue) return 'dialogue';
  if (startCut >= 0 && ctx.sceneFlags[startCut]) return 'scene';
  if (energies[i + 1].energy < energies[i].energy - 0.2) return 'turn';
  return 'cut';
}

/** Where the duck holds the bed below 0 dB, from its keys (linear between them). */
function duckedSpans(keys: Array<{ sample: number; gainDb: number }>, length: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < keys.length; i++) {
    const down = keys[i].gainDb < 0 || (i + 1 < keys.length && keys[i + 1].gainDb < 0);
    if (!down) continue;
    const start = keys[i].sample;
    const end = i + 1 < keys.length ? keys[i + 1].sample : length;
    const last = out[out.length - 1];
    if (last && last.end >= start) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** How a section after the statement develops the theme: whole at a peak, slowed at the end, else in turn. */
function motifVariant(kind: Section['kind'], n: number, last: MotifVariant | undefined): MotifVariant {
  // the theme returns whole at a peak; a peak straight after that one climbs it in sequence instead
  if (kind === 'peak') return last === 'full' ? 'sequence' : 'full';
  if (kind === 'outro') return 'augmented';
  const order: MotifVariant[] = kind === 'build' ? ['sequence', 'inversion', 'fragment'] : ['fragment', 'inversion', 'sequence'];
  return order[n % order.length];
}

/** First index with sorted[i] >= x. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** First index with sorted[i] > x. */
function upperBound(sorted: number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Samples of [a, b) covered by the (sorted, disjoint) regions, in O(log n) per query. */
function overlapCounter(regions: PlanRegion[]): (a: number, b: number) => number {
  const starts = regions.map((r) => r.startSample);
  const prefix = [0];
  for (const r of regions) prefix.push(prefix[prefix.length - 1] + (r.endSample - r.startSample));
  const coveredBefore = (x: number) => {
    const i = upperBound(starts, x);
    if (i === 0) return 0;
    const r = regions[i - 1];
    return prefix[i - 1] + Math.max(0, Math.min(x, r.endSample) - r.startSample);
  };
  return (a, b) => coveredBefore(b) - coveredBefore(a);
}

/** True when the sample lies strictly inside a (sorted, disjoint) region. */
function insideRegion(regions: PlanRegion[], starts: number[], sample: number): boolean {
  const i = lowerBound(starts, sample) - 1;
  return i >= 0 && sample < regions[i].endSample;
}

/** The timeline's timecode label at a sample of the score (its start timecode and drop-frame honoured). */
function sectionTimecode(ctx: PlanContext, sample: number): string {
  return sequenceTimecode(ctx.rangeStart + samplesToTicks(sample, ctx.sr), ctx.timeline.frameRate, ctx.timeline.timecode);
}

function chooseStingerCuts(
  mode: NonNullable<PlanOptions['stingers']>, cuts: PlanCut[], dialogue: PlanRegion[], timeline: Timeline,
  toSample: (t: number) => number, sr: number, inDialogueAllowed: boolean, warnings: string[],
): number[] {
  if (mode === 'none' || cuts.length === 0) return [];
  const cutSamples = cuts.map((c) => c.sample);
  const starts = dialogue.map((r) => r.startSample);
  const inDialogue = (s: number) => !inDialogueAllowed && insideRegion(dialogue, starts, s);
  const nearest = (sample: number) => {
    const i = lowerBound(cutSamples, sample);
    if (i === 0) return 0;
    if (i >= cutSamples.length) return cutSamples.length - 1;
    return sample - cutSamples[i - 1] <= cutSamples[i] - sample ? i - 1 : i;
  };
  if (mode === 'scenes') return cuts.flatMap((c, i) => (c.scene && !inDialogue(c.sample) ? [i] : []));
  // Every sequence marker in the scored range asks for a hit, whatever it is called: editors name
  // markers after what happens there ("Interview", "Reveal", "Logo"), not after the music.
  const inRange = timeline.markers.filter((m) => m.start >= timeline.range.start && m.start < timeline.range.end);
  if (mode === 'markers' && inRange.length === 0) {
    warnings.push('stingers at markers: the sequence has no markers in the scored range, so no stingers were placed; add markers (M) on the cuts that need a hit');
  }
  const asked: Array<{ sample: number; what: string }> = mode === 'markers'
    ? inRange.map((m) => ({ sample: toSample(m.start), what: `marker "${m.name}"` }))
    : mode.map((sec) => ({ sample: Math.round(sec * sr), what: `${sec} s` }));
  const chosen = new Set<number>();
  for (const a of asked) {
    const i = nearest(a.sample);
    const cut = cuts[i];
    if (Math.abs(cut.sample - a.sample) > sr) {
      warnings.push(`stinger at ${a.what}: no cut within 1 s, moved to the nearest cut at ${cut.time.toFixed(2)} s`);
    }
    if (inDialogue(cut.sample)) {
      warnings.push(`stinger at ${a.what} (cut at ${cut.time.toFixed(2)} s) skipped: it lands inside dialogue; allow it with stingers in dialogue`);
      continue;
    }
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}
