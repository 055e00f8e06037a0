/**
 * Runs the REAL host/*.jsx in a Node vm context that looks like Premiere's ExtendScript engine:
 * globals `app`, `qe` (only after app.enableQE()), `$`, `File`, `Time`, `ProjectItemType`.
 * Inside the context the ES5 library (Array extras, Object.keys, JSON, String trim, bind, Date.now)
 * is removed, so host code that relies on it fails here as it would in ExtendScript.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { ticksPerFrame } from '../../../src/time';
import type { SourceClip, SourceSequence } from '../../../src/timeline';
import { ROOT } from '../../paths';
import { type EmulatorLocale, keyCalls, MediaInfo, Marker, Project, ProjectItem, ProjectItemType, QEMode, QESequence, Sequence, Time, Track, TrackItem } from './dom';
import { emptySourceSequence } from '../plan';

export * from './dom';

export const HOST_DIR = path.join(ROOT, 'host');

export function hostFiles(): string[] {
  return fs
    .readdirSync(HOST_DIR)
    .filter((f) => f.endsWith('.jsx'))
    .sort()
    .map((f) => path.join(HOST_DIR, f));
}

const ES3_PRELUDE = `
(function () {
  var ap = Array.prototype, names = ['forEach','map','filter','reduce','reduceRight','some','every','indexOf','lastIndexOf'];
  for (var i = 0; i < names.length; i++) delete ap[names[i]];
  delete Array.isArray; delete Object.keys; delete Object.create; delete Object.defineProperty;
  delete Object.freeze; delete Object.getPrototypeOf; delete String.prototype.trim;
  delete Function.prototype.bind; delete Date.now; delete this.JSON;
})();`;

export interface EmulatorOptions {
  /** false: no project open. */
  project?: boolean;
  qe?: QEMode;
  /** Premiere's UI language: localised component and parameter display names ('es': Volumen > Nivel). */
  locale?: EmulatorLocale;
  /** Premiere puts a placed clip on the nearest frame boundary (it may: issue 15 point 3). */
  snapToFrames?: boolean;
}

export class Emulator {
  readonly files = new Map<string, MediaInfo>();
  readonly project: Project | null;
  readonly context: vm.Context;
  qeEnabled = false;
  readonly locale: EmulatorLocale;
  readonly snapToFrames: boolean;

  constructor(options: EmulatorOptions = {}) {
    this.locale = options.locale ?? 'en';
    this.snapToFrames = options.snapToFrames ?? false;
    this.project = options.project === false ? null : new Project(this.files);
    const qeMode = options.qe ?? 'ok';
    const files = this.files;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the sandbox getters need the emulator
    const emu = this;
    class File {
      constructor(readonly fsName: string) {}
      get exists(): boolean {
        return files.has(this.fsName);
      }
    }
    const app = {
      version: '25.0.0',
      get project() {
        return emu.project;
      },
      enableQE(): void {
        emu.qeEnabled = true;
      },
    };
    const sandbox: Record<string, unknown> = { app, $: { os: 'Macintosh OS 14.5.0' }, File, Time, ProjectItemType };
    Object.defineProperty(sandbox, 'qe', {
      enumerable: true,
      get() {
        if (!emu.qeEnabled) throw new ReferenceError('qe is undefined');
        const seq = emu.project?.activeSequence;
        return { project: { getActiveSequence: () => (seq ? new QESequence(seq, qeMode) : null) } };
      },
    });
    this.context = vm.createContext(sandbox);
    vm.runInContext(ES3_PRELUDE, this.context);
    for (const f of hostFiles()) vm.runInContext(fs.readFileSync(f, 'utf8'), this.context, { filename: f });
  }

  /** A file on the emulated disk (a rendered WAV). */
  addFile(p: string, durationTicks: number, kind: MediaInfo['kind'] = 'audio'): void {
    this.files.set(p, { durationTicks, kind });
  }

  /** What CSInterface.evalScript hands back: the string form of the last expression, or "EvalScript error.". */
  evalScript(script: string): string {
    const before = keyCalls.n;
    const fn = /\$\.cuebed\.(\w+)\(/.exec(script)?.[1] ?? 'script';
    try {
      return String(vm.runInContext(script, this.context));
    } catch {
      return 'EvalScript error.';
    } finally {
      this.scripts.push({ fn, keyCalls: keyCalls.n - before });
    }
  }

  /** Every evalScript so far: the $.cuebed function it called and how many Volume key calls it made in Premiere. */
  readonly scripts: Array<{ fn: string; keyCalls: number }> = [];

  /** The CSInterface.evalScript shape for createCepAdapter. */
  readonly evalScriptAsync = (script: string, cb: (r: unknown) => void): void => {
    const r = this.evalScript(script);
    setTimeout(() => cb(r), 0);
  };

  get sequence(): Sequence {
    const s = this.project?.activeSequence;
    if (!s) throw new Error('no active sequence');
    return s;
  }

  audioTrackNamed(name: string): Track | undefined {
    return this.sequence.audio.find((t) => t.name === name);
  }

  binNamed(name: string): ProjectItem | undefined {
    return this.project?.rootItem.items.find((i) => i.type === ProjectItemType.BIN && i.name === name);
  }

  /** Loads a SourceSequence (e.g. readFcp7Xml of a fixture) as the active sequence. */
  loadSequence(seq: SourceSequence): Sequence {
    if (!this.project) throw new Error('no project');
    const project = this.project;
    const tpf = ticksPerFrame(seq.frameRate);
    const s = new Sequence({
      name: seq.name,
      sequenceID: seq.id ?? `seq-${seq.name}`,
      ticksPerFrame: tpf,
      audioSampleRate: seq.audioSampleRate ?? 48000,
      zeroPoint: 0,
      inPoint: seq.inPoint,
      outPoint: seq.outPoint,
      playhead: seq.playhead ?? 0,
    });
    s.locale = this.locale;
    s.snapTicks = this.snapToFrames ? tpf : 0;
    const mediaBin = project.rootItem.createBin('Media') as ProjectItem;
    const byPath = new Map<string, ProjectItem>();
    const itemFor = (c: SourceClip, kind: 'Audio' | 'Video'): ProjectItem => {
      if (c.nested) {
        const nested = new ProjectItem(c.name, ProjectItemType.CLIP);
        nested.sequence = s;
        mediaBin.add(nested);
        return nested;
      }
      const key = c.mediaPath ?? '';
      if (key !== '' && byPath.has(key)) return byPath.get(key)!;
      const length = Math.max(c.outPoint ?? 0, c.end - c.start + (c.inPoint ?? 0));
      const item = new ProjectItem(c.name, ProjectItemType.CLIP, key, { durationTicks: length, kind: kind === 'Audio' ? 'audio' : 'both' });
      if (c.coverage === 'overlay') item.alphaUsage = 1;
      mediaBin.add(item);
      if (key !== '') byPath.set(key, item);
      return item;
    };
    let id = 1;
    for (const t of [...seq.tracks].sort((a, b) => a.index - b.index)) {
      const type = t.kind === 'video' ? 'Video' : 'Audio';
      const track = new Track(t.name, type, id++);
      track.locale = this.locale;
      track.snapTicks = s.snapTicks;
      track.muted = !t.enabled;
      for (const c of t.clips) {
        const item = new TrackItem(c.name, c.start, c.end, c.inPoint ?? 0, c.outPoint ?? (c.inPoint ?? 0) + (c.end - c.start), itemFor(c, type), type);
        item.disabled = !c.enabled;
        track.add(item);
      }
      (t.kind === 'video' ? s.video : s.audio).push(track);
    }
    for (const m of seq.markers) s.markerList.push(new Marker(m.start, m.end, m.name, m.comment, m.type ?? 'Comment'));
    const seqItem = new ProjectItem(seq.name, ProjectItemType.CLIP);
    seqItem.sequence = s;
    project.rootItem.add(seqItem);
    s.projectItem = seqItem;
    project.sequenceList.push(s);
    project.activeSequence = s;
    return s;
  }

  /** An empty sequence with n audio and n video tracks. */
  emptySequence(rate = { num: 25, den: 1 }, audioTracks = 2, videoTracks = 1): Sequence {
    return this.loadSequence(emptySourceSequence(rate, audioTracks, videoTracks));
  }
}
