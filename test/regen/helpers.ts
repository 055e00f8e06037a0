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

/** The demo's shots (frames at 23.976) and dialogue, as scripts/make-demo.js writes them. */
export type Shot = [name: string, frames: number, inFrame?: number];
export const DEMO_SHOTS: Shot[] = [
  ['wide_workshop_dawn', 168], ['hands_on_bench', 96], ['tool_closeup', 60], ['window_light', 120],
  ['interview_anna_A', 216], ['cutaway_sketch', 72], ['interview_anna_B', 168], ['door_opens', 84],
  ['street_walk', 110], ['bike_pass', 48], ['market_stall', 60], ['coffee_pour', 40], ['laughing_group', 52],
  ['laptop_typing', 44], ['city_timelapse', 90], ['interview_ben_A', 240], ['prototype_reveal', 70],
  ['interview_ben_B', 150], ['assembly_fast_1', 30], ['assembly_fast_2', 28], ['assembly_fast_3', 34],
  ['product_turntable', 96], ['team_cheer', 62], ['logo_wide_end', 136],
];
export const DEMO_DIALOGUE: Array<[string, number, number]> = [
  ['anna_interview.wav', 420, 804],
  ['ben_interview.wav', 1296, 1680],
];
export const DEMO_MARKERS: Array<[string, string, number]> = [
  ['Scene: out into the city', 'The film opens up', 864],
  ['Build', 'Montage gathers pace to the reveal', 1680],
  ['Stinger', 'Hit on the product reveal', 1626],
];

/** The demo XML for a list of shots (same text as scripts/make-demo.js for the demo's own lists). */
export function demoXml(shots: Shot[], dialogue = DEMO_DIALOGUE, markers = DEMO_MARKERS, title: [number, number] = [444, 564]): string {
  const total = shots.reduce((a, s) => a + s[1], 0);
  const rate = '<rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>';
  const TPF = 10594584000;
  let t = 0;
  const videoClips = shots.map(([name, len, inF], i) => {
    const start = t;
    t += len;
    const id = `clipitem-v${i + 1}`;
    const cin = inF ?? 24;
    return `        <clipitem id="${id}">
          <name>${name}.mov</name>
          <enabled>TRUE</enabled>
          <duration>${len + 48}</duration>
          ${rate}
          <start>${start}</start>
          <end>${start + len}</end>
          <in>${cin}</in>
          <out>${cin + len}</out>
          <pproTicksIn>${cin * TPF}</pproTicksIn>
          <pproTicksOut>${(cin + len) * TPF}</pproTicksOut>
          <alphatype>none</alphatype>
          <file id="file-v${i + 1}"><name>${name}.mov</name><pathurl>file://localhost/Volumes/Media/demo/${name}.mov</pathurl>${rate}<duration>${len + 96}</duration></file>
        </clipitem>`;
  });
  const dialogueClips = dialogue.map(([name, start, end], i) => `        <clipitem id="clipitem-a${i + 1}">
          <name>${name}</name>
          <enabled>TRUE</enabled>
          <duration>${end - start + 200}</duration>
          ${rate}
          <start>${start}</start>
          <end>${end}</end>
          <in>100</in>
          <out>${100 + end - start}</out>
          <file id="file-a${i + 1}"><name>${name}</name><pathurl>file://localhost/Volumes/Media/demo/${name}</pathurl>${rate}<duration>${end - start + 400}</duration><media><audio><channelcount>1</channelcount></audio></media></file>
          <sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>
        </clipitem>`);
  const titleClip = `        <clipitem id="clipitem-title">
          <name>Lower third - Anna Berg, founder</name>
          <enabled>TRUE</enabled>
          <duration>120</duration>
          ${rate}
          <start>${title[0]}</start>
          <end>${title[1]}</end>
          <in>0</in>
          <out>120</out>
          <alphatype>straight</alphatype>
          <file id="file-title"><name>lower_third_anna.png</name><pathurl>file://localhost/Volumes/Media/demo/lower_third_anna.png</pathurl>${rate}<duration>120</duration></file>
        </clipitem>`;
  const markerXml = markers.map(([name, comment, frame]) => `    <marker><name>${name}</name><comment>${comment}</comment><in>${frame}</in><out>-1</out></marker>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4">
  <sequence id="sequence-1">
    <uuid>5c0e7d1e-0b1e-4c3a-9a4e-cuebed-demo</uuid>
    <name>Cuebed demo - Workshop to market</name>
    <duration>${total}</duration>
    ${rate}
    <timecode>${rate}<string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat></timecode>
    <in>-1</in>
    <out>-1</out>
${markerXml.join('\n')}
    <media>
      <video>
        <format><samplecharacteristics>${rate}<width>1920</width><height>1080</height></samplecharacteristics></format>
        <track>
${videoClips.join('\n')}
          <enabled>TRUE</enabled>
        </track>
        <track>
${titleClip}
          <enabled>TRUE</enabled>
        </track>
      </video>
      <audio>
        <format><samplecharacteristics><depth>16</depth><samplerate>48000</samplerate></samplecharacteristics></format>
        <track>
${dialogueClips.join('\n')}
          <enabled>TRUE</enabled>
        </track>
      </audio>
    </media>
  </sequence>
</xmeml>
`;
}

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
export function scoreInMemory(timeline: Timeline, o: ScoreOpts = {}): PreviousRender & { files: Map<string, Uint8Array> } {
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
