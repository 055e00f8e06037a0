/**
 * A Premiere Pro ExtendScript DOM emulator, for tests only (never shipped). It implements the
 * parts of the DOM host/cuebed.jsx uses, with the documented signatures, and is strict where
 * Premiere is strict (wrong argument types throw). Pages of the Premiere scripting guide
 * (https://ppro-scripting.docsforadobe.dev, repository docsforadobe/premiere-scripting-guide):
 *   Time                 /other/time            (ticks is a String, 254016000000 per second)
 *   Project              /general/project       (importFiles returns only a boolean; rootItem; activeSequence)
 *   ProjectItem          /item/projectitem      (createBin, children, getMediaPath, isSequence, nodeId, treePath, type)
 *   Sequence             /sequence/sequence     (timebase = ticks per frame, zeroPoint, end, getInPointAsTime, getSettings)
 *   Track                /sequence/track        (name read-only, clips, overwriteClip(projectItem, time ticks String), isMuted)
 *   TrackItem            /item/trackitem        (start/end/inPoint/outPoint Time, projectItem, disabled, components, remove)
 *   Component/Param      /sequence/component, /sequence/componentparam (setTimeVarying, addKey, setValueAtKey, getKeys)
 *   MarkerCollection     /collection/markercollection (numMarkers, getFirstMarker, getNextMarker)
 *   QE DOM               undocumented; types-for-adobe-extras Premiere/12.0/qeDom.d.ts (addTracks 7-argument order)
 * Track.isLocked()/setLocked() are not in the guide but exist in working scripts (types-for-adobe).
 * Open points the emulator has to choose (reference §8): overwriteClip accepts a ticks String or a
 * Time and throws on a Number (as the brief demands); getSettings().audioSampleRate is a Time of one
 * sample; an unset In reads 0 and an unset Out reads the sequence end.
 */
import { TICKS_PER_SECOND } from '../../../src/time';

export class EmulatorTypeError extends TypeError {
  override name = 'EmulatorTypeError';
}

const TICKS_RE = /^-?\d+$/;

/** Premiere's Time: `.ticks` String and `.seconds` Number kept in step. */
export class Time {
  private t = 0;
  get ticks(): string {
    return String(this.t);
  }
  set ticks(v: string) {
    const s = String(v);
    if (!TICKS_RE.test(s)) throw new EmulatorTypeError(`Time.ticks must be an integer tick string (got ${JSON.stringify(v)})`);
    this.t = Number(s);
  }
  get seconds(): number {
    return this.t / TICKS_PER_SECOND;
  }
  set seconds(v: number) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new EmulatorTypeError('Time.seconds must be a number');
    this.t = Math.round(v * TICKS_PER_SECOND);
  }
  static of(ticks: number): Time {
    const t = new Time();
    t.t = ticks;
    return t;
  }
  /** Tick count as a number (emulator use). */
  get n(): number {
    return this.t;
  }
}

/** Premiere collections: index with [i], count with numItems/numTracks/numMarkers. */
export function collection<T>(items: () => T[], countName: string): Record<number, T> & Record<string, number> {
  return new Proxy({} as Record<number, T> & Record<string, number>, {
    get(_target, prop) {
      if (prop === countName || prop === 'length') return items().length;
      if (typeof prop === 'string' && /^\d+$/.test(prop)) return items()[Number(prop)];
      return undefined;
    },
    set() {
      throw new EmulatorTypeError(`a Premiere collection is read-only`);
    },
  });
}

export const ProjectItemType = { CLIP: 1, BIN: 2, ROOT: 3, FILE: 4 } as const;

let nextNode = 1;

export interface MediaInfo {
  /** Length of the media in ticks. */
  durationTicks: number;
  kind: 'audio' | 'video' | 'both';
}

export class ProjectItem {
  readonly nodeId = `node-${nextNode++}`;
  readonly items: ProjectItem[] = [];
  readonly children = collection(() => this.items, 'numItems');
  parent: ProjectItem | null = null;
  alphaUsage = 0;
  sequence: Sequence | null = null;
  constructor(
    public name: string,
    readonly type: number,
    private readonly mediaPath = '',
    readonly media: MediaInfo | null = null,
  ) {}
  get treePath(): string {
    return this.parent ? `${this.parent.treePath}\\${this.name}` : `\\${this.name}`;
  }
  getMediaPath(): string {
    return this.mediaPath;
  }
  isSequence(): boolean {
    return this.sequence !== null;
  }
  /** FootageInterpretation.alphaUsage: 0 none, 1 straight, 2 premultiplied, 3 ignore. */
  getFootageInterpretation(): { alphaUsage: number } {
    return { alphaUsage: this.alphaUsage };
  }
  /** Only bins (and the root) can hold bins; returns the new bin. */
  createBin(name: string): ProjectItem | 0 {
    if (typeof name !== 'string') throw new EmulatorTypeError('createBin(name: String)');
    if (this.type !== ProjectItemType.BIN && this.type !== ProjectItemType.ROOT) return 0;
    const bin = new ProjectItem(name, ProjectItemType.BIN);
    this.add(bin);
    return bin;
  }
  add(item: ProjectItem): void {
    item.parent = this;
    this.items.push(item);
  }
  /** All non-bin items below (emulator use). */
  all(): ProjectItem[] {
    return this.items.flatMap((i) => (i.type === ProjectItemType.BIN ? i.all() : [i]));
  }
}

/**
 * Emulator use: Volume key calls (addKey, setValueAtKey, getValueAtKey) made so far, over every
 * parameter. Each is a round trip into Premiere's DOM; the Emulator logs how many one evalScript made.
 */
export const keyCalls = { n: 0 };

export class ComponentParam {
  private varying = false;
  private value: number;
  readonly keys = new Map<number, number>();
  constructor(
    public displayName: string,
    initial: number,
    private readonly clamp: [number, number] | null,
  ) {
    this.value = initial;
    this.englishName = displayName;
  }
  readonly englishName: string;
  private timeArg(t: unknown, fn: string): number {
    if (t instanceof Time) return t.n;
    throw new EmulatorTypeError(`ComponentParam.${fn}(time) needs a Time object (got ${typeof t})`);
  }
  areKeyframesSupported(): boolean {
    return this.clamp !== null;
  }
  isTimeVarying(): boolean {
    return this.varying;
  }
  setTimeVarying(varying: boolean): number {
    if (typeof varying !== 'boolean') throw new EmulatorTypeError('ComponentParam.setTimeVarying(varying: Boolean)');
    this.varying = varying;
    if (!varying) this.keys.clear();
    return 0;
  }
  /** addKey(Time) per the guide; a Number of seconds is accepted too (types-for-adobe). */
  addKey(time: Time | number): number {
    const t = typeof time === 'number' ? Math.round(time * TICKS_PER_SECOND) : this.timeArg(time, 'addKey');
    keyCalls.n++;
    if (!this.varying) throw new EmulatorTypeError('ComponentParam.addKey on a parameter that is not time-varying');
    if (!this.keys.has(t)) this.keys.set(t, this.value);
    return 0;
  }
  /** Emulator use: how many writes asked Premiere to redraw (updateUI truthy); each redraw costs time in Premiere. */
  redraws = 0;
  setValueAtKey(time: Time, value: number, updateUI?: number | boolean): number | false {
    keyCalls.n++;
    const t = this.timeArg(time, 'setValueAtKey');
    if (updateUI) this.redraws++;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new EmulatorTypeError(`ComponentParam.setValueAtKey value must be a Number (got ${typeof value})`);
    if (!this.keys.has(t)) return false;
    this.keys.set(t, this.clamped(value));
    return 0;
  }
  getValueAtKey(time: Time): number {
    keyCalls.n++;
    return this.keys.get(this.timeArg(time, 'getValueAtKey')) ?? 0;
  }
  getKeys(): Time[] | 0 {
    if (this.keys.size === 0) return 0;
    return [...this.keys.keys()].sort((a, b) => a - b).map((t) => Time.of(t));
  }
  getValue(): number {
    return this.value;
  }
  setValue(value: number, _updateUI?: number | boolean): number {
    if (typeof value !== 'number') throw new EmulatorTypeError('ComponentParam.setValue value must be a Number');
    this.value = this.clamped(value);
    return 0;
  }
  private clamped(v: number): number {
    return this.clamp ? Math.min(this.clamp[1], Math.max(this.clamp[0], v)) : v;
  }
}

export class Component {
  readonly properties;
  constructor(
    public displayName: string,
    readonly matchName: string,
    readonly params: ComponentParam[],
  ) {
    this.properties = collection(() => this.params, 'numItems');
    this.englishName = displayName;
  }
  readonly englishName: string;
}

/** 0 dB in Premiere's Level units: 10^(−15/20). */
export const LEVEL_0DB = Math.pow(10, -15 / 20);

/**
 * The language Premiere's UI runs in. Component and parameter display names are localised
 * (scripting guide: ComponentParam.displayName "Localized"); match names and parameter order are
 * not. 'es' is what a Spanish Premiere 26.5 shows: "Volumen" > "Derivación", "Nivel".
 */
export type EmulatorLocale = 'en' | 'es';
const DISPLAY: Record<EmulatorLocale, Record<string, string>> = {
  en: {},
  es: { Volume: 'Volumen', Bypass: 'Derivación', Level: 'Nivel', 'Channel Volume': 'Volumen de canal', Left: 'Izquierda', Panner: 'Panoramizador', Balance: 'Balance', Motion: 'Movimiento', Position: 'Posición', Opacity: 'Opacidad' },
};
const shown = (locale: EmulatorLocale, english: string): string => DISPLAY[locale][english] ?? english;

export class TrackItem {
  track: Track | null = null;
  disabled = false;
  readonly componentList: Component[];
  readonly components;
  constructor(
    public name: string,
    private s: number,
    private e: number,
    private i: number,
    private o: number,
    readonly projectItem: ProjectItem | undefined,
    readonly mediaType: 'Audio' | 'Video',
    private readonly flags: { adjustment?: boolean; mgt?: boolean } = {},
  ) {
    this.componentList =
      mediaType === 'Audio'
        ? [
            new Component('Volume', 'AudioLevels', [new ComponentParam('Bypass', 0, null), new ComponentParam('Level', LEVEL_0DB, [0, 1])]),
            new Component('Channel Volume', 'audioChannelVolume', [new ComponentParam('Left', LEVEL_0DB, [0, 1])]),
            new Component('Panner', 'audioPanner', [new ComponentParam('Balance', 0, [-100, 100])]),
          ]
        : [
            new Component('Motion', 'AE.ADBE Motion', [new ComponentParam('Position', 0, [-1e9, 1e9])]),
            new Component('Opacity', 'AE.ADBE Opacity', [new ComponentParam('Opacity', 100, [0, 100])]),
          ];
    this.components = collection(() => this.componentList, 'numItems');
  }
  get start(): Time {
    return Time.of(this.s);
  }
  set start(_v: Time) {
    throw new EmulatorTypeError('Cannot set property start'); // github.com/automator-plus/tutorials/issues/19
  }
  get end(): Time {
    return Time.of(this.e);
  }
  set end(_v: Time) {
    throw new EmulatorTypeError('Cannot set property end');
  }
  get inPoint(): Time {
    return Time.of(this.i);
  }
  get outPoint(): Time {
    return Time.of(this.o);
  }
  get duration(): Time {
    return Time.of(this.e - this.s);
  }
  get type(): number {
    return this.mediaType === 'Video' ? 1 : 2;
  }
  /** Emulator use: raw ticks. */
  get raw(): { start: number; end: number; inPoint: number; outPoint: number } {
    return { start: this.s, end: this.e, inPoint: this.i, outPoint: this.o };
  }
  trim(start: number, end: number): void {
    this.i += start - this.s;
    this.o -= this.e - end;
    this.s = start;
    this.e = end;
  }
  /** Emulator use: moves the item along the track (a ripple), in and out points unchanged. */
  shift(delta: number): void {
    this.s += delta;
    this.e += delta;
  }
  isAdjustmentLayer(): boolean {
    return this.flags.adjustment === true;
  }
  isMGT(): boolean {
    return this.flags.mgt === true;
  }
  remove(ripple: boolean | number, alignToVideo: boolean | number): number {
    if ((typeof ripple !== 'boolean' && typeof ripple !== 'number') || (typeof alignToVideo !== 'boolean' && typeof alignToVideo !== 'number')) {
      throw new EmulatorTypeError('TrackItem.remove(inRipple: Boolean, inAlignToVideo: Boolean)');
    }
    if (!this.track) return 1;
    this.track.items.splice(this.track.items.indexOf(this), 1);
    this.track = null;
    return 0;
  }
  levelParam(): ComponentParam {
    return this.componentList[0].params[1];
  }
  /** Emulator use: show the components as a Premiere running in `locale` names them. */
  localise(locale: EmulatorLocale): void {
    for (const c of this.componentList) {
      c.displayName = shown(locale, c.englishName);
      for (const p of c.params) p.displayName = shown(locale, p.englishName);
    }
  }
}

export class Track {
  readonly items: TrackItem[] = [];
  readonly clips = collection(() => this.items, 'numItems');
  readonly transitions = collection((): TrackItem[] => [], 'numItems');
  muted = false;
  locked = false;
  /** The UI language of the Premiere this track lives in: clips added to it show localised names. */
  locale: EmulatorLocale = 'en';
  /** When not 0, overwriteClip puts the clip on the nearest multiple of this (a frame). */
  snapTicks = 0;
  constructor(
    private trackName: string,
    readonly mediaType: 'Audio' | 'Video',
    readonly id: number,
  ) {}
  get name(): string {
    return this.trackName;
  }
  set name(_v: string) {
    throw new EmulatorTypeError('Track.name is read-only');
  }
  /** QE setName (emulator use). */
  rename(name: string): void {
    this.trackName = name;
  }
  isMuted(): boolean {
    return this.muted;
  }
  setMute(m: number): number {
    this.muted = m === 1;
    return 0;
  }
  isLocked(): boolean {
    return this.locked;
  }
  setLocked(l: number | boolean): number {
    this.locked = l === 1 || l === true;
    return 0;
  }
  add(item: TrackItem): void {
    item.track = this;
    item.localise(this.locale);
    this.items.push(item);
    this.items.sort((a, b) => a.raw.start - b.raw.start);
  }
  /**
   * Emulator use: a ripple delete of [from, to) on this track, as Premiere does it on every
   * sync-locked track: items inside go, items across are trimmed (one across the whole range is
   * split in two, each half keeping all the clip's Volume keys, as the razor does), later items
   * move left by the deleted length.
   */
  rippleDelete(from: number, to: number): void {
    const d = to - from;
    for (const c of [...this.items]) {
      const r = c.raw;
      if (r.end <= from) continue;
      if (r.start >= to) c.shift(-d);
      else if (r.start >= from && r.end <= to) c.remove(false, false);
      else if (r.start < from && r.end > to) {
        const right = new TrackItem(c.name, to, r.end, r.inPoint + (to - r.start), r.outPoint, c.projectItem, c.mediaType);
        if (c.mediaType === 'Audio') {
          const src = c.levelParam();
          const dst = right.levelParam();
          if (src.isTimeVarying()) {
            dst.setTimeVarying(true);
            for (const [t, v] of src.keys) dst.keys.set(t, v);
          }
        }
        c.trim(r.start, from);
        right.shift(-d);
        this.add(right);
      } else if (r.start < from) c.trim(r.start, from);
      else {
        c.trim(to, r.end);
        c.shift(-d);
      }
    }
    this.items.sort((a, b) => a.raw.start - b.raw.start);
  }
  /** Places the whole media at `time`, overwriting (trimming or removing) what lies under it. */
  overwriteClip(projectItem: ProjectItem, time: string | Time): boolean {
    if (!(projectItem instanceof ProjectItem) || projectItem.type === ProjectItemType.BIN || projectItem.type === ProjectItemType.ROOT) {
      throw new EmulatorTypeError('Track.overwriteClip(projectItem: ProjectItem, time): projectItem is not a clip item');
    }
    let at: number;
    if (time instanceof Time) at = time.n;
    else if (typeof time === 'string' && TICKS_RE.test(time)) at = Number(time);
    else throw new EmulatorTypeError(`Track.overwriteClip time must be a ticks String or Time (got ${typeof time} ${String(time)})`);
    if (this.snapTicks) at = Math.round(at / this.snapTicks) * this.snapTicks;
    if (this.locked) return false;
    const media = projectItem.media;
    if (!media || (this.mediaType === 'Audio' && media.kind === 'video') || (this.mediaType === 'Video' && media.kind === 'audio')) return false;
    const end = at + media.durationTicks;
    for (const c of [...this.items]) {
      const r = c.raw;
      if (r.end <= at || r.start >= end) continue;
      if (r.start >= at && r.end <= end) c.remove(false, false);
      else if (r.start < at && r.end > end) {
        const right = new TrackItem(c.name, end, r.end, r.inPoint + (end - r.start), r.outPoint, c.projectItem, c.mediaType);
        c.trim(r.start, at);
        this.add(right);
      } else if (r.start < at) c.trim(r.start, at);
      else c.trim(end, r.end);
    }
    const name = projectItem.name;
    this.add(new TrackItem(name, at, end, 0, media.durationTicks, projectItem, this.mediaType));
    return true;
  }
}

export class Marker {
  constructor(
    private s: number,
    private e: number,
    public name: string,
    public comments: string,
    readonly type: string,
  ) {}
  get start(): Time {
    return Time.of(this.s);
  }
  get end(): Time {
    return Time.of(this.e);
  }
}

export class MarkerCollection {
  constructor(readonly list: Marker[]) {}
  get numMarkers(): number {
    return this.list.length;
  }
  getFirstMarker(): Marker | undefined {
    return this.list[0];
  }
  getNextMarker(m: Marker): Marker | undefined {
    const i = this.list.indexOf(m);
    return i < 0 ? undefined : this.list[i + 1];
  }
}

export interface SequenceInit {
  name: string;
  sequenceID: string;
  ticksPerFrame: number;
  audioSampleRate: number;
  zeroPoint: number;
  inPoint?: number;
  outPoint?: number;
  playhead: number;
  /** SequenceSettings.videoDisplayFormat: 102 = 29.97 drop-frame, 103 = non-drop, 104 = 30 timecode … (default 104). */
  videoDisplayFormat?: number;
}

export class Sequence {
  readonly video: Track[] = [];
  readonly audio: Track[] = [];
  readonly videoTracks = collection(() => this.video, 'numTracks');
  readonly audioTracks = collection(() => this.audio, 'numTracks');
  readonly markerList: Marker[] = [];
  readonly markers = new MarkerCollection(this.markerList);
  projectItem: ProjectItem | undefined;
  locale: EmulatorLocale = 'en';
  snapTicks = 0;
  constructor(readonly init: SequenceInit) {}
  get name(): string {
    return this.init.name;
  }
  get sequenceID(): string {
    return this.init.sequenceID;
  }
  /** Ticks per frame, as a String. */
  get timebase(): string {
    return String(this.init.ticksPerFrame);
  }
  get zeroPoint(): string {
    return String(this.init.zeroPoint);
  }
  /** The end of the last item on any track (Premiere computes it; it is the duration). */
  get end(): string {
    let end = 0;
    for (const t of [...this.video, ...this.audio]) for (const c of t.items) end = Math.max(end, c.raw.end);
    return String(end);
  }
  /** Emulator use: ripple delete of [from, to) ticks on every track (sync lock on everywhere). */
  rippleDelete(from: number, to: number): void {
    for (const t of [...this.video, ...this.audio]) t.rippleDelete(from, to);
  }
  getInPointAsTime(): Time {
    return Time.of(this.init.inPoint ?? 0);
  }
  getOutPointAsTime(): Time {
    return Time.of(this.init.outPoint ?? Number(this.end));
  }
  getPlayerPosition(): Time {
    return Time.of(this.init.playhead);
  }
  getSettings(): { audioSampleRate: Time; videoFrameRate: Time; videoDisplayFormat: number } {
    return { audioSampleRate: Time.of(TICKS_PER_SECOND / this.init.audioSampleRate), videoFrameRate: Time.of(this.init.ticksPerFrame), videoDisplayFormat: this.init.videoDisplayFormat ?? 104 };
  }
}

export class Project {
  readonly rootItem = new ProjectItem('Root', ProjectItemType.ROOT);
  readonly sequenceList: Sequence[] = [];
  readonly sequences = collection(() => this.sequenceList, 'numSequences');
  activeSequence: Sequence | null = null;
  /** Paths importFiles silently refuses (it still returns true). */
  readonly refuse = new Set<string>();
  /** Files that "exist on disk" for importFiles and File.exists. */
  constructor(private readonly files: Map<string, MediaInfo>) {}
  getInsertionBin(): ProjectItem {
    return this.rootItem;
  }
  /** Returns true whatever happened; a missing file adds nothing (github.com/Adobe-CEP/CEP-Resources/issues/301). */
  importFiles(paths: string[], suppressUI: boolean | number, targetBin: ProjectItem, importAsNumberedStills: boolean | number): boolean {
    if (!Array.isArray(paths)) throw new EmulatorTypeError('Project.importFiles(paths: Array of String, ...)');
    void suppressUI;
    void importAsNumberedStills;
    const bin = targetBin instanceof ProjectItem ? targetBin : this.rootItem;
    for (const p of paths) {
      if (typeof p !== 'string') throw new EmulatorTypeError('Project.importFiles paths must be Strings');
      const media = this.files.get(p);
      if (!media || this.refuse.has(p)) continue;
      const base = p.split(/[\\/]/).pop() ?? p;
      bin.add(new ProjectItem(base, ProjectItemType.CLIP, p, media));
    }
    return true;
  }
}

/** The QE DOM sequence: addTracks in types-for-adobe-extras' order, getAudioTrackAt(i).setName. */
export class QESequence {
  constructor(
    private readonly seq: Sequence,
    private readonly mode: QEMode,
  ) {}
  addTracks(numVideo: number, videoIndex: number, numAudio: number, audioChannelType: number, audioIndex: number, numSubmix?: number, submixType?: number): void {
    void videoIndex;
    void audioChannelType;
    void numSubmix;
    void submixType;
    if (this.mode === 'broken') throw new Error('QE addTracks: Illegal Parameter type');
    for (const n of [numVideo, videoIndex, numAudio, audioChannelType, audioIndex]) if (typeof n !== 'number') throw new EmulatorTypeError('QE addTracks takes Numbers');
    for (let k = 0; k < numAudio; k++) {
      const t = new Track(`Audio ${this.seq.audio.length + 1}`, 'Audio', this.seq.audio.length + this.seq.video.length + 1);
      t.locale = this.seq.locale;
      t.snapTicks = this.seq.snapTicks;
      // 'front': the new track lands first, as the disputed argument order may make it (reference §3.7).
      this.seq.audio.splice(this.mode === 'front' ? k : Math.min(audioIndex + k, this.seq.audio.length), 0, t);
    }
    for (let k = 0; k < numVideo; k++) this.seq.video.push(new Track(`Video ${this.seq.video.length + 1}`, 'Video', 100 + k));
  }
  getAudioTrackAt(i: number): { setName?: (name: string) => void } {
    const t = this.seq.audio[i];
    if (this.mode === 'noRename') return {};
    return { setName: (name: string) => t.rename(name) };
  }
}

export type QEMode = 'ok' | 'broken' | 'noRename' | 'front';
