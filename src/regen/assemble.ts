/**
 * Writes a regenerated score.wav front to back: copied stretches go from the previous file to the
 * new one block by block as raw bytes (never decoded, never re-dithered, never held whole), each
 * re-rendered window is rendered when its turn comes, crossfaded into the old audio at its edges,
 * packed and written, then dropped. Memory is one block plus the window being written, whatever
 * the sequence's length.
 *
 * Loudness comes along: with the previous render's 100 ms loudness segments, copied segments are
 * taken from them and only the windows are measured; without them (a render made before streamed
 * renders kept segments) the whole new file is measured on the way out, copied blocks decoded for
 * the meter only.
 */
import { PcmPacker, unpackPcm } from '../audio/pcm';
import type { ByteSink } from '../audio/stream';
import { truePeak } from '../synth/truepeak';
import { SegmentMeter, runEnergies, segmentSamples } from './record';
import type { PcmView, WavFrame } from './wav';

export interface CopySpan {
  /** New score samples [start, end) come from previous samples [start − offset, end − offset). */
  start: number;
  end: number;
  offset: number;
}

export interface AssembleInput {
  pcm: PcmView;
  copied: CopySpan[];
  /** Windows to render, sorted and disjoint, in new-score samples. */
  windows: Array<[number, number]>;
  length: number;
  sampleRate: number;
  frame: WavFrame;
  /** Renders window [ws, we) (crossfades applied): one array per channel, we − ws long; yields per chunk. */
  render: (ws: number, we: number) => Generator<void, Float32Array[], void>;
  /** Dither seed of the window starting at `ws`. */
  ditherSeed: (ws: number) => string;
  /** The previous render's segments, when they were measured with this segment length. */
  oldSegments: Float32Array | null;
  /** True peak so far (the previous render's), dBTP. */
  truePeakDb: number;
}

export interface AssembleResult {
  segments: Float64Array;
  truePeakDb: number;
}

/** Frames per copied block: 256 KiB–1 MiB of PCM, as the depth goes. */
const BLOCK = 1 << 16;

/**
 * A step per block copied or packed, and per chunk rendered, so a caller can yield between them
 * (the CLI lets SIGINT/SIGTERM stop a regeneration there; synth/finalise.ts `drain` runs it whole).
 */
export function* assembleScoreSteps(input: AssembleInput, out: ByteSink): Generator<void, AssembleResult, void> {
  const { pcm, copied, windows, length, sampleRate: sr } = input;
  const seg = segmentSamples(sr);
  const segments = input.oldSegments ? copiedSegments(input.oldSegments, copied, length, seg) : null;
  const meter = segments ? null : new SegmentMeter(sr, length);
  let tp = input.truePeakDb;
  const zeros = new Uint8Array(Math.min(BLOCK * pcm.frameBytes, Math.max(1, length * pcm.frameBytes)));

  /** New frames [a, b): from the copied spans where they reach, silence elsewhere. */
  const emit = function* (a: number, b: number): Generator<void, void, void> {
    let at = a;
    const fill = function* (to: number): Generator<void, void, void> {
      for (let x = at; x < to;) {
        const n = Math.min(to - x, Math.floor(zeros.length / pcm.frameBytes));
        out.write(zeros.subarray(0, n * pcm.frameBytes));
        meter?.pushSilence(n);
        x += n;
        yield;
      }
      at = to;
    };
    for (const s of copied) {
      if (s.end <= at || s.start >= b) continue;
      const lo = Math.max(at, s.start), hi = Math.min(b, s.end);
      // only frames whose source lies inside the previous file are copied; the rest stay silent
      const srcLo = Math.min(Math.max(lo - s.offset, 0), pcm.frames), srcHi = Math.max(Math.min(hi - s.offset, pcm.frames), srcLo);
      yield* fill(srcLo + s.offset);
      for (let f = srcLo; f < srcHi;) {
        const n = Math.min(BLOCK, srcHi - f);
        const bytes = pcm.source.read(pcm.dataOffset + f * pcm.frameBytes, n * pcm.frameBytes);
        if (bytes.length !== n * pcm.frameBytes) throw new Error('score.wav ended early while it was being copied');
        out.write(bytes);
        if (meter) meter.push(unpackPcm(bytes, 0, bytes.length, pcm.channels, pcm.depth), n);
        f += n;
        yield;
      }
      at = srcHi + s.offset;
      yield* fill(hi);
    }
    yield* fill(b);
  };

  out.write(input.frame.head);
  let pos = 0;
  for (const [ws, we] of windows) {
    yield* emit(pos, ws);
    const mix = yield* input.render(ws, we);
    for (const ch of mix) { const p = truePeak(ch); if (p > 0) tp = Math.max(tp, 20 * Math.log10(p)); }
    if (meter) meter.push(mix, we - ws);
    else if (segments) measureWindow(segments, mix, ws, we, sr);
    const packer = new PcmPacker(pcm.depth, input.ditherSeed(ws));
    const buf = new Uint8Array(Math.min(BLOCK, we - ws) * pcm.frameBytes);
    for (let f = 0; f < we - ws; f += BLOCK) {
      const n = Math.min(BLOCK, we - ws - f);
      packer.pack(mix.map((ch) => ch.subarray(f, f + n)), n, buf, 0);
      out.write(buf.subarray(0, n * pcm.frameBytes));
      yield;
    }
    pos = we;
  }
  yield* emit(pos, length);
  out.write(input.frame.tail);
  return { segments: segments ?? (meter as SegmentMeter).finish(), truePeakDb: tp };
}

/** Segments of the new score taken from the previous one where a copied span covers their middle. */
function copiedSegments(old: Float32Array, copied: CopySpan[], length: number, seg: number): Float64Array {
  const n = Math.ceil(length / seg);
  const res = new Float64Array(n);
  let c = 0;
  for (let k = 0; k < n; k++) {
    const mid = k * seg + seg / 2;
    while (c < copied.length && copied[c].end <= mid) c++;
    const span = c < copied.length && mid >= copied[c].start ? copied[c] : null;
    const j = span ? Math.round((k * seg - span.offset) / seg) : -1;
    res[k] = j >= 0 && j < old.length ? old[j] : 0;
  }
  return res;
}

/** Replaces the window's share of each segment it touches with its measured energy. */
function measureWindow(res: Float64Array, mix: Float32Array[], ws: number, we: number, sr: number): void {
  const seg = segmentSamples(sr);
  const k0 = Math.floor(ws / seg), k1 = Math.ceil(we / seg);
  const edges: number[] = [];
  for (let k = k0; k <= k1; k++) edges.push(Math.min(we, Math.max(ws, k * seg)) - ws);
  const e = runEnergies(mix, sr, edges);
  for (let k = k0; k < k1; k++) {
    const part = (edges[k - k0 + 1] - edges[k - k0]) / seg;
    res[k] = e[k - k0] + (1 - part) * res[k];
  }
}
