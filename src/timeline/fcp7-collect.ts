/**
 * The parts of an FCP7 XML that the reader (fcp7.ts) reads, collected as sax streams, so the
 * whole element tree is never held: 100,000 clips built ~2 million elements (~400 MB, a third of
 * the run in garbage collection) before a clip was read.
 *
 * What is kept, in document order:
 * - every top-level sequence (not inside a clip, clipitem or generatoritem, nor inside another
 *   top-level sequence) as a skeleton: its small children (name, uuid, rate, duration, in, out,
 *   timecode, marker) as element trees, and media > video|audio > track with each track's name
 *   and enabled, its audio format, and its clipitems, generatoritems and transitionitems;
 * - each of those items as the few texts the reader uses (RawItem), taken from its own small
 *   element tree as it closes, which is then dropped;
 * - every <file> with children and an id, first in document order per id (files are referred to
 *   by id from anywhere, before or after), as the three texts the reader uses (FileInfo).
 * Everything else is read past. Nothing is judged here: the reader does that afterwards, in the
 * order it always did, so every message and refusal stays as it was.
 */
import type { Tag } from 'sax';
import { TreeBuilder, XNode, XmlHandler, XmlHint, child, children, path, streamXml, textOf } from './xml';

/** What the reader uses of a `<file>`: where the media is, and what says it sits on top. */
export interface FileInfo {
  pathurl: string | undefined;
  mediaSource: string | undefined;
  /** media > video > samplecharacteristics > alphatype */
  alphatype: string | undefined;
  /** Its place in document order among files, so the first described per id wins even when files nest. */
  order: number;
}

/**
 * A text the reader reads as a whole number (frames, Premiere ticks): kept as that number when
 * the number is written exactly so ("12", "-1"), else as written ("12.0", "012", "1e3"). As
 * strings they were six of the dozen objects each clip kept (copied by every young-generation
 * collection, then held); small numbers are none (100,000 clips: peak 415 -> 387 MB).
 */
export type NumberText = number | string | undefined;

function numberText(t: string | undefined): NumberText {
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) && String(n) === t ? n : t;
}

/** Values most clips share, one string each. */
const COMMON_TEXT = new Map(['TRUE', 'FALSE', 'none'].map((t) => [t, t]));
const common = (t: string | undefined) => (t === undefined ? t : COMMON_TEXT.get(t) ?? t);

/** A `<rate>` as written (absent texts undefined). */
export interface RateText {
  timebase: string | undefined;
  ntsc: string | undefined;
}

/** A clipitem, generatoritem or transitionitem of a track: the texts the reader uses, trimmed. */
export interface RawItem {
  kind: 'clip' | 'generator' | 'transition';
  id: string | undefined;
  name: string | undefined;
  rate: RateText | undefined;
  start: NumberText;
  end: NumberText;
  in: NumberText;
  out: NumberText;
  pproTicksIn: NumberText;
  pproTicksOut: NumberText;
  enabled: string | undefined;
  alphatype: string | undefined;
  /** Its first `<file>`: described in place, or (a string) the id of one described elsewhere. */
  file: FileInfo | string | undefined;
  /** It holds a `<sequence>`: a nested sequence, one clip. */
  nested: boolean;
  /** On video tracks: its effects, direct and inside filters ("effectid effectcategory", name). */
  effects: ReadonlyArray<{ id: string; name: string }>;
  /** On audio tracks: the linkclipref of each link that is not to video, non-empty. */
  links: readonly string[];
  /** Transitions: Premiere's cut point and the alignment. */
  cutPointTicks: NumberText;
  alignment: string | undefined;
}

/** A track of the skeleton: its attributes and kept children (name, enabled), and its items. */
export interface TrackNode extends XNode {
  items: RawItem[];
}

export interface CollectedFcp7 {
  rootName: string;
  /** Top-level sequences that have children, in document order, as skeletons. */
  sequences: XNode[];
  files: Map<string, FileInfo>;
}

/** Where an element sits: what is kept of it and of what it holds. */
const enum Role {
  /** Outside any top-level sequence: a <sequence> here is one. */
  Doc,
  /** Read past: inside a clip outside sequences, or a part of a sequence the reader does not use. */
  Past,
  Sequence,
  Media,
  /** <video> or <audio> of a sequence's media. */
  Kind,
  Track,
  /** Inside an element kept whole, as its element tree. */
  Whole,
}

/** What happens to an element kept whole when it closes. */
const enum Kept { InSkeleton, Item, FileOnly }

const SEQUENCE_PARTS = new Set(['name', 'uuid', 'rate', 'duration', 'in', 'out', 'timecode', 'marker']);
const ITEM_KIND = new Map<string, RawItem['kind']>([['clipitem', 'clip'], ['generatoritem', 'generator'], ['transitionitem', 'transition']]);
const NO_EFFECTS: RawItem['effects'] = Object.freeze([]) as RawItem['effects'];
const NO_LINKS: readonly string[] = Object.freeze([]) as readonly string[];

class Collector implements XmlHandler {
  rootName = '';
  private candidates: XNode[] = [];
  /** Sequences (skeletons) that have an element child: only those count. */
  private readonly filled = new Set<XNode>();
  readonly files = new Map<string, FileInfo>();
  private filesOpened = 0;
  private readonly openFiles: number[] = [];
  /** FileInfo of the files closed inside the element being kept whole, for its items. */
  private readonly closedFiles = new Map<XNode, FileInfo>();
  private readonly roles: Role[] = [];
  private readonly skeleton: Array<XNode | undefined> = [];
  private readonly tree = new TreeBuilder();
  private kept = Kept.InSkeleton;
  private track: TrackNode | undefined;
  private trackKind = '';
  /** Items mostly share a few rates: one RateText each. */
  private readonly rates = new Map<string, RateText>();

  open(tag: Tag, depth: number): void {
    const top = this.roles.length - 1;
    const role = depth === 0 ? undefined : this.roles[top];
    const name = tag.name;
    if (role === Role.Whole) {
      if (name === 'file') this.openFiles.push(this.filesOpened++);
      this.tree.open(tag);
      this.push(Role.Whole);
      return;
    }
    if (role === undefined) {
      // A second root (sax lets one follow the first) is the document, as the tree had it.
      if (this.rootName !== '') this.forget();
      this.rootName = name;
      this.push(Role.Doc);
      return;
    }
    const parent = this.skeleton[top];
    if (role === Role.Sequence) this.filled.add(parent as XNode);
    if (name === 'file') return this.keepWhole(tag, Kept.FileOnly, undefined);
    switch (role) {
      case Role.Doc:
        if (name === 'sequence') {
          const seq = this.node(tag, undefined);
          this.candidates.push(seq);
          this.push(Role.Sequence, seq);
        } else this.push(name === 'clipitem' || name === 'generatoritem' || name === 'clip' ? Role.Past : Role.Doc);
        return;
      case Role.Sequence:
        if (SEQUENCE_PARTS.has(name)) return this.keepWhole(tag, Kept.InSkeleton, parent);
        if (name === 'media') return this.push(Role.Media, this.node(tag, parent));
        break;
      case Role.Media:
        if (name === 'video' || name === 'audio') return this.push(Role.Kind, this.node(tag, parent));
        break;
      case Role.Kind:
        if (name === 'track') {
          const track = this.node(tag, parent) as TrackNode;
          track.items = [];
          this.track = track;
          this.trackKind = (parent as XNode).name;
          return this.push(Role.Track, track);
        }
        if (name === 'format') return this.keepWhole(tag, Kept.InSkeleton, parent);
        break;
      case Role.Track:
        if (name === 'name' || name === 'enabled') return this.keepWhole(tag, Kept.InSkeleton, parent);
        if (ITEM_KIND.has(name)) return this.keepWhole(tag, Kept.Item, undefined);
        break;
      default:
        break;
    }
    this.push(Role.Past);
  }

  close(): void {
    const role = this.roles.pop();
    this.skeleton.pop();
    if (role !== Role.Whole) return;
    const node = this.tree.close();
    if (node.name === 'file') this.closeFile(node, this.openFiles.pop() as number);
    if (this.tree.building) return;
    if (this.kept === Kept.Item) (this.track as TrackNode).items.push(this.item(node));
    this.closedFiles.clear();
  }

  text(text: string): void {
    if (this.tree.building) this.tree.text(text);
  }

  private forget(): void {
    this.candidates = [];
    this.filled.clear();
    this.files.clear();
  }

  sequences(): XNode[] {
    return this.candidates.filter((s) => this.filled.has(s));
  }

  private push(role: Role, node?: XNode): void {
    this.roles.push(role);
    this.skeleton.push(node);
  }

  /** A skeleton element: its attributes and the children kept, nothing else. */
  private node(tag: Tag, parent: XNode | undefined): XNode {
    const node: XNode = { name: tag.name, attrs: tag.attributes, text: '', children: [] };
    parent?.children.push(node);
    return node;
  }

  private keepWhole(tag: Tag, kept: Kept, parent: XNode | undefined): void {
    this.kept = kept;
    if (tag.name === 'file') this.openFiles.push(this.filesOpened++);
    const node = this.tree.open(tag);
    this.tree.root = undefined;
    parent?.children.push(node);
    this.push(Role.Whole);
  }

  private closeFile(node: XNode, order: number): void {
    const info: FileInfo = {
      pathurl: textOf(node, 'pathurl'),
      mediaSource: textOf(node, 'mediaSource'),
      alphatype: common(textOf(path(node, 'media', 'video', 'samplecharacteristics'), 'alphatype')),
      order,
    };
    this.closedFiles.set(node, info);
    const id = node.attrs.id;
    if (node.children.length === 0 || id === undefined) return;
    const earlier = this.files.get(id);
    if (earlier === undefined || earlier.order > order) this.files.set(id, info);
  }

  private rate(node: XNode | undefined): RateText | undefined {
    if (!node) return undefined;
    const timebase = textOf(node, 'timebase');
    const ntsc = textOf(node, 'ntsc');
    const key = `${timebase ?? '\u0000'}\u0001${ntsc ?? '\u0000'}`;
    let rate = this.rates.get(key);
    if (!rate) this.rates.set(key, (rate = { timebase, ntsc }));
    return rate;
  }

  private item(n: XNode): RawItem {
    const kind = ITEM_KIND.get(n.name) as RawItem['kind'];
    const f = child(n, 'file');
    let file: RawItem['file'];
    if (f && f.children.length > 0) file = this.closedFiles.get(f);
    else if (f) file = f.attrs.id;
    let effects = NO_EFFECTS;
    let links = NO_LINKS;
    if (this.trackKind === 'video') {
      const list = [...children(n, 'effect'), ...children(n, 'filter').flatMap((x) => children(x, 'effect'))];
      if (list.length > 0) effects = list.map((e) => ({ id: `${textOf(e, 'effectid') ?? ''} ${textOf(e, 'effectcategory') ?? ''}`, name: textOf(e, 'name') ?? '' }));
    } else {
      const refs = children(n, 'link')
        .filter((l) => (textOf(l, 'mediatype') ?? 'audio').toLowerCase() !== 'video')
        .map((l) => textOf(l, 'linkclipref') ?? '')
        .filter((ref) => ref !== '');
      if (refs.length > 0) links = refs;
    }
    return {
      kind,
      id: n.attrs.id,
      name: textOf(n, 'name'),
      rate: this.rate(child(n, 'rate')),
      start: numberText(textOf(n, 'start')),
      end: numberText(textOf(n, 'end')),
      in: numberText(textOf(n, 'in')),
      out: numberText(textOf(n, 'out')),
      pproTicksIn: numberText(textOf(n, 'pproTicksIn')),
      pproTicksOut: numberText(textOf(n, 'pproTicksOut')),
      enabled: common(textOf(n, 'enabled')),
      alphatype: common(textOf(n, 'alphatype')),
      file,
      nested: child(n, 'sequence') !== undefined,
      effects,
      links,
      cutPointTicks: numberText(textOf(n, 'cutPointTicks')),
      alignment: textOf(n, 'alignment'),
    };
  }
}

/** A `<rate>` element's texts (a sequence's or its timecode's, read from the skeleton). */
export function rateText(node: XNode | undefined): RateText | undefined {
  return node ? { timebase: textOf(node, 'timebase'), ntsc: textOf(node, 'ntsc') } : undefined;
}

/** Reads an FCP7 XML text as sax streams it; the refusals of bad XML are streamXml's. */
export function collectFcp7(text: string, source: string, hint: XmlHint, onProgress?: (fraction: number) => void): CollectedFcp7 {
  const c = new Collector();
  streamXml(text, source, hint, c, onProgress);
  return { rootName: c.rootName, sequences: c.sequences(), files: c.files };
}
