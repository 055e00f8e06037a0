/**
 * Streamed render → WAV files, with the file system injected (this layer stays pure). Pass 1
 * renders the arrangement chunk by chunk into a float spill (a temporary file, or memory for
 * short pieces) while metering its loudness; pass 2 reads the spill back, applies the
 * normalisation gain and the true-peak limiter, dithers and writes each WAV incrementally. Peak
 * memory is a few chunks per track whatever the length. With stems, pass 1 also keeps the mix's
 * gain curve, and pass 2 renders the voices again into their groups for the stems
 * (../synth/stem-render), writing the kept mix beside them. With a reused gain (regeneration)
 * there is nothing to measure first, and a single pass renders the mix into its WAV.
 */
import { VOICE_GROUPS, type Arrangement, type VoiceGroup } from '../music/types';
import { ArrangementRenderer, CHUNK, drain, finaliseSteps, renderArrangementBlocksSteps, type ChunkReader, type ChunkSource, type MeterTape } from '../synth';
import { stemGroups } from '../synth/render';
import { MIX_PASS_TRACKS, SideTape, StemRenderer } from '../synth/stem-render';
import type { PartPlacer } from '../synth/voice-part';
import { bytesPerSample } from './pcm';
import { createWavEncoder, type BitDepth, type WavEncoder, type WavEncoderOptions, type WavMetadata } from './wav';

/** Float frames of every track of pass 1 (mix L/R, and with stems the gain curve), written and read in order. */
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
   * Where a render's voice parts run (src/io/render-worker.ts puts one on another thread), or
   * null to render them all on this one. A part placed elsewhere must hand over exactly the
   * buses a VoicePart here would (`groups`: a stems part's).
   */
  openParts?(arr: Arrangement, groups: boolean): PartPlacer | null;
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
  // renderers whose parts run elsewhere (another thread) hold resources: every one opened is closed
  const opened: ChunkSource[] = [];
  const open = <T extends ChunkSource>(r: T): T => { opened.push(r); return r; };
  const mixRenderer = (side: SideTape | null): ArrangementRenderer => open(new ArrangementRenderer(arr, side, io.openParts?.(arr, false) ?? undefined));
  const readFrom = (r: ChunkSource): ChunkReader => (_offset, _n, tracks) => { r.renderChunk(tracks); };
  try {
    let groups: VoiceGroup[];
    let trackCount: number;
    let gainDb: number;
    let source: () => ChunkReader;
    let tape: MeterTape | undefined;
    if (opts.stems) {
      // Stems: the mix pass renders and meters the mix, keeping the mix and its gain curve (12
      // bytes a frame, less than the stems' WAVs; when it would not be, it renders again instead);
      // the stems pass renders the voices into their groups and writes mix and stems with the
      // mix pass's gain (./synth/stem-render).
      groups = stemGroups(arr);
      trackCount = 2 + 2 * groups.length;
      const side = new SideTape(N);
      const wavBytes = 2 * (groups.length + 1) * bytesPerSample(opts.bitDepth);
      const s = MIX_PASS_TRACKS * 4 <= wavBytes ? io.openSpill(MIX_PASS_TRACKS, N) : null;
      spill = s;
      const pass1 = mixRenderer(side);
      const pre = yield* renderArrangementBlocksSteps(arr, { targetLufs: opts.targetLufs, gainDb: opts.gainDb, onProgress: progress && ((f) => progress(STEMS_PASS1 * f)) }, s ? (offset, n, tracks) => s.write(offset, n, tracks) : () => undefined, pass1);
      pass1.dispose();
      gainDb = pre.gainDb;
      tape = pre.tape;
      const parts = io.openParts?.(arr, true) ?? undefined;
      source = () => readFrom(open(new StemRenderer(arr, side, s ? (offset, n, tracks) => s.read(offset, n, tracks) : readFrom(mixRenderer(side)), parts)));
    } else if (opts.gainDb !== undefined) {
      gainDb = opts.gainDb;
      groups = [];
      trackCount = 2;
      source = () => readFrom(mixRenderer(null));
    } else {
      const pass1 = mixRenderer(null);
      const s = io.openSpill(pass1.trackCount, N);
      spill = s;
      const pre = yield* renderArrangementBlocksSteps(arr, { targetLufs: opts.targetLufs, onProgress: progress && ((f) => progress(0.6 * f)) }, (offset, n, tracks) => s.write(offset, n, tracks), pass1);
      pass1.dispose();
      groups = pre.groups;
      trackCount = pre.trackCount;
      gainDb = pre.gainDb;
      tape = pre.tape;
      source = () => (offset, n, tracks) => s.read(offset, n, tracks);
    }
    // share of the progress bar that pass 1 takes
    const first = opts.stems ? STEMS_PASS1 : opts.gainDb !== undefined ? 0 : 0.6;
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

/** Pass 1 of a stems render (the mix) against pass 2 (the stems synthesised, mix and stems finalised and encoded). */
const STEMS_PASS1 = 0.3;

/** Voice groups in stem order (for callers naming stem files before rendering). */
export const STEM_ORDER: readonly VoiceGroup[] = VOICE_GROUPS;
export { CHUNK };
