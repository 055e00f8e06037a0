/**
 * An emulator of the part of Premiere's UXP DOM the Cuebed UXP adapter uses, for tests only.
 *
 * Every class implements the interfaces of src/host/uxp/surface.ts, and surface.ts makes the
 * compiler prove that the official @adobe/premierepro typings are assignable to those interfaces:
 * so the emulator offers no member, parameter or return type the real API lacks.
 *
 * Behaviour it is strict about (as Premiere 26.3 is, or as the docs say):
 *  - actions can only be CREATED inside `project.lockedAccess` (26.3 breaking change);
 *  - actions run when the transaction callback returns, in order; if one fails the transaction
 *    is rolled back and executeTransaction returns false (one compound action, one undo step);
 *  - every transaction is recorded (label, action count, success) so tests count undo steps;
 *  - an overwrite at an audio track index one past the last creates a new track; further past fails;
 *  - edits on a locked track fail (the UXP DOM exposes no lock state to read);
 *  - importFiles resolves true even for a missing file, and throws for `undefined` as target bin
 *    (AdobeDocs/uxp-premiere-pro-samples#75);
 *  - Volume Level clamps to 0..1 (10^((dB − 15)/20) units), keyframe times are source times.
 */
import { TICKS_PER_SECOND, ticksPerFrame } from '../../src/time';
import type { SourceClip, SourceSequence } from '../../src/timeline';
import { emptySourceSequence } from '../host/plan';
import type {
  UxpAction,
  UxpAudioTrack,
  UxpClipProjectItem,
  UxpClipTrackItem,
  UxpComponent,
  UxpComponentChain,
  UxpComponentParam,
  UxpCompoundAction,
  UxpFolderItem,
  UxpFootageInterpretation,
  UxpFrameRate,
  UxpKeyframe,
  UxpMarker,
  UxpMarkers,
  UxpMediaType,
  UxpPremiere,
  UxpProject,
  UxpProjectItem,
  UxpSequence,
  UxpSequenceEditor,
  UxpSequenceSettings,
  UxpTickTime,
  UxpTrack,
  UxpTrackItemSelection,
  UxpTrackItemType,
} from '../../src/host/uxp/surface';

export class UxpEmulatorError extends TypeError {
  override name = 'UxpEmulatorError';
}

/* ----------------------------------------------------------------------------- time */

export class TickTime implements UxpTickTime {
  constructor(readonly ticksNumber: number) {
    if (!Number.isSafeInteger(ticksNumber)) throw new UxpEmulatorError(`TickTime needs integer ticks (got ${ticksNumber})`);
  }
  get ticks(): string {
    return String(this.ticksNumber);
  }
  get seconds(): number {
    return this.ticksNumber / TICKS_PER_SECOND;
  }
}

const tickTimeStatic = {
  createWithTicks(ticks: string): UxpTickTime {
    if (typeof ticks !== 'string' || !/^-?\d+$/.test(ticks)) throw new UxpEmulatorError(`TickTime.createWithTicks(ticks: string) got ${typeof ticks} ${String(ticks)}`);
    return new TickTime(Number(ticks));
  },
  TIME_ZERO: new TickTime(0) as UxpTickTime,
};

function ticksArg(t: UxpTickTime, fn: string): number {
  if (!(t instanceof TickTime)) throw new UxpEmulatorError(`${fn} needs a TickTime`);
  return t.ticksNumber;
}

class FrameRate implements UxpFrameRate {
  constructor(
    public ticksPerFrame: number,
    readonly value: number,
  ) {}
}

/* --------------------------------------------------------------------------- actions */

type Undo = () => void;

/** An action: what it does when its transaction commits; null = it failed. */
export class Action {
  constructor(
    readonly what: string,
    readonly run: () => Undo | null,
  ) {}
}

export interface TransactionRecord {
  label: string;
  actions: string[];
  ok: boolean;
}

/* ------------------------------------------------------------------------ project items */

export const TYPE_CLIP = 1;
export const TYPE_BIN = 2;
export const TYPE_ROOT = 3;

export interface MediaInfo {
  durationTicks: number;
  kind: 'audio' | 'video' | 'both';
}

let nextId = 1;

/** One object plays ProjectItem, FolderItem and ClipProjectItem (cast returns it unchanged). */
export class ProjectItem implements UxpProjectItem, UxpFolderItem, UxpClipProjectItem {
  readonly id = `uxp-item-${nextId++}`;
  readonly children: ProjectItem[] = [];
  parent: ProjectItem | null = null;
  alphaUsage = 0;
  isNested = false;
  transcript: string | null = null;
  constructor(
    private itemName: string,
    readonly type: number,
    private readonly emu: UxpEmulator,
    readonly mediaPath = '',
    readonly media: MediaInfo | null = null,
  ) {}
  get name(): string {
    return this.itemName;
  }
  getId(): string {
    return this.id;
  }
  async getItems(): Promise<UxpProjectItem[]> {
    if (this.type !== TYPE_BIN && this.type !== TYPE_ROOT) throw new UxpEmulatorError('FolderItem.getItems on an item that is not a bin');
    return [...this.children];
  }
  createBinAction(name: string, makeUnique: boolean): UxpAction {
    if (typeof name !== 'string' || typeof makeUnique !== 'boolean') throw new UxpEmulatorError('createBinAction(name: string, makeUnique: boolean)');
    return this.emu.action(`create bin ${name}`, () => {
      if (this.type !== TYPE_BIN && this.type !== TYPE_ROOT) return null;
      const bin = new ProjectItem(name, TYPE_BIN, this.emu);
      this.add(bin);
      return () => this.children.splice(this.children.indexOf(bin), 1);
    });
  }
  async getMediaFilePath(): Promise<string> {
    if (this.type === TYPE_BIN || this.type === TYPE_ROOT) throw new UxpEmulatorError('ClipProjectItem.getMediaFilePath on a bin');
    return this.mediaPath;
  }
  async isSequence(): Promise<boolean> {
    return this.isNested;
  }
  async getFootageInterpretation(): Promise<UxpFootageInterpretation> {
    const usage = this.alphaUsage;
    return { getAlphaUsage: () => usage };
  }
  add(item: ProjectItem): void {
    item.parent = this;
    this.children.push(item);
  }
  rename(name: string): void {
    this.itemName = name;
  }
  /** All non-bin items below. */
  all(): ProjectItem[] {
    return this.children.flatMap((i) => (i.type === TYPE_BIN ? i.all() : [i]));
  }
}

/* ------------------------------------------------------------------------- components */

export const LEVEL_0DB = Math.pow(10, -15 / 20);

class Keyframe implements UxpKeyframe {
  position: UxpTickTime = tickTimeStatic.TIME_ZERO;
  constructor(public value: { value: string | number | boolean | object }) {}
}

export class ComponentParam implements UxpComponentParam {
  varying = false;
  readonly keys = new Map<number, number>();
  readonly displayName: string;
  constructor(
    private readonly emu: UxpEmulator,
    englishName: string,
    private value: number,
    private readonly clamp: [number, number],
    private readonly owner: TrackItem,
  ) {
    this.displayName = emu.shown(englishName);
  }
  private clamped(v: number): number {
    return Math.min(this.clamp[1], Math.max(this.clamp[0], v));
  }
  createKeyframe(inValue: number): UxpKeyframe {
    if (typeof inValue !== 'number' || !Number.isFinite(inValue)) throw new UxpEmulatorError(`createKeyframe: ${String(inValue)} is not compatible with a number param`);
    return new Keyframe({ value: inValue });
  }
  createAddKeyframeAction(kf: UxpKeyframe): UxpAction {
    if (!(kf instanceof Keyframe)) throw new UxpEmulatorError('createAddKeyframeAction needs a Keyframe from createKeyframe');
    const at = ticksArg(kf.position, 'Keyframe.position');
    const value = Number(kf.value.value);
    // Adobe's keyframe sample makes the param time-varying in a transaction of its own before it
    // creates add-keyframe actions; the emulator holds the adapter to that order (issue 15.5): an
    // add-keyframe action created while the param is not yet time-varying fails.
    const varyingWhenCreated = this.varying;
    return this.emu.action(`add keyframe ${this.displayName}@${at}`, () => {
      if (!varyingWhenCreated || !this.varying || this.owner.locked()) return null;
      const had = this.keys.has(at);
      const before = this.keys.get(at);
      this.keys.set(at, this.clamped(value));
      return () => (had ? this.keys.set(at, before as number) : this.keys.delete(at));
    });
  }
  createSetTimeVaryingAction(inTimeVarying: boolean): UxpAction {
    if (typeof inTimeVarying !== 'boolean') throw new UxpEmulatorError('createSetTimeVaryingAction(boolean)');
    return this.emu.action(`time varying ${inTimeVarying}`, () => {
      if (this.owner.locked()) return null;
      const was = this.varying;
      const keys = new Map(this.keys);
      this.varying = inTimeVarying;
      if (!inTimeVarying) this.keys.clear();
      return () => {
        this.varying = was;
        this.keys.clear();
        for (const [k, v] of keys) this.keys.set(k, v);
      };
    });
  }
  createRemoveKeyframeRangeAction(inTime: UxpTickTime, outTime: UxpTickTime): UxpAction {
    const a = ticksArg(inTime, 'createRemoveKeyframeRangeAction');
    const b = ticksArg(outTime, 'createRemoveKeyframeRangeAction');
    return this.emu.action('remove keyframes', () => {
      const keys = new Map(this.keys);
      for (const k of [...this.keys.keys()]) if (k >= a && k < b) this.keys.delete(k);
      return () => {
        this.keys.clear();
        for (const [k, v] of keys) this.keys.set(k, v);
      };
    });
  }
  getKeyframeListAsTickTimes(): UxpTickTime[] {
    return [...this.keys.keys()].sort((a, b) => a - b).map((t) => new TickTime(t));
  }
  getKeyframePtr(time?: UxpTickTime): UxpKeyframe {
    const at = time ? ticksArg(time, 'getKeyframePtr') : 0;
    if (!this.keys.has(at)) throw new UxpEmulatorError(`no keyframe at ${at}`);
    const kf = new Keyframe({ value: this.keys.get(at) as number });
    kf.position = new TickTime(at);
    return kf;
  }
  async getValueAtTime(time: UxpTickTime): Promise<number> {
    const at = ticksArg(time, 'getValueAtTime');
    if (!this.varying || this.keys.size === 0) return this.value;
    if (this.keys.has(at)) return this.keys.get(at) as number;
    const ks = [...this.keys.entries()].sort((a, b) => a[0] - b[0]);
    if (at <= ks[0][0]) return ks[0][1];
    for (let i = 1; i < ks.length; i++) {
      if (at < ks[i][0]) return ks[i - 1][1] + ((ks[i][1] - ks[i - 1][1]) * (at - ks[i - 1][0])) / (ks[i][0] - ks[i - 1][0]);
    }
    return ks[ks.length - 1][1];
  }
  isTimeVarying(): boolean {
    return this.varying;
  }
}

class Component implements UxpComponent {
  private readonly displayName: string;
  constructor(
    emu: UxpEmulator,
    englishName: string,
    private readonly matchName: string,
    readonly params: ComponentParam[],
  ) {
    this.displayName = emu.shown(englishName);
  }
  async getMatchName(): Promise<string> {
    return this.matchName;
  }
  async getDisplayName(): Promise<string> {
    return this.displayName;
  }
  getParamCount(): number {
    return this.params.length;
  }
  getParam(paramIndex = 0): UxpComponentParam {
    const p = this.params[paramIndex];
    if (!p) throw new UxpEmulatorError(`no param ${paramIndex}`);
    return p;
  }
}

/* ---------------------------------------------------------------------------- clips */

export class TrackItem implements UxpClipTrackItem {
  track: Track | null = null;
  disabled = false;
  adjustment = false;
  readonly components: Component[];
  constructor(
    private readonly emu: UxpEmulator,
    public name: string,
    public start: number,
    public end: number,
    public inPoint: number,
    public outPoint: number,
    readonly projectItem: ProjectItem | null,
    readonly mediaType: 'Audio' | 'Video',
  ) {
    // UXP reports the Volume component's match name as "Internal Volume Stereo" (reference §3.8).
    this.components =
      mediaType === 'Audio'
        ? [
            new Component(emu, 'Volume', 'Internal Volume Stereo', [new ComponentParam(emu, 'Bypass', 0, [0, 1], this), new ComponentParam(emu, 'Level', LEVEL_0DB, [0, 1], this)]),
            new Component(emu, 'Panner', 'Internal Panner', [new ComponentParam(emu, 'Balance', 0, [-100, 100], this)]),
          ]
        : [new Component(emu, 'Motion', 'AE.ADBE Motion', [new ComponentParam(emu, 'Position', 0, [-1e9, 1e9], this)]), new Component(emu, 'Opacity', 'AE.ADBE Opacity', [new ComponentParam(emu, 'Opacity', 100, [0, 100], this)])];
  }
  locked(): boolean {
    return this.track?.locked ?? false;
  }
  level(): ComponentParam {
    return this.components[0].params[1];
  }
  async getName(): Promise<string> {
    return this.name;
  }
  async getStartTime(): Promise<UxpTickTime> {
    return new TickTime(this.start);
  }
  async getEndTime(): Promise<UxpTickTime> {
    return new TickTime(this.end);
  }
  async getInPoint(): Promise<UxpTickTime> {
    return new TickTime(this.inPoint);
  }
  async getOutPoint(): Promise<UxpTickTime> {
    return new TickTime(this.outPoint);
  }
  async isDisabled(): Promise<boolean> {
    return this.disabled;
  }
  async isAdjustmentLayer(): Promise<boolean> {
    return this.adjustment;
  }
  async getProjectItem(): Promise<UxpProjectItem> {
    // The real API resolves an item for every clip; synthetic media has an item without a path.
    return this.projectItem ?? new ProjectItem(this.name, TYPE_CLIP, this.emu);
  }
  async getComponentChain(): Promise<UxpComponentChain> {
    const comps = this.components;
    return { getComponentCount: () => comps.length, getComponentAtIndex: (i: number) => comps[i] };
  }
  createSetNameAction(inName: string): UxpAction {
    if (typeof inName !== 'string') throw new UxpEmulatorError('createSetNameAction(string)');
    return this.emu.action(`rename clip ${inName}`, () => {
      if (this.locked()) return null;
      const before = this.name;
      this.name = inName;
      return () => (this.name = before);
    });
  }
  trim(start: number, end: number): void {
    this.inPoint += start - this.start;
    this.outPoint -= this.end - end;
    this.start = start;
    this.end = end;
  }
  shift(by: number): void {
    this.start += by;
    this.end += by;
  }
}

/* ---------------------------------------------------------------------------- tracks */

export class Track implements UxpTrack<UxpClipTrackItem> {
  readonly items: TrackItem[] = [];
  muted = false;
  locked = false;
  constructor(
    private readonly emu: UxpEmulator,
    private trackName: string,
    readonly mediaType: 'Audio' | 'Video',
    readonly id: number,
    private readonly list: Track[],
  ) {}
  get name(): string {
    return this.trackName;
  }
  async getIndex(): Promise<number> {
    return this.list.indexOf(this);
  }
  async isMuted(): Promise<boolean> {
    return this.muted;
  }
  getTrackItems(trackItemType: UxpTrackItemType, includeEmptyTrackItems: boolean): UxpClipTrackItem[] {
    if (typeof includeEmptyTrackItems !== 'boolean') throw new UxpEmulatorError('getTrackItems(type, includeEmptyTrackItems: boolean)');
    if (Number(trackItemType) !== 1) return [];
    return [...this.items].sort((a, b) => a.start - b.start);
  }
  createSetNameAction(name: string): UxpAction {
    return this.emu.action(`rename track ${name}`, () => {
      const before = this.trackName;
      this.trackName = name;
      return () => (this.trackName = before);
    });
  }
  add(item: TrackItem): void {
    item.track = this;
    this.items.push(item);
    this.items.sort((a, b) => a.start - b.start);
  }
  remove(item: TrackItem): void {
    const i = this.items.indexOf(item);
    if (i >= 0) this.items.splice(i, 1);
    item.track = null;
  }
  /** For undo: the items and their edges. */
  state(): () => void {
    const items = this.items.map((c) => ({ c, s: c.start, e: c.end, i: c.inPoint, o: c.outPoint }));
    return () => {
      for (const c of this.items) c.track = null;
      this.items.length = 0;
      for (const x of items) {
        x.c.start = x.s;
        x.c.end = x.e;
        x.c.inPoint = x.i;
        x.c.outPoint = x.o;
        x.c.track = this;
        this.items.push(x.c);
      }
    };
  }
}

/* -------------------------------------------------------------------------- sequence */

export interface SequenceInit {
  name: string;
  guid: string;
  ticksPerFrame: number;
  audioSampleRate: number;
  zeroPoint: number;
  inPoint?: number;
  outPoint?: number;
  playhead: number;
}

class MarkerImpl implements UxpMarker {
  constructor(
    readonly start: number,
    readonly duration: number,
    readonly name: string,
    readonly comments: string,
    readonly type: string,
  ) {}
  getName(): string {
    return this.name;
  }
  getComments(): string {
    return this.comments;
  }
  getType(): string {
    return this.type;
  }
  getStart(): UxpTickTime {
    return new TickTime(this.start);
  }
  getDuration(): UxpTickTime {
    return new TickTime(this.duration);
  }
}

export class Sequence implements UxpSequence {
  readonly video: Track[] = [];
  readonly audio: Track[] = [];
  readonly markers: MarkerImpl[] = [];
  constructor(readonly init: SequenceInit) {}
  get name(): string {
    return this.init.name;
  }
  get guid(): { toString(): string } {
    const id = this.init.guid;
    return { toString: () => id };
  }
  async getSettings(): Promise<UxpSequenceSettings> {
    const { ticksPerFrame: tpf, audioSampleRate: sr } = this.init;
    return { getVideoFrameRate: () => new FrameRate(tpf, TICKS_PER_SECOND / tpf), getAudioSampleRate: async () => new FrameRate(TICKS_PER_SECOND / sr, sr) };
  }
  async getVideoTrackCount(): Promise<number> {
    return this.video.length;
  }
  async getAudioTrackCount(): Promise<number> {
    return this.audio.length;
  }
  async getVideoTrack(i: number): Promise<UxpTrack<UxpClipTrackItem>> {
    if (!this.video[i]) throw new UxpEmulatorError(`no video track ${i}`);
    return this.video[i];
  }
  async getAudioTrack(i: number): Promise<UxpAudioTrack> {
    if (!this.audio[i]) throw new UxpEmulatorError(`no audio track ${i}`);
    return this.audio[i];
  }
  async getZeroPoint(): Promise<UxpTickTime> {
    return new TickTime(this.init.zeroPoint);
  }
  /** The end of the last item on any track. */
  endTicks(): number {
    let end = 0;
    for (const t of [...this.video, ...this.audio]) for (const c of t.items) end = Math.max(end, c.end);
    return end;
  }
  async getEndTime(): Promise<UxpTickTime> {
    return new TickTime(this.endTicks());
  }
  async getInPoint(): Promise<UxpTickTime> {
    return new TickTime(this.init.inPoint ?? 0);
  }
  async getOutPoint(): Promise<UxpTickTime> {
    return new TickTime(this.init.outPoint ?? this.endTicks());
  }
  async getPlayerPosition(): Promise<UxpTickTime> {
    return new TickTime(this.init.playhead);
  }
}

class Selection implements UxpTrackItemSelection {
  readonly items: TrackItem[] = [];
  addItem(trackItem: UxpClipTrackItem, skipDuplicateCheck?: boolean): boolean {
    if (!(trackItem instanceof TrackItem)) throw new UxpEmulatorError('TrackItemSelection.addItem needs a track item');
    if (!skipDuplicateCheck && this.items.includes(trackItem)) return false;
    this.items.push(trackItem);
    return true;
  }
}

class SequenceEditor implements UxpSequenceEditor {
  constructor(
    private readonly emu: UxpEmulator,
    private readonly seq: Sequence,
  ) {}
  /**
   * Overwrite: onto an existing audio track only. The docs promise a new track only for
   * createInsertProjectItemAction ("If you pass a track index greater than the number of existing
   * tracks, a new track will be created"), so an overwrite past the last track fails here.
   */
  createOverwriteItemAction(projectItem: UxpProjectItem, time: UxpTickTime, videoTrackIndex: number, audioTrackIndex: number): UxpAction {
    return this.place('overwrite', projectItem, time, videoTrackIndex, audioTrackIndex, false);
  }
  /** Insert: one past the last audio track creates the track; on an existing track, with limitShift, only that track ripples. */
  createInsertProjectItemAction(projectItem: UxpProjectItem, time: UxpTickTime, videoTrackIndex: number, audioTrackIndex: number, limitShift: boolean): UxpAction {
    if (typeof limitShift !== 'boolean') throw new UxpEmulatorError('createInsertProjectItemAction(…, limitShift: boolean)');
    if (!limitShift) throw new UxpEmulatorError('createInsertProjectItemAction: only limitShift = true (ripple the target track alone) is emulated');
    return this.place('insert', projectItem, time, videoTrackIndex, audioTrackIndex, true);
  }
  private place(how: 'overwrite' | 'insert', projectItem: UxpProjectItem, time: UxpTickTime, videoTrackIndex: number, audioTrackIndex: number, _limitShift: boolean): UxpAction {
    const fn = how === 'insert' ? 'createInsertProjectItemAction' : 'createOverwriteItemAction';
    if (!(projectItem instanceof ProjectItem) || projectItem.type !== TYPE_CLIP) throw new UxpEmulatorError(`${fn}: projectItem is not a clip item`);
    const asked = ticksArg(time, fn);
    // Premiere may put the clip on the nearest frame boundary (issue 15 point 3).
    const tpf = this.seq.init.ticksPerFrame;
    const at = this.emu.snapToFrames ? Math.round(asked / tpf) * tpf : asked;
    if (!Number.isInteger(videoTrackIndex) || !Number.isInteger(audioTrackIndex) || audioTrackIndex < 0) throw new UxpEmulatorError(`${fn} track indexes must be integers ≥ 0`);
    const seq = this.seq;
    const emu = this.emu;
    return emu.action(`${how} ${projectItem.mediaPath} @${at} A${audioTrackIndex + 1}`, () => {
      const media = projectItem.media;
      if (!media || media.kind === 'video') return null;
      let created: Track | null = null;
      if (how === 'insert' && audioTrackIndex === seq.audio.length) {
        created = new Track(emu, `Audio ${seq.audio.length + 1}`, 'Audio', 1000 + seq.audio.length, seq.audio);
        seq.audio.push(created);
      } else if (audioTrackIndex >= seq.audio.length) return null;
      const track = seq.audio[audioTrackIndex];
      if (track.locked) return null;
      const restore = track.state();
      const end = at + media.durationTicks;
      for (const c of [...track.items]) {
        if (how === 'insert') {
          // Ripple this track alone: what starts at or after `at` moves right; a clip across `at` is split.
          if (c.start >= at) c.shift(end - at);
          else if (c.end > at) {
            const right = new TrackItem(emu, c.name, end, end + (c.end - at), c.inPoint + (at - c.start), c.outPoint, c.projectItem, c.mediaType);
            c.trim(c.start, at);
            track.add(right);
          }
          continue;
        }
        if (c.end <= at || c.start >= end) continue;
        if (c.start >= at && c.end <= end) track.remove(c);
        else if (c.start < at && c.end > end) {
          const right = new TrackItem(emu, c.name, end, c.end, c.inPoint + (end - c.start), c.outPoint, c.projectItem, c.mediaType);
          c.trim(c.start, at);
          track.add(right);
        } else if (c.start < at) c.trim(c.start, at);
        else c.trim(end, c.end);
      }
      track.add(new TrackItem(emu, projectItem.name, at, end, 0, media.durationTicks, projectItem, 'Audio'));
      return () => {
        restore();
        if (created) seq.audio.splice(seq.audio.indexOf(created), 1);
      };
    });
  }
  createRemoveItemsAction(trackItemSelection: UxpTrackItemSelection, ripple: boolean, mediaType: UxpMediaType, shiftOverLapping?: boolean): UxpAction {
    if (!(trackItemSelection instanceof Selection) || typeof ripple !== 'boolean') throw new UxpEmulatorError('createRemoveItemsAction(selection, ripple: boolean, mediaType)');
    void mediaType;
    void shiftOverLapping;
    const items = [...trackItemSelection.items];
    return this.emu.action(`remove ${items.length} item(s)`, () => {
      if (items.some((c) => !c.track || c.track.locked)) return null;
      const restores = [...new Set(items.map((c) => c.track as Track))].map((t) => t.state());
      for (const c of items) (c.track as Track).remove(c);
      return () => restores.forEach((r) => r());
    });
  }
}

/* --------------------------------------------------------------------------- project */

export class Project implements UxpProject {
  readonly rootItem: ProjectItem;
  activeSequence: Sequence | null = null;
  readonly sequences: Sequence[] = [];
  /** Paths importFiles silently refuses (it still resolves true). */
  readonly refuse = new Set<string>();
  path = '/projects/Test.prproj';
  constructor(private readonly emu: UxpEmulator) {
    this.rootItem = new ProjectItem('Root', TYPE_ROOT, emu);
  }
  get name(): string {
    return 'Test';
  }
  async getActiveSequence(): Promise<UxpSequence | null> {
    return this.activeSequence;
  }
  async getRootItem(): Promise<UxpFolderItem> {
    return this.rootItem;
  }
  async importFiles(filePaths: string[], suppressUI?: boolean, targetBin?: UxpProjectItem, asNumberedStills?: boolean): Promise<boolean> {
    if (!Array.isArray(filePaths) || filePaths.some((p) => typeof p !== 'string')) throw new UxpEmulatorError('importFiles(filePaths: string[], ...)');
    if (arguments.length >= 3 && targetBin === undefined) throw new UxpEmulatorError('Illegal Parameter type'); // samples#75
    void suppressUI;
    void asNumberedStills;
    const bin = targetBin instanceof ProjectItem ? targetBin : this.rootItem;
    for (const p of filePaths) {
      const media = this.emu.files.get(p);
      if (!media || this.refuse.has(p)) continue;
      bin.add(new ProjectItem(p.split(/[\\/]/).pop() ?? p, TYPE_CLIP, this.emu, p, media));
    }
    this.emu.imports.push(...filePaths);
    return true;
  }
  executeTransaction(callback: (compoundAction: UxpCompoundAction) => void, undoString?: string): boolean {
    const actions: Action[] = [];
    const compound: UxpCompoundAction = {
      addAction(action: UxpAction): boolean {
        if (!(action instanceof Action)) throw new UxpEmulatorError('CompoundAction.addAction needs an Action');
        actions.push(action);
        return true;
      },
      get empty() {
        return actions.length === 0;
      },
    };
    callback(compound);
    const undos: Undo[] = [];
    // a test can have Premiere refuse a transaction by its label (as it does on a locked track)
    let ok = !this.emu.refuseTransactions.has(undoString ?? '');
    for (const a of ok ? actions : []) {
      const undo = a.run();
      if (!undo) {
        ok = false;
        break;
      }
      undos.push(undo);
    }
    if (!ok) for (const u of undos.reverse()) u();
    this.emu.transactions.push({ label: undoString ?? '', actions: actions.map((a) => a.what), ok });
    return ok;
  }
  lockedAccess(callback: () => void): void {
    this.emu.lockDepth++;
    try {
      callback();
    } finally {
      this.emu.lockDepth--;
    }
  }
}

/* -------------------------------------------------------------------------- emulator */

export interface UxpEmulatorOptions {
  project?: boolean;
  /** Premiere's UI language: localised component and parameter display names ('es': Volumen > Nivel). */
  locale?: 'en' | 'es';
  /** Premiere puts a placed clip on the nearest frame boundary (it may: issue 15 point 3). */
  snapToFrames?: boolean;
}

/** Display names are localised; match names and parameter order are not (a Spanish Premiere 26.5). */
const SPANISH: Record<string, string> = { Volume: 'Volumen', Bypass: 'Derivación', Level: 'Nivel', Panner: 'Panoramizador', Motion: 'Movimiento', Position: 'Posición', Opacity: 'Opacidad' };

export class UxpEmulator {
  readonly files = new Map<string, MediaInfo>();
  readonly transactions: TransactionRecord[] = [];
  /** Transaction labels Premiere will refuse (executeTransaction returns false, nothing changes). */
  readonly refuseTransactions = new Set<string>();
  readonly imports: string[] = [];
  readonly project: Project | null;
  lockDepth = 0;
  readonly ppro: UxpPremiere;
  readonly locale: 'en' | 'es';
  readonly snapToFrames: boolean;

  constructor(options: UxpEmulatorOptions = {}) {
    this.locale = options.locale ?? 'en';
    this.snapToFrames = options.snapToFrames ?? false;
    this.project = options.project === false ? null : new Project(this);
    const asItem = (i: unknown): ProjectItem => {
      if (!(i instanceof ProjectItem)) throw new UxpEmulatorError('cast needs a project item');
      return i;
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the ppro object literal needs the emulator
    const emu = this;
    this.ppro = {
      Project: { getActiveProject: async () => emu.project },
      SequenceEditor: {
        getEditor(seq: UxpSequence): UxpSequenceEditor {
          if (!(seq instanceof Sequence)) throw new UxpEmulatorError('getEditor needs a Sequence');
          return new SequenceEditor(emu, seq);
        },
      },
      TickTime: tickTimeStatic,
      Markers: {
        async getMarkers(owner: UxpSequence | UxpClipProjectItem): Promise<UxpMarkers> {
          if (!(owner instanceof Sequence)) throw new UxpEmulatorError('Markers.getMarkers: emulated for sequences only');
          return { getMarkers: () => [...owner.markers] };
        },
      },
      ProjectItem: { cast: asItem, TYPE_BIN, TYPE_ROOT },
      FolderItem: { cast: asItem },
      ClipProjectItem: { cast: asItem },
      TrackItemSelection: {
        createEmptySelection(cb: (selection: UxpTrackItemSelection) => void): boolean {
          cb(new Selection());
          return true;
        },
      },
      Transcript: {
        hasTranscript: (c: UxpClipProjectItem) => asItem(c).transcript !== null,
        exportToJSON: async (c: UxpClipProjectItem) => asItem(c).transcript ?? '',
      },
      Constants: {
        // The official enums are ambient (no runtime in the typings); Premiere's values are TrackItemType.CLIP = 1, MediaType.AUDIO = 3.
        TrackItemType: { CLIP: 1 as unknown as UxpTrackItemType },
        MediaType: { AUDIO: 3 as unknown as UxpMediaType },
      },
    };
  }

  /** Every create…Action goes through here: refused outside lockedAccess, as in Premiere 26.3. */
  /** A component or parameter name as this Premiere's UI language shows it. */
  shown(english: string): string {
    return this.locale === 'es' ? (SPANISH[english] ?? english) : english;
  }

  action(what: string, run: () => Undo | null): Action {
    if (this.lockDepth === 0) throw new UxpEmulatorError(`${what}: actions must be created inside project.lockedAccess (Premiere 26.3)`);
    return new Action(what, run);
  }

  addFile(p: string, durationTicks: number, kind: MediaInfo['kind'] = 'audio'): void {
    this.files.set(p, { durationTicks, kind });
  }

  get sequence(): Sequence {
    const s = this.project?.activeSequence;
    if (!s) throw new Error('no active sequence');
    return s;
  }

  audioTrackNamed(name: string): Track | undefined {
    return this.sequence.audio.find((t) => t.name === name);
  }

  binNamed(name: string): ProjectItem | undefined {
    return this.project?.rootItem.children.find((i) => i.type === TYPE_BIN && i.name === name);
  }

  /** Loads a SourceSequence as the active sequence, the same way test/host/emulator does for ExtendScript. */
  loadSequence(seq: SourceSequence): Sequence {
    if (!this.project) throw new Error('no project');
    const project = this.project;
    const tpf = ticksPerFrame(seq.frameRate);
    const s = new Sequence({
      name: seq.name,
      guid: seq.id ?? `seq-${seq.name}`,
      ticksPerFrame: tpf,
      audioSampleRate: seq.audioSampleRate ?? 48000,
      zeroPoint: 0,
      inPoint: seq.inPoint,
      outPoint: seq.outPoint,
      playhead: seq.playhead ?? 0,
    });
    const mediaBin = new ProjectItem('Media', TYPE_BIN, this);
    project.rootItem.add(mediaBin);
    const byPath = new Map<string, ProjectItem>();
    const itemFor = (c: SourceClip, kind: 'Audio' | 'Video'): ProjectItem => {
      if (c.nested) {
        const nested = new ProjectItem(c.name, TYPE_CLIP, this);
        nested.isNested = true;
        mediaBin.add(nested);
        return nested;
      }
      const key = c.mediaPath ?? '';
      if (key !== '' && byPath.has(key)) return byPath.get(key) as ProjectItem;
      const length = Math.max(c.outPoint ?? 0, c.end - c.start + (c.inPoint ?? 0));
      const item = new ProjectItem(c.name, TYPE_CLIP, this, key, { durationTicks: length, kind: kind === 'Audio' ? 'audio' : 'both' });
      if (c.coverage === 'overlay') item.alphaUsage = 1;
      mediaBin.add(item);
      if (key !== '') byPath.set(key, item);
      return item;
    };
    let id = 1;
    for (const t of [...seq.tracks].sort((a, b) => a.index - b.index)) {
      const type = t.kind === 'video' ? 'Video' : 'Audio';
      const list = t.kind === 'video' ? s.video : s.audio;
      const track = new Track(this, t.name, type, id++, list);
      track.muted = !t.enabled;
      for (const c of t.clips) {
        const item = new TrackItem(this, c.name, c.start, c.end, c.inPoint ?? 0, c.outPoint ?? (c.inPoint ?? 0) + (c.end - c.start), itemFor(c, type), type);
        item.disabled = !c.enabled;
        track.add(item);
      }
      list.push(track);
    }
    for (const m of seq.markers) s.markers.push(new MarkerImpl(m.start, m.end - m.start, m.name, m.comment, m.type ?? 'Comment'));
    const seqItem = new ProjectItem(seq.name, TYPE_CLIP, this);
    seqItem.isNested = true;
    project.rootItem.add(seqItem);
    project.sequences.push(s);
    project.activeSequence = s;
    return s;
  }

  emptySequence(rate = { num: 25, den: 1 }, audioTracks = 2, videoTracks = 1): Sequence {
    return this.loadSequence(emptySourceSequence(rate, audioTracks, videoTracks));
  }
}
