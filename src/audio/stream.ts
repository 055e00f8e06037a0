/**
 * Streamed render → WAV files, with the file system injected (this layer stays pure). Pass 1
 * renders the arrangement chunk by chunk into a float spill (a temporary file, or memory for
 * short pieces) while metering its loudness; pass 2 reads the spill back, applies the
 * normalisation gain and the true-peak limiter, dithers and writes each WAV incrementally. Peak
 * memory is a few chunks per track whatever the length. With stems, pass 1 meters the mix alone
 * and keeps nothing, and pass 2 renders mix and stems again straight into the WAVs. With a reused
 * gain (regeneration) there is nothing to measure first, and a single pass renders into the WAVs.
 */
import { VOICE_GROUPS, type Arrangement, type VoiceGroup } from '../music/types';
import { ArrangementRenderer, CHUNK, drain, finaliseSteps, renderArrangementBlocksSteps, type ChunkReader, type ChunkSource, type MeterTape } from '../synth';
import { createWavEncoder, type BitDepth, type WavEncoder, type WavEncoderOptions, type WavMetadata } from './wav';

/** Float frames of every track of pass 1 (mix L/R, then stems), written and read in order. */
export interface TrackSpill {
  write(offset: number, n: number, tracks: Float32Array[]): void;
  read(offset: number, n: number, tracks: Float32Array[]): void;
  dispose(): void;
}

/** One output file, written front to back (the caller writes a temp file and renames it at close). */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  close(): void;
}

/** One WAV taken as float frames, encoded elsewhere (another thread) exactly as `encoder` options say. */
export interface FrameSink {
  writeFrames(channels: Float32Array[], n: number): void;
  close(): void;
}

export interface ScoreStreamIo {
  openSpill(tracks: number, frames: number): TrackSpill;
  /** Opening a name again starts that file over (a limiter re-pass rewrites it). */
  openOutput(name: string): ByteSink;
  /**
   * The same file encoded elsewhere (src/io/write-thread.ts): the WAV must be the bytes
   * createWavEncoder(encoder) makes of the frames. Null (or absent) to encode here.
   */
  openEncodedOutput?(name: string, encoder: WavEncoderOptions): FrameSink | null;
  /**
   * A renderer on another thread (src/io/render-worker.ts), or null to render on this one. It
   * must hand over exactly the chunks an ArrangementRenderer would.
   */
  openRender?(arr: Arrangement, stems: boolean): ChunkSource | null;
}

export interface ScoreStreamOptions {
  targetLufs: number;
  /** Reuse a previous render's gain (no measuring pass). */
  gainDb?: number;
  truePeakDb?: number;
  stems?: boolean;
  bitDepth: BitDepth;
  meta: WavMetadata;
  /** Dither seed per output name ("score.wav", "stems/pads.wav"). */
  ditherSeed: (name: string) => string | null;
  onProgress?: (fraction: number) => void;
  /** RF64 beyond this many bytes (default 4 GiB; see createWavEncoder). */
  rf64AboveBytes?: number;
}

export interface ScoreStreamResult {
  integratedLufs: number;
  truePeakDb: number;
  gainDb: number;
  /** Loudness segments of the mix as written (render.json keeps them for regeneration). */
  segments?: Float64Array;
  /** Names written, mix first. */
  files: string[];
}

export function streamScore(arr: Arrangement, opts: ScoreStreamOptions, io: ScoreStreamIo): ScoreStreamResult {
  return drain(streamScoreSteps(arr, opts, io));
}

/** streamScore, one chunk per step (synth/finalise.ts `drain`). */
export function* streamScoreSteps(arr: Arrangement, opts: ScoreStreamOptions, io: ScoreStreamIo): Generator<void, ScoreStreamResult, void> {
  const N = arr.lengthSamples, sr = arr.sampleRate;
  const progress = opts.onProgress;
  let spill: TrackSpill | null = null;
  // renderers running elsewhere (another thread) hold resources: every one opened is closed
  const opened: ChunkSource[] = [];
  const renderer = (stems: boolean): ChunkSource => {
    const r = io.openRender?.(arr, stems) ?? new ArrangementRenderer(arr, stems);
    opened.push(r);
    return r;
  };
  const rendered = (stems: boolean): ChunkReader => {
    const r = renderer(stems);
    return (_offset, _n, tracks) => { r.renderChunk(tracks); };
  };
  try {
    let groups: VoiceGroup[];
    let trackCount: number;
    let gainDb: number;
    let source: () => ChunkReader;
    let tape: MeterTape | undefined;
    if (opts.gainDb !== undefined) {
      gainDb = opts.gainDb;
      const probe = new ArrangementRenderer(arr, Boolean(opts.stems));
      groups = probe.groups;
      trackCount = probe.trackCount;
      source = () => rendered(Boolean(opts.stems));
    } else if (opts.stems) {
      // Stems: pass 1 renders and meters the mix alone (the mix is bit-identical with or without
      // stems), keeping nothing; pass 2 renders again with stems, straight into their WAVs with
      // pass 1's gain. No float spill of 2 + 2 × groups tracks: the temporary disk was 1.3× the
      // final WAVs, and writing and reading it back cost about what the mix-only synthesis does.
      const probe = new ArrangementRenderer(arr, true);
      groups = probe.groups;
      trackCount = probe.trackCount;
      const pass1 = renderer(false);
      const pre = yield* renderArrangementBlocksSteps(arr, { targetLufs: opts.targetLufs, onProgress: progress && ((f) => progress(STEMS_PASS1 * f)) }, () => undefined, pass1);
      pass1.dispose?.();
      gainDb = pre.gainDb;
      tape = pre.tape;
      source = () => rendered(true);
    } else {
      const pass1 = renderer(false);
      const s = io.openSpill(pass1.trackCount, N);
      spill = s;
      const pre = yield* renderArrangementBlocksSteps(arr, { targetLufs: opts.targetLufs, onProgress: progress && ((f) => progress(0.6 * f)) }, (offset, n, tracks) => s.write(offset, n, tracks), pass1);
      pass1.dispose?.();
      groups = pre.groups;
      trackCount = pre.trackCount;
      gainDb = pre.gainDb;
      tape = pre.tape;
      source = () => (offset, n, tracks) => s.read(offset, n, tracks);
    }
    // share of the progress bar that pass 1 takes
    const first = opts.gainDb !== undefined ? 0 : opts.stems ? STEMS_PASS1 : 0.6;
    const names = ['score.wav', ...groups.map((g) => `stems/${g}.wav`)];
    const ceiling = opts.truePeakDb ?? -1;
    let aimDb = ceiling;
    for (let pass = 0; ; pass++) {
      const outputs: FrameSink[] = names.map((name, k) => {
        const options: WavEncoderOptions = {
          frames: N, channels: 2, sampleRate: sr, bitDepth: opts.bitDepth, ditherSeed: opts.ditherSeed(name), rf64AboveBytes: opts.rf64AboveBytes,
          meta: k === 0 ? opts.meta : { ...opts.meta, title: `${opts.meta.title ?? ''} - ${groups[k - 1]}` },
        };
        return io.openEncodedOutput?.(name, options) ?? encodeHere(io.openOutput(name), createWavEncoder(options));
      });
      const pair: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
      const m = yield* finaliseSteps(
        { sampleRate: sr, lengthSamples: N, tracks: trackCount, gainDb, truePeakDb: aimDb, tape, onProgress: progress && ((f) => progress(first + (1 - first) * f)) },
        source(),
        (_offset, n, tracks) => {
          for (let k = 0; k < outputs.length; k++) {
            pair[0] = tracks[2 * k]; pair[1] = tracks[2 * k + 1];
            outputs[k].writeFrames(pair, n);
          }
        },
      );
      for (const o of outputs) o.close();
      for (const r of opened) r.dispose?.();
      // a residual inter-sample overshoot: run pass 2 again with the ceiling lowered by it
      if (m.truePeakDb <= ceiling || pass === 2) {
        return { integratedLufs: m.integratedLufs, truePeakDb: m.truePeakDb, gainDb, segments: m.segments, files: names };
      }
      aimDb -= m.truePeakDb - ceiling + 0.02;
    }
  } finally {
    spill?.dispose();
    for (const r of opened) r.dispose?.();
  }
}

/** A WAV encoded on this thread into a byte sink: header, packed frames, trailer. */
function encodeHere(sink: ByteSink, encoder: WavEncoder): FrameSink {
  sink.write(encoder.header);
  return {
    writeFrames: (channels, n) => sink.write(encoder.encodeBlock(channels, n)),
    close: () => {
      sink.write(encoder.trailer);
      sink.close();
    },
  };
}

/** Pass 1 of a stems render (the mix alone) against pass 2 (mix and stems synthesised, finalised, encoded). */
const STEMS_PASS1 = 0.3;

/** Voice groups in stem order (for callers naming stem files before rendering). */
export const STEM_ORDER: readonly VoiceGroup[] = VOICE_GROUPS;
export { CHUNK };
