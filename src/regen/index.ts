/**
 * Regenerate around edits: a new timeline + the previous render (plan.json, render.json,
 * score.wav) → a new render in which only what the edit touched is re-planned and re-synthesised.
 *
 * 1. diff (./diff): align old and new shots, classify every old section kept / shifted / changed /
 *    removed.
 * 2. re-plan: kept and shifted sections keep their material (id, chords, bars, kind, energy,
 *    motif) at their new place; the stretches between them are tempo-fitted afresh (pulled towards
 *    the neighbours' tempo). Every boundary is still a cut sample and a downbeat. Stretches shorter
 *    than the preset's shortest section absorb a neighbour rather than make a stub.
 * 3. re-render: kept and shifted spans are copied from the previous score.wav's PCM bytes (so
 *    they are bit-identical, shifted by the ripple); each changed stretch is rendered from the new
 *    arrangement's events around it (with a lead-in for reverb and compressor state) at the
 *    previous render's normalisation gain, and crossfaded into the copied audio over margins
 *    before and after it. Nothing is re-normalised; the new loudness is reported.
 */
import { InputError, type Timeline } from '../timeline/model';
import type { Plan, Section, Stinger } from '../plan/types';
import {
  finishPlan, fitInput, fitTempo, offsetFit, planContext, realiseSections,
  type PlanContext, type PlanOptions, type SectionSlot, type SpeechReader,
} from '../plan';
import { arrange, type Arrangement, type NoteEvent } from '../music';
import { drain, renderArrangementSteps } from '../synth';
import type { ByteSink } from '../audio/stream';
import { scoreWavMetadata } from '../report/metadata';
import type { SamplerBank } from '../sampler/bank';
import { isSampled } from '../sampler/gm';
import { renderPlanSvg } from '../report/svg';
import { renderCueSheet } from '../report/cuesheet';
import { diffEdit, type EditDiff, type EditView, type SectionChange } from './diff';
import {
  decodeSegments, encodeSegments, integratedFromSegments, optionsFromPlan, recordJson, segmentSamples,
  RECORD_SCHEMA, type RenderOptionsRecord, type RenderRecord,
} from './record';
import { assembleScoreSteps, type CopySpan } from './assemble';
import { readFrames, readPcm, wavFrame, type PcmSource, type PcmView } from './wav';

export { diffEdit, alignShots, boundaries } from './diff';
export type { EditDiff, EditView, SectionChange, SectionStatus, ChangeReason, DiffSection } from './diff';
export { renderRecordJson, scoreRecordJson, parseRenderRecord, decodeSegments, RECORD_SCHEMA } from './record';
export type { RenderRecord, RenderOptionsRecord, RegenSummary } from './record';
export type { CopySpan } from './assemble';
export type { PcmSource } from './wav';
export { regenerateWithinTarget, regenerateWithinTargetStreamed, regenerateWithinTargetStreamedSteps, LOUDNESS_TOLERANCE_LU } from './loudness-guard';

export interface PreviousRender {
  plan: Plan;
  /** render.json; without it the gain is estimated from the audio and options come from the plan. */
  record?: RenderRecord;
  /** score.wav as stored: its bytes, or a source reading them from the file in blocks. */
  wav: Uint8Array | PcmSource;
  /** The previous render's folder, for the summary. */
  folder: string;
}

export interface RegenOptions {
  speech?: SpeechReader;
  /** Written into the WAV's ISFT tag and render.json. */
  software?: string;
  /** Crossfade margin before a changed stretch, seconds (default 0.5). */
  preMarginSec?: number;
  /** Crossfade margin after it, covering the changed music's tails (default 2). */
  postMarginSec?: number;
  /** Rendered and discarded before a window so reverb, delay and compressor have their state (default 3). */
  leadInSec?: number;
  /** 0..1 over the stretches re-rendered (the only slow part). */
  onProgress?: (fraction: number) => void;
  /** The sound bank the previous render played its sampled instruments on (render.json soundBank). */
  sampler?: SamplerBank;
  /** Normalisation gain to use instead of the previous render's (loudness-guard.ts re-normalises with it). */
  gainDb?: number;
  /** RF64 beyond this many bytes (default 4 GiB; see createWavEncoder). */
  rf64AboveBytes?: number;
}

export interface RegenResult {
  plan: Plan;
  arrangement: Arrangement;
  diff: EditDiff;
  /** score.wav (regenerate only: regenerateStreamed writes it to its sink), plan.json, plan.svg, cuesheet.csv, render.json. */
  files: Map<string, Uint8Array>;
  kept: string[];
  shifted: string[];
  /** New sections and changed sections re-rendered with their music kept. */
  rendered: string[];
  removed: string[];
  copied: CopySpan[];
  /** Sample ranges synthesised anew (margins included). */
  renderedSpans: Array<[number, number]>;
  gainDb: number;
  /** Worked out from the previous render's loudness segments and the new audio. */
  integratedLufs: number;
  /** Highest true peak of the re-rendered audio and the previous render's. */
  truePeakDb: number;
  warnings: string[];
}

const DIALOGUE_MARGIN_SEC = 3;
const RELEASE_PAD_SEC = 2;

/** regenerateStreamed with score.wav assembled in memory (the panel, tests, short sequences). */
export function regenerate(timeline: Timeline, prev: PreviousRender, options: RegenOptions = {}): RegenResult {
  const sink = memorySink();
  const r = regenerateStreamed(timeline, prev, options, sink);
  r.files = new Map([['score.wav', sink.bytes()], ...r.files]);
  return r;
}

/**
 * Regenerates around the edit, writing score.wav front to back into `out` (see ./assemble): the
 * previous score.wav is read in blocks through its source, so memory stays at one block plus the
 * re-rendered windows whatever the sequence's length. `files` holds the describing files only.
 */
export function regenerateStreamed(timeline: Timeline, prev: PreviousRender, options: RegenOptions, out: ByteSink): RegenResult {
  return drain(regenerateStreamedSteps(timeline, prev, options, out));
}

/** regenerateStreamed, a step per block written or chunk rendered (the CLI yields between them so a signal can stop it). */
export function* regenerateStreamedSteps(timeline: Timeline, prev: PreviousRender, options: RegenOptions, out: ByteSink): Generator<void, RegenResult, void> {
  const old = prev.plan;
  let pcm: PcmView;
  try {
    pcm = readPcm(prev.wav);
  } catch (err) {
    throw new InputError(`${prev.folder}/score.wav: ${(err as Error).message}`);
  }
  if (pcm.channels !== 2) throw new InputError(`${prev.folder}/score.wav has ${pcm.channels} channels; a Cuebed score has 2`);
  const warnings: string[] = [];
  if (pcm.sampleRate !== old.sequence.sampleRate) throw new InputError(`score.wav is at ${pcm.sampleRate} Hz but its plan.json says ${old.sequence.sampleRate} Hz`);
  if (pcm.frames !== old.sequence.durationSamples) throw new InputError(`score.wav holds ${pcm.frames} samples but its plan.json says ${old.sequence.durationSamples}: they are not one render`);
  const ro: RenderOptionsRecord = prev.record?.options ?? optionsFromPlan(old, pcm.depth);
  const planOptions: PlanOptions = {
    brief: ro.brief, preset: ro.preset ?? old.preset, style: ro.style ?? old.style, seed: ro.seed, sampleRate: old.sequence.sampleRate,
    targetLufs: ro.targetLufs ?? old.targetLufs, duckDb: ro.duckDb, stingers: ro.stingers, stingersInDialogue: ro.stingersInDialogue,
    speech: options.speech,
  };
  const ctx = planContext(timeline, planOptions);
  const sr = ctx.sr;
  const length = ctx.length;
  const rate = timeline.frameRate;
  const sameRate = rate.num * old.sequence.frameRate.den === old.sequence.frameRate.num * rate.den;
  if (!sameRate) warnings.push('the frame rate changed since the previous render: everything is re-planned');
  // Kept audio is copied from the previous mix only; its stems cannot be spliced the same way yet.
  if (ro.stems) warnings.push('stems are not regenerated: the earlier render\'s stems/ do not follow this edit; score the sequence again for matching stems');

  // 1. diff
  const diff = sameRate
    ? diffEdit(viewOfPlan(old), viewOfContext(ctx), old.sections, {
      frameSamples: Math.ceil((sr * rate.den) / rate.num), dialogueMargin: Math.round(DIALOGUE_MARGIN_SEC * sr),
    })
    : { shotMap: [], sections: old.sections.map((s): SectionChange => ({ id: s.id, status: 'changed', reason: 'content', from: { startSample: s.startSample, endSample: s.endSample } })) };

  // 2. re-plan
  const byId = new Map(old.sections.map((s) => [s.id, s]));
  interface Placed { change: SectionChange; section: Section; copy: boolean }
  let placed: Placed[] = diff.sections
    .filter((c) => c.to && (c.status === 'kept' || c.status === 'shifted' || c.reason === 'retimed'))
    .map((c) => ({ change: c, section: moved(byId.get(c.id) as Section, c.to as { startSample: number; endSample: number }, sr), copy: c.status !== 'changed' }))
    .sort((a, b) => a.section.startSample - b.section.startSample);
  const absorbed = new Set<string>();
  const minGap = Math.round(ctx.preset.sectionSec[0] * sr);
  for (;;) {
    const gaps = gapsOf(placed, length);
    const short = gaps.find((g) => g.end - g.start > 0 && g.end - g.start < minGap);
    if (!short || placed.length === 0) break;
    const before = placed.findIndex((p) => p.section.endSample === short.start);
    const after = placed.findIndex((p) => p.section.startSample === short.end);
    const len = (i: number) => (i < 0 ? Infinity : placed[i].section.endSample - placed[i].section.startSample);
    const victim = len(before) <= len(after) ? before : after;
    if (victim < 0) break;
    absorbed.add(placed[victim].change.id);
    placed = placed.filter((_, i) => i !== victim);
  }

  const used = new Set(placed.map((p) => p.section.id));
  const inherit = new Map<number, string>();
  for (const c of diff.sections) {
    const at = absorbed.has(c.id) ? c.to?.startSample : c.status === 'changed' && c.reason !== 'retimed' ? c.startsAt : undefined;
    if (at !== undefined && !inherit.has(at)) inherit.set(at, c.id);
  }
  const slots: SectionSlot[] = [];
  const fresh = new Set<string>();
  let cursor = 0;
  const fillGap = (start: number, end: number, prevBpm: number, nextBpm: number) => {
    if (end <= start) return;
    const near = [prevBpm, nextBpm].filter((b) => b > 0);
    const target = near.length ? near.reduce((a, b) => a + b, 0) / near.length : undefined;
    for (const f of offsetFit(ctx, fitTempo(fitInput(ctx, start, end, target)), start)) {
      let id = inherit.get(f.startSample);
      if (!id || used.has(id)) {
        const base = `sec-${f.startCut < 0 ? ctx.startFrame : ctx.cutList[f.startCut].frame}`;
        id = base;
        for (let k = 2; used.has(id); k++) id = `${base}.${k}`;
      }
      used.add(id);
      fresh.add(id);
      slots.push({ fit: f, id });
    }
  };
  placed.forEach((p, i) => {
    fillGap(cursor, p.section.startSample, placed[i - 1]?.section.bpm ?? 0, p.section.bpm);
    slots.push({ section: p.section });
    cursor = p.section.endSample;
  });
  fillGap(cursor, length, placed[placed.length - 1]?.section.bpm ?? 0, 0);
  const sections = realiseSections(ctx, slots);
  const plan = finishPlan(ctx, sections);

  // 3. what is copied, what is rendered
  const copied = copySpans(placed.filter((p) => p.copy));
  const cores = coresOf(copied, length);
  const pre = Math.round((options.preMarginSec ?? 0.5) * sr);
  const post = Math.round((options.postMarginSec ?? 2) * sr);
  const windows = mergeWindows(cores.map(([a, b]) => [a === 0 ? 0 : Math.max(0, a - pre), b === length ? length : Math.min(length, b + post)]));

  plan.stingers = mergeStingers(old, plan, copied);
  plan.warnings.push(...warnings);
  const arrangement = arrange(plan);
  if (options.sampler && arrangement.events.some((e) => isSampled(e.instrument))) arrangement.sampler = options.sampler;

  const gainDb = options.gainDb ?? prev.record?.gainDb ?? (yield* estimateGain(old, pcm, copied, warnings, options.sampler));
  const meta = scoreWavMetadata(plan, options.software ?? 'Cuebed', arrangement.sampler?.credits);
  const lead = Math.round((options.leadInSec ?? 3) * sr);
  const toRender = windows.reduce((a, [ws, we]) => a + (we - ws), 0);
  let done = 0;
  const seg = segmentSamples(sr);
  const oldSegments = prev.record?.segments && prev.record.segmentSamples === seg ? decodeSegments(prev.record.segments) : null;
  // 4. score.wav front to back: copied bytes outside the windows, each window rendered, crossfaded and packed in turn
  const assembled = yield* assembleScoreSteps({
    pcm, copied, windows, length, sampleRate: sr, frame: wavFrame(length, pcm.channels, sr, pcm.depth, meta, options.rf64AboveBytes),
    ditherSeed: (ws) => `${plan.seed}:regen:${ws}`, oldSegments, truePeakDb: prev.record?.truePeakDb ?? -Infinity,
    render: function* (ws, we) {
      const progress = options.onProgress && ((f: number) => options.onProgress?.((done + f * (we - ws)) / toRender));
      const mix = yield* renderWindow(arrangement, ws, we, lead, Math.round(RELEASE_PAD_SEC * sr), gainDb, plan.targetLufs, progress);
      done += we - ws;
      if (ws > 0) crossfade(mix, pcm, copied, ws, 0, Math.min(pre, we - ws), true);
      if (we < length) crossfade(mix, pcm, copied, ws, Math.max(0, we - ws - post), we - ws, false);
      return mix;
    },
  }, out);
  out.close();

  // 5. loudness: the previous segments where audio was copied, measured ones elsewhere
  const segments = assembled.segments;
  const integratedLufs = integratedFromSegments(segments, seg);
  const tp = assembled.truePeakDb;

  const status = (s: SectionChange['status']) => diff.sections.filter((c) => c.status === s && !absorbed.has(c.id)).map((c) => c.id);
  const renderedIds = sections.filter((s) => fresh.has(s.id) || placed.some((p) => !p.copy && p.section.id === s.id)).map((s) => s.id);
  const record: RenderRecord = {
    schema: RECORD_SCHEMA, software: options.software ?? 'Cuebed', options: { ...ro, bitDepth: pcm.depth, sampleRate: sr },
    gainDb, integratedLufs: Number.isFinite(integratedLufs) ? integratedLufs : null, truePeakDb: Number.isFinite(tp) ? tp : null,
    segmentSamples: seg, segments: encodeSegments(segments),
    regen: {
      from: prev.folder, kept: status('kept'), shifted: status('shifted'), rendered: renderedIds, removed: status('removed'),
      renderedSpans: windows,
    },
  };
  const files = new Map<string, Uint8Array>();
  files.set('plan.json', utf8(JSON.stringify(plan, null, 2) + '\n'));
  files.set('plan.svg', utf8(renderPlanSvg(plan)));
  files.set('cuesheet.csv', utf8(renderCueSheet(plan)));
  files.set('render.json', utf8(recordJson(record)));
  return {
    plan, arrangement, diff, files, kept: record.regen!.kept, shifted: record.regen!.shifted, rendered: renderedIds,
    removed: record.regen!.removed, copied, renderedSpans: windows, gainDb, integratedLufs, truePeakDb: tp, warnings,
  };
}

/** The previous plan as the diff sees it. */
export function viewOfPlan(plan: Plan): EditView {
  const rate = plan.sequence.frameRate;
  const startFrame = plan.source?.startFrame ?? Math.round((Number(plan.sequence.startTicks) * rate.num) / (254016000000 * rate.den));
  const endFrame = plan.source?.endFrame ?? startFrame + Math.round((plan.sequence.duration * rate.num) / rate.den);
  return {
    startFrame, endFrame, length: plan.sequence.durationSamples,
    cuts: plan.cuts.map((c) => ({ frame: c.frame, sample: c.sample })), dialogue: plan.dialogue,
  };
}

function viewOfContext(ctx: PlanContext): EditView {
  return { startFrame: ctx.startFrame, endFrame: ctx.endFrame, length: ctx.length, cuts: ctx.cutList, dialogue: ctx.dialogue };
}

/** A section's material at a new place; the tempo follows the (possibly one sample different) length. */
function moved(s: Section, to: { startSample: number; endSample: number }, sr: number): Section {
  const len = to.endSample - to.startSample;
  const bpm = s.bpm > 0 && len !== s.endSample - s.startSample ? (s.bars * s.beatsPerBar * (60 * sr)) / len : s.bpm;
  return { ...s, start: to.startSample / sr, end: to.endSample / sr, startSample: to.startSample, endSample: to.endSample, bpm };
}

function gapsOf(placed: Array<{ section: Section }>, length: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const p of placed) {
    out.push({ start: at, end: p.section.startSample });
    at = p.section.endSample;
  }
  out.push({ start: at, end: length });
  return out;
}

/** Runs of copied sections that moved together: one constant sample offset each. */
function copySpans(placed: Array<{ change: SectionChange; section: Section }>): CopySpan[] {
  const out: Array<CopySpan & { frames: number }> = [];
  for (const p of placed) {
    const last = out[out.length - 1];
    const frames = p.change.offsetFrames ?? 0;
    if (last && last.end === p.section.startSample && last.frames === frames) { last.end = p.section.endSample; continue; }
    out.push({ start: p.section.startSample, end: p.section.endSample, offset: p.section.startSample - p.change.from.startSample, frames });
  }
  return out.map(({ start, end, offset }) => ({ start, end, offset }));
}

/** What is not copied, plus zero-length joins where two copied spans with different offsets meet. */
function coresOf(copied: CopySpan[], length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const s of copied) {
    if (s.start > at || (out.length === 0 && s.start > 0) || (at > 0 && s.start === at)) out.push([at, s.start]);
    at = s.end;
  }
  if (at < length) out.push([at, length]);
  return out;
}

function mergeWindows(ws: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ws].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

/** Stingers at cuts inside copied spans stay what they were (they are in the copied audio); elsewhere the new plan decides. */
function mergeStingers(old: Plan, plan: Plan, copied: CopySpan[]): Stinger[] {
  const cutIndex = new Map(plan.cuts.map((c, i) => [c.sample, i]));
  const inCopy = (sample: number) => copied.find((s) => sample >= s.start && sample < s.end);
  const out: Stinger[] = [];
  for (const s of old.stingers) {
    const span = copied.find((c) => s.hitSample >= c.start - c.offset && s.hitSample < c.end - c.offset);
    if (!span) continue;
    const hit = s.hitSample + span.offset;
    const cut = cutIndex.get(hit);
    if (cut === undefined) continue;
    const sr = plan.sequence.sampleRate;
    out.push({
      ...s, hit: hit / sr, hitSample: hit, cut,
      startSample: s.startSample + span.offset, endSample: Math.min(plan.sequence.durationSamples, s.endSample + span.offset),
      start: (s.startSample + span.offset) / sr, end: Math.min(plan.sequence.durationSamples, s.endSample + span.offset) / sr,
    });
  }
  for (const s of plan.stingers) if (!inCopy(s.hitSample) && !out.some((o) => o.hitSample === s.hitSample)) out.push(s);
  return out.sort((a, b) => a.hitSample - b.hitSample);
}

/**
 * Where a re-rendered window [ws, we) starts rendering: the lead-in's start, or earlier for a note
 * still sounding there, but never more than two lead-ins earlier (see renderWindow).
 */
export function windowRenderStart(events: readonly NoteEvent[], ws: number, we: number, lead: number, releasePad: number): number {
  const leadStart = Math.max(0, ws - lead);
  const reach = Math.max(0, leadStart - 2 * lead);
  let rs = leadStart;
  for (const e of events) {
    if (e.start >= we) break;
    if (e.start < rs && e.start + e.length + releasePad > leadStart) rs = Math.max(reach, e.start);
  }
  return rs;
}

/** The part of a sustained note from `at` on, as a note of its own (no stinger hit: its transient is long past). */
function restartAt(e: NoteEvent, at: number): NoteEvent {
  const note: NoteEvent = { ...e, start: at, length: Math.max(1, e.length - (at - e.start)) };
  delete note.hit;
  return note;
}

/** Renders [ws, we) of the arrangement from the events that sound there, with a lead-in for effect state. */
function* renderWindow(arr: Arrangement, ws: number, we: number, lead: number, releasePad: number, gainDb: number, targetLufs: number, onProgress?: (fraction: number) => void): Generator<void, Float32Array[], void> {
  const leadStart = Math.max(0, ws - lead);
  // A note still sounding at the lead-in is rendered from its start, but not from further back than
  // two lead-ins: a section-long texture (the room air under every palette) would otherwise pull the
  // whole section, every part in it, into each re-rendered window (10-minute one-shot trim: 0.72 s
  // -> 3.7 s). Such a note restarts there; its swell settles long before the window begins,
  // and the lead-in's audio is discarded.
  const rs = windowRenderStart(arr.events, ws, we, lead, releasePad);
  const events = arr.events
    .filter((e) => (e.start >= rs || e.start + e.length + releasePad > leadStart) && e.start < we)
    .map((e) => (e.start >= rs ? e : restartAt(e, rs)))
    .map((e) => ({ ...e, start: e.start - rs, ...(e.hit !== undefined ? { hit: e.hit - rs } : {}) }));
  const sub: Arrangement = {
    sampleRate: arr.sampleRate, lengthSamples: we - rs, events,
    duck: arr.duck.map((k) => ({ sample: k.sample - rs, gainDb: k.gainDb })),
    fadeInSamples: rs === 0 ? arr.fadeInSamples : 0,
    fadeOutSamples: we === arr.lengthSamples ? arr.fadeOutSamples : 0,
    sampler: arr.sampler,
    mix: arr.mix,
  };
  const r = yield* renderArrangementSteps(sub, { targetLufs, gainDb, onProgress });
  return r.mix.map((ch) => ch.subarray(ws - rs, we - rs));
}

/**
 * Crossfades new audio (window samples [from, to), window starting at `ws`) with the copied old
 * audio at the same place: old → new when `fadeIn`, new → old otherwise. The gains follow the
 * constant-power law for the two signals' measured correlation r: a² + b² + 2rab = 1 (equal power
 * for unrelated material, equal gain for the near-identical music margins usually hold).
 */
function crossfade(mix: Float32Array[], pcm: PcmView, copied: CopySpan[], ws: number, from: number, to: number, fadeIn: boolean): void {
  if (to <= from) return;
  const at = ws + from;
  const span = copied.find((s) => at >= s.start && at < s.end) ?? copied.find((s) => ws + to - 1 >= s.start && ws + to - 1 < s.end);
  if (!span) return;
  const oldCh = readFrames(pcm, at - span.offset, ws + to - span.offset);
  const n = Math.min(to - from, oldCh[0].length);
  let sxy = 0, sxx = 0, syy = 0;
  for (let c = 0; c < mix.length; c++) {
    for (let i = 0; i < n; i++) {
      const x = oldCh[c][i], y = mix[c][from + i];
      sxy += x * y; sxx += x * x; syy += y * y;
    }
  }
  const r = sxx > 0 && syy > 0 ? Math.max(0, Math.min(1, sxy / Math.sqrt(sxx * syy))) : 0;
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    const gNewLin = fadeIn ? t : 1 - t;
    const gOldLin = 1 - gNewLin;
    const norm = Math.sqrt(gNewLin * gNewLin + gOldLin * gOldLin + 2 * r * gNewLin * gOldLin);
    const a = gOldLin / norm, b = gNewLin / norm;
    for (let c = 0; c < mix.length; c++) mix[c][from + i] = a * oldCh[c][i] + b * mix[c][from + i];
  }
}

/**
 * No render.json: the previous gain is found by rendering a stretch of the previous arrangement at
 * 0 dB and comparing its level with the stored audio there.
 */
function* estimateGain(old: Plan, pcm: PcmView, copied: CopySpan[], warnings: string[], sampler?: SamplerBank): Generator<void, number, void> {
  const sr = old.sequence.sampleRate;
  const longest = [...copied].sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  const from = longest ? longest.start - longest.offset : 0;
  const to = Math.min(pcm.frames, from + 20 * sr);
  const arr = arrange(old);
  if (sampler) arr.sampler = sampler;
  const probe = yield* renderWindow(arr, from, to, 3 * sr, 2 * sr, 0, old.targetLufs);
  const stored = readFrames(pcm, from, to);
  let a = 0, b = 0;
  for (let c = 0; c < stored.length; c++) for (let i = 0; i < stored[c].length; i++) { a += stored[c][i] ** 2; b += probe[c][i] ** 2; }
  const gain = a > 0 && b > 0 ? 10 * Math.log10(a / b) : 0;
  warnings.push(`the previous render has no render.json: its normalisation gain was estimated from the audio (${gain.toFixed(2)} dB)`);
  return gain;
}

/** A ByteSink gathering a file in memory (one growing buffer). */
function memorySink(): ByteSink & { bytes(): Uint8Array } {
  let buf = new Uint8Array(1 << 16);
  let n = 0;
  return {
    write: (bytes) => {
      if (n + bytes.length > buf.length) {
        const grown = new Uint8Array(Math.max(2 * buf.length, n + bytes.length));
        grown.set(buf.subarray(0, n));
        buf = grown;
      }
      buf.set(bytes, n);
      n += bytes.length;
    },
    close: () => undefined,
    bytes: () => buf.subarray(0, n),
  };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
