/**
 * The stems pass of a render. The mix pass (ArrangementRenderer with a SideTape) renders the mix
 * as always and keeps what the stems need of it: the gain curve of its compressor, duck and
 * fades (a third track, beside the mix) and its stereo image's side gain per block (the tape).
 * This pass then renders the voices again, each straight into its group's bus (no mix bus, no
 * copy per voice), runs the groups' own chains (./stem-mixer) and hands over the mix pass's mix
 * with the stems: tracks [mix L, mix R, then L/R of each group in `groups` order].
 *
 * Against rendering mix and stems in one pass, the mix's chain does not run twice, every voice
 * adds into one bus instead of two through a copy, and the mix pass keeps 12 bytes a frame
 * (the mix and the gain curve as floats), less than the stems' own WAVs.
 */
import { VOICE_GROUPS, type Arrangement, type VoiceGroup } from '../music/types';
import { BLOCK } from './dsp';
import { CHUNK, type ChunkReader } from './finalise';
import type { Stereo } from './mixer';
import { gatherVoices, retireSilent, sortedDuck, sortedEvents, stemGroups, type ChunkSource } from './render';
import { StemMixer } from './stem-mixer';
import { LazyParts, VoicePart, type PartPlacer } from './voice-part';

/** What the mix pass measured per block that the stems take unchanged: its stereo image's side gain. */
export class SideTape {
  readonly sideGain: Float64Array;

  constructor(lengthSamples: number) {
    this.sideGain = new Float64Array(Math.ceil(lengthSamples / BLOCK));
  }
}

/** Tracks the mix pass of a render with stems hands over: mix L, mix R and the gain curve. */
export const MIX_PASS_TRACKS = 3;

export class StemRenderer implements ChunkSource {
  readonly groups: VoiceGroup[];
  readonly trackCount: number;
  private readonly N: number;
  private readonly mixer: StemMixer;
  private readonly stemOf: Array<Stereo | null>;
  private readonly parts: LazyParts;
  private readonly mixPass: Float32Array[];
  private readonly gain = new Float64Array(BLOCK);
  private b0 = 0;

  /**
   * `mixPass` reads the mix pass's chunks (MIX_PASS_TRACKS tracks) in order, `side` is its tape;
   * `parts` places each stems part's voices (made with `groups`), by default here.
   */
  constructor(arr: Arrangement, private readonly side: SideTape, private readonly readMixPass: ChunkReader, parts?: PartPlacer) {
    const sr = arr.sampleRate;
    this.N = arr.lengthSamples;
    this.groups = stemGroups(arr);
    this.trackCount = 2 + 2 * this.groups.length;
    this.mixer = new StemMixer(sr, sortedDuck(arr), arr.mix);
    this.stemOf = VOICE_GROUPS.map(() => null);
    this.mixPass = [new Float32Array(0), new Float32Array(0), new Float32Array(CHUNK)];
    // the same parts as the mix pass's: a sampled voice far under its part's level ends early
    // (src/sampler/level.ts), so each part must hear the same voices in both passes
    this.parts = new LazyParts(sortedEvents(arr), sr, parts ?? ((_k, own) => new VoicePart(own, sr, this.N, arr.sampler ?? null, true)));
  }

  renderChunk(tracks: Float32Array[]): number {
    const n = Math.min(CHUNK, this.N - this.b0);
    if (n <= 0) return 0;
    const pass = this.mixPass;
    pass[0] = tracks[0]; pass[1] = tracks[1];
    this.readMixPass(this.b0, n, pass);
    this.groups.forEach((g, k) => { this.stemOf[VOICE_GROUPS.indexOf(g)] = [tracks[2 + 2 * k], tracks[3 + 2 * k]]; });
    for (let at = 0; at < n; at += BLOCK) this.renderBlock(at, Math.min(BLOCK, n - at));
    return n;
  }

  dispose(): void {
    this.parts.dispose();
  }

  private renderBlock(at: number, n: number): void {
    const { mixer, gain } = this;
    const parts = this.parts.list;
    const b0 = this.b0;
    gatherVoices(mixer, parts, b0);
    const curve = this.mixPass[2];
    for (let i = 0; i < n; i++) gain[i] = curve[at + i];
    mixer.finish(b0, n, this.stemOf, at, gain, this.side.sideGain[b0 / BLOCK]);
    retireSilent(mixer, parts);
    this.b0 = b0 + BLOCK;
  }
}
