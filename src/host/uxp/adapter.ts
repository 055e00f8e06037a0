/**
 * The UXP HostAdapter: the same actions as host/cuebed.jsx (snapshot, placeScore, replaceScore,
 * placeStingers, and the read-only scoreKeys), with the same results and error codes, over Premiere's UXP DOM
 * (`require('premierepro')`, typed by the surface in ./surface.ts, which the compiler checks against
 * the official @adobe/premierepro typings).
 *
 * Edits: every action is built INSIDE `project.lockedAccess` (required from Premiere 26.3) and run
 * through `project.executeTransaction(…, "Cuebed: …")`, so it is an undo step with a Cuebed label.
 * One limit of the UXP edit model shapes the count: an action is created from an object that
 * already exists, and a placed clip exists only once the transaction that places it has run. So
 *   1. "Cuebed: place score" / "Cuebed: place stingers": taking old clips off the track
 *      (replaceScore) and every overwrite — ONE transaction;
 *   2. "Cuebed: score volume on": the placed clip's Volume > Level made time-varying, on its own
 *      as Adobe's keyframe sample does before it creates add-keyframe actions (only when there are
 *      keys to write);
 *   3. "Cuebed: score volume" / "Cuebed: name stingers": the clip name, the new track's name and all
 *      Volume keyframes of the clips placed in step 1 — ONE transaction, only when there is
 *      something to write.
 * Plus, the very first time only, "Cuebed: create bin". A repeated call that finds everything in
 * place runs no transaction at all. Import is `Project.importFiles`, which is not an action.
 *
 * Ticks: TickTime.ticks is a decimal string; tick arithmetic uses Number (exact below 2^53 ticks).
 */
import {
  HostError,
  type AddScoreKeysRequest,
  type AddScoreKeysResult,
  type HostAdapter,
  type PlaceScoreRequest,
  type PlaceScoreResult,
  type PlaceStingersRequest,
  type PlaceStingersResult,
  type PlacedClip,
  type PlacedStinger,
  type ClipKeyframe,
  type ReadKeyframe,
  type ScoreKeysRequest,
  type ScoreKeysResult,
  type TranscriptsResult,
  type WrittenKeyframe,
} from '../adapter';
import { dbToPremiereLevel, premiereLevelToDb } from '../levels';
import { SNAPSHOT_SCHEMA, type HostSnapshot, type HostSnapshotClip, type HostSnapshotMarker, type HostSnapshotTrack, type SnapshotClipKind } from '../../timeline/snapshot';
import { TICKS_PER_SECOND } from '../../time';
import { asObject, fail, readDuckKeys, readScoreRequest, readStingerRequest, requireString, requireTicks, type ScoreReq } from './requests';
import { transcriptSpans, type ClipPlacement, type DialogueSpan } from './transcript';
import type {
  UxpAction,
  UxpAudioTrack,
  UxpClipProjectItem,
  UxpClipTrackItem,
  UxpComponentParam,
  UxpFolderItem,
  UxpPremiere,
  UxpProject,
  UxpProjectItem,
  UxpSequence,
  UxpSequenceEditor,
  UxpTickTime,
  UxpTrack,
} from './surface';

export type { DialogueSpan } from './transcript';

export const BIN_NAME = 'Cuebed';
export const SCORE_TRACK = 'Cuebed';
export const STINGER_TRACK = 'Cuebed Stingers';

/** The n-th stinger track's name: "Cuebed Stingers", "Cuebed Stingers 2", … */
export function stingerTrackName(n: number): string {
  return n <= 1 ? STINGER_TRACK : `${STINGER_TRACK} ${n}`;
}

/** What the UXP side offers beyond the common interface. */
export interface UxpHostAdapter extends HostAdapter {
  readonly kind: 'uxp';
  /**
   * Speech on the active sequence from Premiere's own transcripts (Text panel > Transcript), for
   * every enabled audio clip whose media has one. Clips without a transcript are listed in
   * `untranscribed` so the caller can fall back to clip-based dialogue for their tracks.
   */
  transcriptDialogue(): Promise<{ spans: DialogueSpan[]; transcribedTracks: number[]; untranscribed: Array<{ track: number; clipName: string }> }>;
  /**
   * The same transcripts per media file in SOURCE time: what the render job's speech reader takes
   * (src/panel/transcripts.ts), so every clip of an interview ducks from one transcript.
   */
  transcripts(): Promise<TranscriptsResult>;
  /** The project file's path ('' when unsaved), as the CEP bridge's projectPath(). */
  projectPath(): Promise<string>;
  /** The active sequence's id and name (the snapshot's), null when none: the page's regenerate lookup. */
  activeSequence(): Promise<{ id: string; name: string } | null>;
  /** Always present on UXP (optional in HostAdapter). */
  scoreKeys(req: ScoreKeysRequest): Promise<ScoreKeysResult>;
  addScoreKeys(req: AddScoreKeysRequest): Promise<AddScoreKeysResult>;
}

export interface UxpAdapterOptions {
  /**
   * Whether a file exists. Premiere's importFiles resolves true even for a missing file (as in
   * ExtendScript), so the adapter asks first. In the plugin: UXP's `require('fs').lstat`. Default:
   * assume it exists and rely on the lookup after the import.
   */
  fileExists?: (path: string) => Promise<boolean>;
  /** Windows compares media paths case-insensitively. */
  windows?: boolean;
}

const KNOWN_RATES: ReadonlyArray<[number, number, number]> = [
  [10594584000, 24000, 1001],
  [10584000000, 24, 1],
  [10160640000, 25, 1],
  [8475667200, 30000, 1001],
  [8467200000, 30, 1],
  [5080320000, 50, 1],
  [4237833600, 60000, 1001],
  [4233600000, 60, 1],
];

const VOLUME_MATCH_NAMES = ['AudioLevels', 'audioVolume', 'Internal Volume Stereo', 'Internal Volume Mono', 'Internal Volume MultiChannel'];

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};
const tickString = (n: number): string => String(Math.round(n));
const ticksOf = (t: UxpTickTime | null | undefined): number => (t ? Number(t.ticks) : 0);

interface Placed {
  item: UxpClipTrackItem;
  start: number;
  end: number;
  inPoint: number;
  outPoint: number;
  name: string;
  path: string;
}

interface TrackRef {
  /** 0-based, as the UXP API counts. */
  index: number;
  track: UxpAudioTrack | null;
  created: boolean;
  name: string;
}

/* ------------------------------------------------------------------------------ the adapter */

export function createUxpAdapter(ppro: UxpPremiere, options: UxpAdapterOptions = {}): UxpHostAdapter {
  const norm = (p: string) => {
    const s = p.replace(/\\/g, '/');
    return options.windows ? s.toLowerCase() : s;
  };
  const time = (ticks: number) => ppro.TickTime.createWithTicks(tickString(ticks));

  /** Turns anything Premiere throws into HostError('INTERNAL'); HostErrors pass through. */
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof HostError) throw e;
        fail('INTERNAL', `Premiere raised: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

  async function requireProject(): Promise<UxpProject> {
    const project = await ppro.Project.getActiveProject();
    if (!project) fail('NO_PROJECT', 'No project is open in Premiere Pro; open a project and a sequence.');
    return project;
  }

  async function requireSequence(project: UxpProject): Promise<UxpSequence> {
    const seq = await project.getActiveSequence();
    if (!seq) fail('NO_SEQUENCE', 'No sequence is active; open the sequence to score in the Timeline panel.');
    return seq;
  }

  /** One undo step: actions are created inside lockedAccess, inside the transaction callback. */
  function transact(project: UxpProject, label: string, makeActions: () => UxpAction[]): void {
    let ok = false;
    let error: unknown = null;
    project.lockedAccess(() => {
      try {
        ok = project.executeTransaction((compound) => {
          for (const a of makeActions()) compound.addAction(a);
        }, label);
      } catch (e) {
        error = e;
      }
    });
    if (error !== null) throw error;
    if (!ok) throw new TransactionRefused(label);
  }

  async function mediaPathOf(item: UxpProjectItem | null | undefined): Promise<string> {
    if (!item) return '';
    try {
      return String((await ppro.ClipProjectItem.cast(item).getMediaFilePath()) ?? '');
    } catch {
      return '';
    }
  }

  /* ---------------------------------------------------------------------------- snapshot */

  async function frameRateOf(seq: UxpSequence): Promise<{ num: number; den: number }> {
    const settings = await seq.getSettings();
    const tpf = Number(settings.getVideoFrameRate().ticksPerFrame);
    if (!(tpf > 0)) fail('INTERNAL', `could not read the sequence frame rate (ticks per frame ${tpf})`);
    const known = KNOWN_RATES.find((k) => k[0] === tpf);
    if (known) return { num: known[1], den: known[2] };
    const g = gcd(TICKS_PER_SECOND, tpf);
    return { num: TICKS_PER_SECOND / g, den: tpf / g };
  }

  /** SequenceSettings.getAudioSampleRate() is a FrameRate: value in Hz, ticksPerFrame = one sample. */
  async function sampleRateOf(seq: UxpSequence): Promise<number> {
    try {
      const sr = await (await seq.getSettings()).getAudioSampleRate();
      if (Number(sr.value) >= 8000 && Number(sr.value) <= 384000) return Math.round(Number(sr.value));
      const tps = Number(sr.ticksPerFrame);
      if (tps > 0) {
        const rate = TICKS_PER_SECOND / tps;
        if (rate >= 8000 && rate <= 384000 && Math.abs(rate - Math.round(rate)) < 1e-6) return Math.round(rate);
      }
    } catch {
      /* fall through */
    }
    return 48000;
  }

  async function clipKind(clip: UxpClipTrackItem, item: UxpProjectItem | null, clipName: string, path: string): Promise<SnapshotClipKind> {
    if (item) {
      try {
        if (await ppro.ClipProjectItem.cast(item).isSequence()) return 'nested';
      } catch {
        /* not a clip item */
      }
    }
    try {
      if (await clip.isAdjustmentLayer()) return 'adjustment';
    } catch {
      /* older Premiere */
    }
    if (path === '') {
      // Synthetic media: tell titles from mattes by name, as cuebed.jsx and the FCP7 reader do.
      const label = `${item ? item.name : ''} ${clipName}`;
      if (/adjustment/i.test(label)) return 'adjustment';
      if (/text|title|graphic|caption|subtitle|lower third/i.test(label)) return 'title';
      return 'generator';
    }
    return 'clip';
  }

  /** FootageInterpretation alpha usage: 1 straight, 2 premultiplied (as in ExtendScript; VERIFY). */
  async function hasAlpha(item: UxpProjectItem | null): Promise<boolean> {
    if (!item) return false;
    try {
      const usage = (await ppro.ClipProjectItem.cast(item).getFootageInterpretation()).getAlphaUsage();
      return usage === 1 || usage === 2;
    } catch {
      return false;
    }
  }

  async function readItems(track: UxpTrack<UxpClipTrackItem>): Promise<Placed[]> {
    const out: Placed[] = [];
    for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
      let pi: UxpProjectItem | null = null;
      try {
        pi = (await item.getProjectItem()) ?? null;
      } catch {
        pi = null;
      }
      out.push({
        item,
        start: ticksOf(await item.getStartTime()),
        end: ticksOf(await item.getEndTime()),
        inPoint: ticksOf(await item.getInPoint()),
        outPoint: ticksOf(await item.getOutPoint()),
        name: String((await item.getName()) ?? ''),
        path: await mediaPathOf(pi),
      });
    }
    return out.sort((a, b) => a.start - b.start);
  }

  async function readTrack(track: UxpTrack<UxpClipTrackItem>, index: number, mediaType: 'Video' | 'Audio'): Promise<HostSnapshotTrack> {
    const out: HostSnapshotTrack = { index, name: String(track.name ?? ''), enabled: !(await track.isMuted()), clips: [] };
    const items = track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
    const rows: HostSnapshotClip[] = [];
    for (const clip of items) {
      let pi: UxpProjectItem | null = null;
      try {
        pi = (await clip.getProjectItem()) ?? null;
      } catch {
        pi = null;
      }
      const path = await mediaPathOf(pi);
      const name = String((await clip.getName()) ?? '');
      const c: HostSnapshotClip = {
        name,
        start: tickString(ticksOf(await clip.getStartTime())),
        end: tickString(ticksOf(await clip.getEndTime())),
        inPoint: tickString(ticksOf(await clip.getInPoint())),
        outPoint: tickString(ticksOf(await clip.getOutPoint())),
        mediaPath: path,
        enabled: !(await clip.isDisabled()),
        mediaType,
      };
      if (mediaType === 'Video') {
        c.kind = await clipKind(clip, pi, name, path);
        if (await hasAlpha(pi)) c.alpha = true;
      } else if (pi) {
        // Channels of one linked item (exploded stereo) share media and placement.
        c.linkId = `${pi.getId()}@${c.start}-${c.end}`;
      }
      rows.push(c);
    }
    out.clips = rows.sort((a, b) => Number(a.start) - Number(b.start));
    return out;
  }

  /** In the collection's order (Premiere keeps it sorted by time), as cuebed.jsx reports them. */
  async function readMarkers(seq: UxpSequence): Promise<HostSnapshotMarker[]> {
    const markers = await ppro.Markers.getMarkers(seq);
    return markers
      .getMarkers()
      .map((m) => {
        const start = ticksOf(m.getStart());
        const end = start + Math.max(0, ticksOf(m.getDuration()));
        return { start: tickString(start), end: tickString(end), name: String(m.getName() ?? ''), comments: String(m.getComments() ?? ''), type: String(m.getType() || 'Comment') };
      });
  }

  async function snapshot(): Promise<HostSnapshot> {
    const project = await requireProject();
    const seq = await requireSequence(project);
    const end = ticksOf(await seq.getEndTime());
    const videoTracks: HostSnapshotTrack[] = [];
    const audioTracks: HostSnapshotTrack[] = [];
    const nv = await seq.getVideoTrackCount();
    const na = await seq.getAudioTrackCount();
    for (let i = 0; i < nv; i++) videoTracks.push(await readTrack(await seq.getVideoTrack(i), i + 1, 'Video'));
    for (let i = 0; i < na; i++) audioTracks.push(await readTrack(await seq.getAudioTrack(i), i + 1, 'Audio'));
    const clipCount = [...videoTracks, ...audioTracks].reduce((n, t) => n + t.clips.length, 0);
    if (clipCount === 0) fail('EMPTY_SEQUENCE', `The sequence "${seq.name}" has no clips; edit some picture or dialogue first.`);
    // An unset In reads 0 and an unset Out reads the sequence end: both reported as null (as cuebed.jsx; VERIFY).
    const inT = ticksOf(await seq.getInPoint());
    const outT = ticksOf(await seq.getOutPoint());
    let playhead = 0;
    try {
      playhead = ticksOf(await seq.getPlayerPosition());
    } catch {
      playhead = 0;
    }
    return {
      schema: SNAPSHOT_SCHEMA,
      sequence: {
        name: String(seq.name),
        id: String(seq.guid),
        frameRate: await frameRateOf(seq),
        audioSampleRate: await sampleRateOf(seq),
        zeroPoint: tickString(ticksOf(await seq.getZeroPoint())),
        end: tickString(end),
        inPoint: inT > 0 ? tickString(inT) : null,
        outPoint: outT > 0 && outT < end && outT > inT ? tickString(outT) : null,
        playhead: tickString(playhead < 0 ? 0 : playhead),
      },
      videoTracks,
      audioTracks,
      markers: await readMarkers(seq),
    };
  }

  /* ------------------------------------------------------------------ bin and import */

  async function findBin(project: UxpProject): Promise<UxpFolderItem | null> {
    const root = await project.getRootItem();
    for (const item of await root.getItems()) {
      if (item.type === ppro.ProjectItem.TYPE_BIN && item.name === BIN_NAME) return ppro.FolderItem.cast(item);
    }
    return null;
  }

  async function ensureBin(project: UxpProject): Promise<UxpFolderItem> {
    const found = await findBin(project);
    if (found) return found;
    const root = await project.getRootItem();
    try {
      transact(project, 'Cuebed: create bin', () => [root.createBinAction(BIN_NAME, false)]);
    } catch (e) {
      if (!(e instanceof TransactionRefused)) throw e;
    }
    const bin = await findBin(project);
    if (!bin) fail('IMPORT_FAILED', `could not create the "${BIN_NAME}" bin`);
    return bin;
  }

  async function findInTree(folder: UxpFolderItem, wanted: string, depth = 0): Promise<UxpProjectItem | null> {
    if (depth > 20) return null;
    for (const item of await folder.getItems()) {
      if (item.type === ppro.ProjectItem.TYPE_BIN) {
        const found = await findInTree(ppro.FolderItem.cast(item), wanted, depth + 1);
        if (found) return found;
      } else if (norm(await mediaPathOf(item)) === wanted) return item;
    }
    return null;
  }

  async function wavPathsInBin(bin: UxpFolderItem): Promise<string[]> {
    const out: string[] = [];
    for (const item of await bin.getItems()) {
      if (item.type === ppro.ProjectItem.TYPE_BIN) continue;
      const p = await mediaPathOf(item);
      if (p !== '' && /\.wav$/i.test(p)) out.push(p);
    }
    return out;
  }

  /** importFiles resolves only a boolean (true even for a missing file): find the item by media path. */
  async function importOnce(project: UxpProject, bin: UxpFolderItem, path: string, field: string): Promise<{ item: UxpProjectItem; imported: boolean }> {
    const wanted = norm(path);
    let item = await findInTree(bin, wanted);
    let imported = false;
    if (!item) {
      if (options.fileExists && !(await options.fileExists(path))) fail('IMPORT_FAILED', `${field}: the file ${path} does not exist (render it first)`);
      // Pass the bin as a ProjectItem; never `undefined` for "no bin" (AdobeDocs/uxp-premiere-pro-samples#75).
      await project.importFiles([path], true, ppro.ProjectItem.cast(bin), false);
      imported = true;
      item = (await findInTree(bin, wanted)) ?? (await findInTree(await project.getRootItem(), wanted));
    }
    if (!item) fail('IMPORT_FAILED', `${field}: Premiere did not import ${path} (no project item has that media path afterwards)`);
    return { item, imported };
  }

  /* -------------------------------------------------------------------------- tracks */

  async function audioTracks(seq: UxpSequence): Promise<UxpAudioTrack[]> {
    const n = await seq.getAudioTrackCount();
    const out: UxpAudioTrack[] = [];
    for (let i = 0; i < n; i++) out.push(await seq.getAudioTrack(i));
    return out;
  }

  const overlaps = (p: Placed, ranges: Array<[number, number]>) => ranges.some(([s, e]) => p.start < e && p.end > s);

  /** True when no clip on a track overlaps `ranges`, other than Cuebed's own earlier placements of the same files. */
  function roomFor(items: Placed[], wanted: string[], ranges: Array<[number, number]>): boolean {
    return items.every((c) => wanted.includes(norm(c.path)) || !overlaps(c, ranges));
  }

  /**
   * The track Cuebed owns: one named `name`; else one already holding one of `paths` and free over
   * the ranges (a previous run); else a NEW track: an overwrite at an audio track index one past
   * the last is created by an insert there (createInsertProjectItemAction's documented behaviour, see
   * putOn), so no QE hack and no fallback onto an editor's track.
   */
  async function ensureTrack(seq: UxpSequence, name: string, paths: string[], ranges: Array<[number, number]>): Promise<TrackRef> {
    const tracks = await audioTracks(seq);
    const named = tracks.findIndex((t) => t.name === name);
    if (named >= 0) return { index: named, track: tracks[named], created: false, name };
    const wanted = paths.map(norm);
    for (let i = 0; i < tracks.length; i++) {
      const items = await readItems(tracks[i]);
      if (!items.some((c) => wanted.includes(norm(c.path)))) continue;
      if (roomFor(items, wanted, ranges)) return { index: i, track: tracks[i], created: false, name: tracks[i].name };
    }
    return { index: tracks.length, track: null, created: true, name };
  }
  /**
   * "Cuebed Stingers", or "Cuebed Stingers 2", 3 … : the first with room for every new stinger (its
   * own earlier placements of the same files do not count), so a stinger never overwrites the tail
   * of one placed by an earlier run; a new numbered track when none has room.
   */
  async function stingerTrack(seq: UxpSequence, paths: string[], ranges: Array<[number, number]>): Promise<TrackRef> {
    const wanted = paths.map(norm);
    const tracks = await audioTracks(seq);
    for (let n = 1; ; n++) {
      const name = stingerTrackName(n);
      const i = tracks.findIndex((t) => t.name === name);
      if (i < 0) return ensureTrack(seq, name, paths, ranges);
      const items = await readItems(tracks[i]);
      if (roomFor(items, wanted, ranges)) return { index: i, track: tracks[i], created: false, name };
    }
  }


  /** A frame in ticks: how far Premiere may move a placed clip (a stinger starts between frames); 0 when unreadable. */
  async function frameSlack(seq: UxpSequence): Promise<number> {
    try {
      const tpf = Number((await seq.getSettings()).getVideoFrameRate().ticksPerFrame);
      return tpf > 0 ? tpf : 0;
    } catch {
      return 0;
    }
  }

  /** The clip of `path` at `start`, or the nearest one within `slack` ticks of it. */
  function clipAt(items: Placed[], path: string, start: number, slack: number): Placed | null {
    let best: Placed | null = null;
    for (const c of items) {
      if (norm(c.path) !== norm(path) || Math.abs(c.start - start) > slack) continue;
      if (!best || Math.abs(c.start - start) < Math.abs(best.start - start)) best = c;
    }
    return best;
  }

  /** After the placement transaction: the track object (new or old) and the clip at path + start (within `slack`). */
  async function placedOn(seq: UxpSequence, t: TrackRef, path: string, start: number, slack: number): Promise<{ track: UxpAudioTrack; clip: Placed | null }> {
    const count = await seq.getAudioTrackCount();
    if (t.index >= count) return { track: t.track as UxpAudioTrack, clip: null };
    const track = await seq.getAudioTrack(t.index);
    return { track, clip: clipAt(await readItems(track), path, start, slack) };
  }

  function notPlaced(t: TrackRef, path: string, start: number, field: string): never {
    if (!t.created) fail('TRACK_LOCKED', `Premiere did not place ${path} on audio track A${t.index + 1} "${t.name}"; the track is most likely locked: unlock it and try again`);
    fail('PLACE_FAILED', `${field}: Premiere did not place ${path} at tick ${tickString(start)}`);
  }

  /**
   * The action that puts `item` at `start` on the track. A track that does not exist yet is made
   * the documented way: SequenceEditor.createInsertProjectItemAction "If you pass a track index
   * greater than the number of existing tracks, a new track will be created" (the overwrite action
   * documents no such thing); limitShift keeps every other track where it is, and the new track is
   * empty, so nothing moves. Later items of the same transaction overwrite onto it.
   */
  function putOn(editor: UxpSequenceEditor, t: TrackRef, item: UxpProjectItem, start: number, first: boolean): UxpAction {
    if (t.created && first) return editor.createInsertProjectItemAction(item, time(start), 0, t.index, true);
    return editor.createOverwriteItemAction(item, time(start), 0, t.index);
  }

  /* ----------------------------------------------------------------------- keyframes */

  /**
   * Volume > Level. Display names are localised ("Volumen" > "Nivel" in a Spanish Premiere), so the
   * component is found by match name and Level by index: Bypass is 0, Level 1 in every language.
   */
  async function levelParam(clip: UxpClipTrackItem): Promise<UxpComponentParam | null> {
    const chain = await clip.getComponentChain();
    for (let i = 0; i < chain.getComponentCount(); i++) {
      const comp = chain.getComponentAtIndex(i);
      if (!VOLUME_MATCH_NAMES.includes(String(await comp.getMatchName())) && String(await comp.getDisplayName()) !== 'Volume') continue;
      for (let j = 0; j < comp.getParamCount(); j++) {
        const p = comp.getParam(j);
        if (p && p.displayName === 'Level') return p;
      }
      if (comp.getParamCount() > 1) return comp.getParam(1);
    }
    return null;
  }

  /** The clip's Volume > Level keys, in sequence time and in source (media) time. */
  async function readClipKeys(c: Placed): Promise<ClipKeyframe[]> {
    const level = await levelParam(c.item);
    if (!level || !level.isTimeVarying()) return [];
    const out: ClipKeyframe[] = [];
    for (const t of level.getKeyframeListAsTickTimes()) {
      const v = Number(await level.getValueAtTime(t));
      out.push({ ticks: tickString(c.start + (ticksOf(t) - c.inPoint)), value: v, gainDb: v > 0 ? premiereLevelToDb(v) : null, sourceTicks: tickString(ticksOf(t)) });
    }
    return out;
  }

  async function readKeys(c: Placed): Promise<ReadKeyframe[]> {
    return (await readClipKeys(c)).map(({ ticks, value, gainDb }) => ({ ticks, value, gainDb }));
  }

  const clipInfo = (c: Placed): PlacedClip => ({ start: tickString(c.start), end: tickString(c.end), inPoint: tickString(c.inPoint), outPoint: tickString(c.outPoint), name: c.name });

  /** The action that takes `items` off their track (no ripple), built when the transaction runs. */
  function removalActions(editor: UxpSequenceEditor, items: Placed[]): () => UxpAction[] {
    return () => {
      if (!items.length) return [];
      let action: UxpAction | null = null;
      ppro.TrackItemSelection.createEmptySelection((selection) => {
        for (const c of items) selection.addItem(c.item, true);
        action = editor.createRemoveItemsAction(selection, false, ppro.Constants.MediaType.AUDIO, false);
      });
      if (!action) fail('INTERNAL', 'could not build the action that takes the old score off the track');
      return [action];
    };
  }

  /* ---------------------------------------------------------------- placeScore / replace */

  async function placeScoreImpl(raw: unknown, replace: boolean): Promise<PlaceScoreResult> {
    const r = readScoreRequest(raw);
    const project = await requireProject();
    const seq = await requireSequence(project);
    const bin = await ensureBin(project);
    const range: Array<[number, number]> = [[r.startTicks, r.startTicks + r.durationTicks]];
    const imp = await importOnce(project, bin, r.wavPath, 'wavPath');
    const t = await ensureTrack(seq, SCORE_TRACK, replace ? [r.wavPath, ...(await wavPathsInBin(bin))] : [r.wavPath], range);
    const onTrack = t.track ? await readItems(t.track) : [];
    const slack = await frameSlack(seq);
    const existing = clipAt(onTrack, r.wavPath, r.startTicks, slack);
    const removed: Placed[] = replace ? onTrack.filter((c) => c !== existing && overlaps(c, range)).reverse() : [];
    const previousKeyframes = removed.length ? await readKeys(removed[0]) : [];
    const removedInfo = removed.map((c) => ({ mediaPath: c.path, clip: clipInfo(c) }));
    const editor = ppro.SequenceEditor.getEditor(seq);
    const removeAll = removalActions(editor, removed);
    const result = (clip: Placed, keyframes: WrittenKeyframe[], alreadyPlaced: boolean, trackName: string): PlaceScoreResult => ({
      alreadyPlaced,
      imported: imp.imported,
      trackIndex: t.index + 1,
      trackName,
      trackCreated: t.created,
      nodeId: imp.item.getId(),
      clip: clipInfo(clip),
      keyframes,
      removed: removedInfo,
      previousKeyframes,
    });
    if (existing) {
      if (removed.length) await edit(project, t, 'Cuebed: replace score', removeAll);
      return result(existing, [], true, t.name);
    }
    await edit(project, t, replace ? 'Cuebed: replace score' : 'Cuebed: place score', () => [
      ...removeAll(),
      putOn(editor, t, imp.item, r.startTicks, true),
    ]);
    const placed = await placedOn(seq, t, r.wavPath, r.startTicks, slack);
    if (!placed.clip) notPlaced(t, r.wavPath, r.startTicks, 'wavPath');
    const clip = placed.clip;
    // Step 2: name, new track's name, Volume keys (objects that exist only now).
    const k = await keyActions(clip, r.ducking);
    await volumeOrTakeBack(project, t, editor, clip, removed.length > 0, k.varying, () => {
      const actions: UxpAction[] = [clip.item.createSetNameAction(r.name)];
      if (t.created) actions.push(placed.track.createSetNameAction(SCORE_TRACK));
      return [...actions, ...k.make()];
    });
    const keyframes = await k.verify();
    const after = await placedOn(seq, t, r.wavPath, r.startTicks, slack);
    return result(after.clip ?? clip, keyframes, false, String(after.track.name));
  }

  /**
   * The Volume keys for `clip`: the add-keyframe actions (built when the transaction runs), the
   * transaction that makes Level time-varying first when it is not (as Adobe's keyframe sample
   * does: in a transaction of its own, before the add-keyframe actions are created), and the read
   * back once they are written.
   */
  async function keyActions(clip: Placed, requested: ScoreReq['ducking']): Promise<{ varying: (() => UxpAction[]) | null; make: () => UxpAction[]; verify: () => Promise<WrittenKeyframe[]> }> {
    const keys = requested.filter((k) => k.ticks >= clip.start && k.ticks <= clip.end);
    const level = keys.length ? await levelParam(clip.item) : null;
    if (keys.length && !level) fail('KEYFRAMES_FAILED', 'the placed clip has no Volume > Level parameter');
    const written = keys.map((k) => ({ k, src: clip.inPoint + (k.ticks - clip.start), value: dbToPremiereLevel(k.gainDb === null ? -Infinity : k.gainDb) }));
    // One keyframe per source tick: a later key at the same tick (an editor key over a ducking key)
    // wins, as cuebed.jsx's write-in-order does. ExtendScript reads each key back right after writing
    // it; here all keys land in one transaction, so a superseded key is checked against the value
    // that was written over it.
    const last = new Map<number, number>();
    written.forEach((w, i) => last.set(w.src, i));
    const final = written.filter((w, i) => last.get(w.src) === i);
    return {
      varying: level && !level.isTimeVarying() ? () => [level.createSetTimeVaryingAction(true)] : null,
      make: () =>
        level
          ? final.map((w) => {
              const kf = level.createKeyframe(w.value);
              kf.position = time(w.src);
              return level.createAddKeyframeAction(kf);
            })
          : [],
      verify: async () => {
        const out: WrittenKeyframe[] = [];
        for (const w of written) {
          const back = level ? Number(await level.getValueAtTime(time(w.src))) : NaN;
          const expected = written[last.get(w.src) as number].value;
          const key: WrittenKeyframe = { ticks: tickString(w.k.ticks), sourceTicks: tickString(w.src), value: w.value, verified: Math.abs(back - expected) < 1e-6 };
          if (w.k.editor) key.editor = true;
          out.push(key);
        }
        return out;
      },
    };
  }

  /**
   * More Volume keys for a score placed by an earlier call (a long interview's keys come in
   * bounded calls): the clip of `wavPath` at `startTicks` (within a frame), on the Cuebed track
   * first. One transaction per call ("Cuebed: score volume"); a refusal leaves the keys of the
   * earlier calls in place and says so.
   */
  async function addScoreKeysImpl(raw: unknown): Promise<AddScoreKeysResult> {
    const req = asObject(raw, 'request');
    const wavPath = requireString(req.wavPath, 'wavPath');
    const startTicks = requireTicks(req.startTicks, 'startTicks');
    const keys = readDuckKeys(req);
    const project = await requireProject();
    const seq = await requireSequence(project);
    const slack = await frameSlack(seq);
    const count = await seq.getAudioTrackCount();
    const tracks: UxpAudioTrack[] = [];
    for (let i = 0; i < count; i++) tracks.push(await seq.getAudioTrack(i));
    const order = [...tracks.keys()].sort((a, b) => Number(tracks[b].name === SCORE_TRACK) - Number(tracks[a].name === SCORE_TRACK));
    let clip: Placed | null = null;
    let at = -1;
    for (const i of order) {
      clip = clipAt(await readItems(tracks[i]), wavPath, startTicks, slack);
      if (clip) {
        at = i;
        break;
      }
    }
    if (!clip) fail('KEYFRAMES_FAILED', `the score ${wavPath} is no longer at tick ${tickString(startTicks)} in the sequence, so its remaining Volume keys were not written`);
    const k = await keyActions(clip, keys);
    const t: TrackRef = { index: at, track: tracks[at], created: false, name: String(tracks[at].name ?? '') };
    try {
      if (k.varying) await edit(project, t, 'Cuebed: score volume on', k.varying);
      await edit(project, t, 'Cuebed: score volume', k.make);
    } catch (e) {
      if (e instanceof HostError && e.code === 'TRACK_LOCKED') throw e;
      fail('KEYFRAMES_FAILED', 'Premiere refused more of the Volume keys ("Cuebed: score volume"): the score is on the track with the keys written before; Edit > Undo takes those off one call at a time');
    }
    return { keyframes: await k.verify() };
  }

  /**
   * Step 2 of placing a score. The placement is already an undo step of its own; if Premiere
   * refuses the keys, a fresh placement is taken off again ("Cuebed: take back score") so the
   * action leaves nothing half-done. A replacement cannot be taken back that way (the earlier clip
   * is gone with step 1), so it says how to get the earlier score back.
   */
  async function volumeOrTakeBack(project: UxpProject, t: TrackRef, editor: UxpSequenceEditor, clip: Placed, replaced: boolean, varying: (() => UxpAction[]) | null, make: () => UxpAction[]): Promise<void> {
    let steps = 1;
    try {
      if (varying) {
        await edit(project, t, 'Cuebed: score volume on', varying);
        steps++;
      }
      await edit(project, t, 'Cuebed: score volume', make);
    } catch {
      const why = 'Premiere refused the Volume keys ("Cuebed: score volume")';
      if (replaced) fail('KEYFRAMES_FAILED', `${why}: the new score is on the track without its ducking; Edit > Undo ${steps === 1 ? 'twice' : 'three times'} brings the earlier score back`);
      let undone = true;
      try {
        transact(project, 'Cuebed: take back score', removalActions(editor, [clip]));
      } catch {
        undone = false;
      }
      fail('KEYFRAMES_FAILED', undone ? `${why}: the score was taken off the track again, so nothing changed` : `${why}: the score is on the track without its ducking; Edit > Undo removes it`);
    }
  }

  /** Runs one transaction; a refused one on an existing track is reported as a locked track. */
  async function edit(project: UxpProject, t: TrackRef, label: string, make: () => UxpAction[]): Promise<void> {
    try {
      transact(project, label, make);
    } catch (e) {
      if (!(e instanceof TransactionRefused)) throw e;
      if (!t.created) fail('TRACK_LOCKED', `Premiere refused "${label}" on audio track A${t.index + 1} "${t.name}"; the track is most likely locked: unlock it and try again`);
      fail('PLACE_FAILED', `Premiere refused "${label}"`);
    }
  }

  /* ------------------------------------------------------------------------- scoreKeys */

  /** Read-only (no transaction): every clip of `wavPath` on the audio tracks, with its Volume keys. */
  async function scoreKeysImpl(raw: unknown): Promise<ScoreKeysResult> {
    const req = asObject(raw, 'request');
    const wanted = norm(requireString(req.wavPath, 'wavPath'));
    const project = await requireProject();
    const seq = await requireSequence(project);
    const clips: ScoreKeysResult['clips'] = [];
    const tracks = await audioTracks(seq);
    for (let i = 0; i < tracks.length; i++) {
      for (const c of await readItems(tracks[i])) {
        if (norm(c.path) !== wanted) continue;
        clips.push({ trackIndex: i + 1, trackName: String(tracks[i].name ?? ''), clip: clipInfo(c), keys: await readClipKeys(c) });
      }
    }
    return { clips };
  }

  /* -------------------------------------------------------------------------- stingers */

  async function placeStingersImpl(raw: unknown): Promise<PlaceStingersResult> {
    const items = readStingerRequest(raw);
    const project = await requireProject();
    const seq = await requireSequence(project);
    const bin = await ensureBin(project);
    const imps: Array<{ item: UxpProjectItem; imported: boolean }> = [];
    for (let i = 0; i < items.length; i++) imps.push(await importOnce(project, bin, items[i].wavPath, `stingers[${i}].wavPath`));
    // Without the file's end in the request, reserve start..hit + 10 s for the check.
    const ranges: Array<[number, number]> = items.map((s) => [s.startTicks, s.endTicks ?? s.hitTicks + 10 * TICKS_PER_SECOND]);
    const t = await stingerTrack(seq, items.map((s) => s.wavPath), ranges);
    const onTrack = t.track ? await readItems(t.track) : [];
    const slack = await frameSlack(seq);
    const existing = items.map((s) => clipAt(onTrack, s.wavPath, s.startTicks, slack));
    const todo = items.map((_, i) => i).filter((i) => !existing[i]);
    const editor = ppro.SequenceEditor.getEditor(seq);
    if (todo.length) {
      await edit(project, t, 'Cuebed: place stingers', () => todo.map((i, n) => putOn(editor, t, imps[i].item, items[i].startTicks, n === 0)));
    }
    const placed: Placed[] = [];
    let track: UxpAudioTrack | null = t.track;
    for (let i = 0; i < items.length; i++) {
      const found = existing[i] ?? (await placedOn(seq, t, items[i].wavPath, items[i].startTicks, slack)).clip;
      if (!found) notPlaced(t, items[i].wavPath, items[i].startTicks, `stingers[${i}].wavPath`);
      placed.push(found);
    }
    if (todo.length) {
      track = (await placedOn(seq, t, items[0].wavPath, items[0].startTicks, slack)).track;
      const named = track;
      await edit(project, t, 'Cuebed: name stingers', () => [
        ...todo.map((i) => placed[i].item.createSetNameAction(items[i].name)),
        ...(t.created ? [named.createSetNameAction(t.name)] : []),
      ]);
    }
    const finalTrack = t.index < (await seq.getAudioTrackCount()) ? await seq.getAudioTrack(t.index) : track;
    const after = finalTrack ? await readItems(finalTrack) : [];
    const stingers: PlacedStinger[] = items.map((s, i) => {
      const c = after.find((x) => norm(x.path) === norm(s.wavPath) && x.start === s.startTicks) ?? placed[i];
      return { name: s.name, alreadyPlaced: existing[i] !== null, clip: clipInfo(c), hitTicks: tickString(c.start + (s.hitTicks - s.startTicks)) };
    });
    return { trackIndex: t.index + 1, trackName: String(finalTrack ? finalTrack.name : t.name), trackCreated: t.created, stingers };
  }

  /* ------------------------------------------------------------------------ transcripts */

  /**
   * Every enabled clip on an unmuted audio track, with its media's transcript (exported once per
   * project item) or null when it has none.
   */
  async function eachTranscribedClip(visit: (clip: { track: number; name: string; item: UxpClipTrackItem; mediaPath: string; json: string | null }) => Promise<void>): Promise<void> {
    const project = await requireProject();
    const seq = await requireSequence(project);
    const cache = new Map<string, string | null>();
    const tracks = await audioTracks(seq);
    for (let i = 0; i < tracks.length; i++) {
      if (await tracks[i].isMuted()) continue;
      for (const item of tracks[i].getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
        if (await item.isDisabled()) continue;
        const pi = await item.getProjectItem();
        if (!pi) continue;
        const clipItem: UxpClipProjectItem = ppro.ClipProjectItem.cast(pi);
        const key = pi.getId();
        if (!cache.has(key)) cache.set(key, ppro.Transcript.hasTranscript(clipItem) ? await ppro.Transcript.exportToJSON(clipItem) : null);
        await visit({ track: i + 1, name: String(await item.getName()), item, mediaPath: await mediaPathOf(pi), json: cache.get(key) ?? null });
      }
    }
  }

  function spansOf(json: string, placement: ClipPlacement): DialogueSpan[] {
    try {
      return transcriptSpans(json, placement);
    } catch (e) {
      fail('INTERNAL', `the transcript of "${placement.clipName}" could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function transcriptDialogue(): Promise<{ spans: DialogueSpan[]; transcribedTracks: number[]; untranscribed: Array<{ track: number; clipName: string }> }> {
    const spans: DialogueSpan[] = [];
    const tracksWith = new Set<number>();
    const untranscribed: Array<{ track: number; clipName: string }> = [];
    await eachTranscribedClip(async ({ track, name, item, json }) => {
      if (!json) {
        untranscribed.push({ track, clipName: name });
        return;
      }
      spans.push(...spansOf(json, { track, clipName: name, start: ticksOf(await item.getStartTime()), end: ticksOf(await item.getEndTime()), inPoint: ticksOf(await item.getInPoint()) }));
      tracksWith.add(track);
    });
    spans.sort((a, b) => Number(a.start) - Number(b.start) || a.track - b.track);
    return { spans, transcribedTracks: [...tracksWith].sort((a, b) => a - b), untranscribed };
  }

  async function transcripts(): Promise<TranscriptsResult> {
    const media = new Map<string, Array<[string, string]>>();
    const untranscribed: TranscriptsResult['untranscribed'] = [];
    await eachTranscribedClip(async ({ track, name, mediaPath, json }) => {
      if (!json || !mediaPath) {
        untranscribed.push({ track, clipName: name });
        return;
      }
      if (media.has(mediaPath)) return;
      // placed at 0 with in point 0, sequence time is source time; nothing is cut off
      const whole = { track, clipName: name, start: 0, end: Number.MAX_SAFE_INTEGER, inPoint: 0 };
      media.set(mediaPath, spansOf(json, whole).map((s) => [s.start, s.end]));
    });
    return { media: [...media].map(([mediaPath, spans]) => ({ mediaPath, spans })), untranscribed };
  }

  return {
    kind: 'uxp',
    snapshot: guarded(snapshot),
    placeScore: guarded((req: PlaceScoreRequest) => placeScoreImpl(req, false)),
    replaceScore: guarded((req: PlaceScoreRequest) => placeScoreImpl(req, true)),
    placeStingers: guarded((req: PlaceStingersRequest) => placeStingersImpl(req)),
    scoreKeys: guarded((req: ScoreKeysRequest) => scoreKeysImpl(req)),
    addScoreKeys: guarded((req: AddScoreKeysRequest) => addScoreKeysImpl(req)),
    transcriptDialogue: guarded(transcriptDialogue),
    transcripts: guarded(transcripts),
    activeSequence: async () => {
      try {
        const project = await ppro.Project.getActiveProject();
        const seq = project ? await project.getActiveSequence() : null;
        return seq ? { id: String(seq.guid), name: String(seq.name) } : null;
      } catch {
        return null;
      }
    },
    projectPath: async () => {
      try {
        const project = await ppro.Project.getActiveProject();
        return project && project.path ? String(project.path) : '';
      } catch {
        return '';
      }
    },
  };
}

/** executeTransaction answered false: Premiere refused the compound action. */
class TransactionRefused extends Error {
  override name = 'TransactionRefused';
  constructor(readonly label: string) {
    super(`Premiere refused the edit "${label}"`);
  }
}
