import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTimelineFile, type Timeline } from '../../src/timeline';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { renderArrangement } from '../../src/synth';
import { encodeWav, type BitDepth } from '../../src/audio';
import { scoreRecordJson, parseRenderRecord, type PreviousRender } from '../../src/regen';
import { readPcm } from '../../src/regen/wav';
import type { Plan, Style } from '../../src/plan/types';
import { ROOT } from '../paths';

// The demo generator is scripts/make-demo.js; its demoXml() also builds the edited variants.
export { DEMO_DIALOGUE, DEMO_MARKERS, DEMO_SHOTS, demoXml, type Shot } from '../../scripts/make-demo';

export const DEMO_XML_PATH = path.join(ROOT, 'demo', 'demo-sequence.xml');

/** Moves a frame by a ripple of `delta` frames at `at` (deletions collapse onto `at`). */
export function ripple(frame: number, at: number, delta: number): number {
  if (delta >= 0) return frame >= at ? frame + delta : frame;
  if (frame >= at - delta) return frame + delta;
  return frame > at ? at : frame;
}

export interface ScoreOpts {
  brief?: string;
  style?: Style;
  seed?: number;
  sampleRate?: number;
  bitDepth?: BitDepth;
  stingers?: 'none' | 'scenes' | 'markers' | number[];
}

/** What `cuebed score` writes (score.ts plus the render.json line), in memory. */
export function scoreInMemory(timeline: Timeline, o: ScoreOpts = {}): PreviousRender & { wav: Uint8Array; files: Map<string, Uint8Array> } {
  const options = {
    brief: o.brief ?? 'warm documentary underscore, builds slightly', style: o.style, seed: o.seed ?? 3,
    sampleRate: o.sampleRate ?? 48000, bitDepth: o.bitDepth ?? (24 as BitDepth), stingers: o.stingers,
  };
  const plan = planScore(timeline, options);
  const render = renderArrangement(arrange(plan), { targetLufs: plan.targetLufs });
  const wav = encodeWav(render.mix, options.sampleRate, options.bitDepth, {}, `${plan.seed}:score`);
  const recordText = scoreRecordJson(options, render, 'Cuebed test');
  const files = new Map<string, Uint8Array>([['score.wav', wav], ['plan.json', new TextEncoder().encode(JSON.stringify(plan))], ['render.json', new TextEncoder().encode(recordText)]]);
  return { plan: JSON.parse(JSON.stringify(plan)) as Plan, record: parseRenderRecord(recordText, 'render.json'), wav, folder: 'previous', files };
}

export function timelineOf(xml: string, source = 'edit.xml'): Timeline {
  return readTimelineFile(xml, source);
}

export function writeRender(dir: string, files: Map<string, Uint8Array>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
}

/** Raw PCM bytes of frames [a, b) of a WAV. */
export function pcmBytes(wav: Uint8Array, a: number, b: number): Uint8Array {
  const p = readPcm(wav);
  return wav.subarray(p.dataOffset + a * p.frameBytes, p.dataOffset + b * p.frameBytes);
}

export function bytesEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * FCP7 XML ripple edit on every track at once: frames [at, at + remove) are deleted and `insert`
 * frames of gap opened at `at`. Clips that end up empty are dropped; clips across the edit
 * shrink or grow (their source out point follows).
 */
export function rippleXml(xml: string, at: number, remove: number, insert: number): string {
  const map = (f: number) => (f < 0 ? f : f < at ? f : f < at + remove ? at + insert : f - remove + insert);
  let out = xml.replace(/<(clipitem|transitionitem)\b[^>]*>[\s\S]*?<\/\1>/g, (block) => {
    const s = /<start>(-?\d+)<\/start>/.exec(block);
    const e = /<end>(-?\d+)<\/end>/.exec(block);
    if (!s || !e) return block;
    const [s0, e0] = [Number(s[1]), Number(e[1])];
    const s1 = map(s0);
    const end = e0 < 0 || e0 <= at ? e0 : e0 <= at + remove ? at + insert : e0 - remove + insert;
    if (s1 >= 0 && end >= 0 && end <= s1) return '';
    let b = block.replace(`<start>${s0}</start>`, `<start>${s1}</start>`).replace(`<end>${e0}</end>`, `<end>${end}</end>`);
    const i = /<in>(-?\d+)<\/in>/.exec(b);
    const o = /<out>(-?\d+)<\/out>/.exec(b);
    if (i && o && s0 >= 0 && e0 >= 0 && Number(i[1]) >= 0) b = b.replace(`<out>${o[1]}</out>`, `<out>${Number(i[1]) + (end - s1)}</out>`);
    return b;
  });
  out = out.replace(/<duration>(\d+)<\/duration>/, (_, d) => `<duration>${Number(d) - remove + insert}</duration>`);
  return out;
}
