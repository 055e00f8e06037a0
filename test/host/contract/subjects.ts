/**
 * The two host adapters under one test face, so the contract cases run unchanged against both:
 *  - "cep": the real host/cuebed.jsx in the ExtendScript DOM emulator (test/host/emulator), called
 *    through createCepAdapter exactly as the panel calls it (script text through evalScript);
 *  - "uxp": createUxpAdapter over the UXP DOM emulator (test/uxp/emulator).
 * Both emulators are loaded from the same SourceSequence (readFcp7Xml of a fixture).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostAdapter } from '../../../src/host/adapter';
import { createCepAdapter } from '../../../src/host/bridge';
import { createUxpAdapter, type UxpHostAdapter } from '../../../src/host/uxp';
import { readFcp7Xml, type SourceSequence } from '../../../src/timeline';
import { ROOT, SHARED_FIXTURES } from '../../paths';
import { Emulator, ProjectItemType } from '../emulator';
import { UxpEmulator } from '../../uxp/emulator';

export interface ClipState {
  path: string;
  name: string;
  start: number;
  end: number;
  inPoint: number;
  outPoint: number;
  /** [source ticks, Level value], sorted. */
  keys: Array<[number, number]>;
}

export interface Subject {
  readonly kind: 'cep' | 'uxp';
  readonly adapter: HostAdapter;
  load(seq: SourceSequence): void;
  empty(): void;
  addFile(p: string, ticks: number): void;
  /** The clips of the audio track with this name, or undefined. */
  track(name: string): ClipState[] | undefined;
  audioTrackNames(): string[];
  lockTrack(name: string): void;
  /** Paths of the items in the "Cuebed" bin. */
  binPaths(): string[];
  refuseImport(p: string): void;
}

const sortKeys = (m: Map<number, number>): Array<[number, number]> => [...m.entries()].sort((a, b) => a[0] - b[0]);

export interface SubjectOptions {
  project?: boolean;
  /** Premiere's UI language ('es': Volumen > Nivel). */
  locale?: 'en' | 'es';
  /** Premiere puts every placed clip on the nearest frame boundary. */
  snapToFrames?: boolean;
}

export function cepSubject(options: SubjectOptions = {}): Subject {
  const emu = new Emulator({ project: options.project, locale: options.locale, snapToFrames: options.snapToFrames });
  return {
    kind: 'cep',
    adapter: createCepAdapter(emu.evalScriptAsync),
    load: (seq) => void emu.loadSequence(seq),
    empty: () => void emu.emptySequence(),
    addFile: (p, t) => emu.addFile(p, t),
    track: (name) =>
      emu.audioTrackNamed(name)?.items.map((c) => ({ path: c.projectItem?.getMediaPath() ?? '', name: c.name, ...c.raw, keys: sortKeys(c.levelParam().keys) })),
    audioTrackNames: () => emu.sequence.audio.map((t) => t.name),
    lockTrack: (name) => void emu.audioTrackNamed(name)?.setLocked(1),
    binPaths: () => emu.binNamed('Cuebed')?.all().map((i) => i.getMediaPath()) ?? [],
    refuseImport: (p) => void emu.project?.refuse.add(p),
  };
}

export function uxpSubject(options: SubjectOptions = {}): Subject & { emu: UxpEmulator; adapter: UxpHostAdapter } {
  const emu = new UxpEmulator({ project: options.project, locale: options.locale, snapToFrames: options.snapToFrames });
  return {
    kind: 'uxp',
    emu,
    adapter: createUxpAdapter(emu.ppro, { fileExists: async (p) => emu.files.has(p) }),
    load: (seq) => void emu.loadSequence(seq),
    empty: () => void emu.emptySequence(),
    addFile: (p, t) => emu.addFile(p, t),
    track: (name) =>
      emu.audioTrackNamed(name)?.items.map((c) => ({ path: c.projectItem?.mediaPath ?? '', name: c.name, start: c.start, end: c.end, inPoint: c.inPoint, outPoint: c.outPoint, keys: sortKeys(c.level().keys) })),
    audioTrackNames: () => emu.sequence.audio.map((t) => t.name),
    lockTrack: (name) => {
      const t = emu.audioTrackNamed(name);
      if (t) t.locked = true;
    },
    binPaths: () => emu.binNamed('Cuebed')?.all().map((i) => i.mediaPath) ?? [],
    refuseImport: (p) => void emu.project?.refuse.add(p),
  };
}

export const SUBJECTS: Array<[string, (options?: SubjectOptions) => Subject]> = [
  ['cep', cepSubject],
  ['uxp', uxpSubject],
];

/** The sequences the contract is checked on. */
export const CONTRACT_SEQUENCES: Array<[string, () => SourceSequence]> = [
  ['premiere_example.xml', () => readFcp7Xml(fs.readFileSync(path.join(SHARED_FIXTURES, 'premiere_example.xml'), 'utf8'), 'premiere_example.xml')],
  ['demo-sequence.xml', () => readFcp7Xml(fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml')],
];

/** Link ids name host objects (ExtendScript nodeId, UXP item id): compare which clips share one, not the text. */
export function normaliseLinkIds<T>(snapshot: T): T {
  const ids = new Map<string, string>();
  return JSON.parse(JSON.stringify(snapshot), (key, value) => {
    if (key === 'linkId' && typeof value === 'string') {
      const at = value.indexOf('@');
      const host = value.slice(0, at);
      if (!ids.has(host)) ids.set(host, `item${ids.size + 1}`);
      return `${ids.get(host)}${value.slice(at)}`;
    }
    return value;
  }) as T;
}

export { ProjectItemType };
