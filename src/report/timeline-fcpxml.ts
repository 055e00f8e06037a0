/**
 * The score written back into an FCPXML export (Final Cut Pro: File > Import > XML; Resolve: File >
 * Import > Timeline): the editor's document, byte for byte, plus an asset for score.wav (and each
 * stinger) and connected audio clips below the primary storyline: the score on lane -1 with its
 * ducking as adjust-volume keyframes (dB, linear between keys), stingers on lane -2 (switched off:
 * score.wav already holds them, see timeline-placement.ts). FCPXML has no
 * free-standing audio tracks: a connected clip hangs off the storyline item under its start, with
 * its offset in that item's local time. Times are exact rationals of seconds ("ticks/254016000000s",
 * reduced). Written to the same FCPXML version as the input; validated against Apple's DTD for it
 * in the tests when the DTD is at hand (see test/timeline/timeline-out.test.ts).
 */
import { TICKS_PER_SECOND, Ticks } from '../time';
import { parseFcpxmlTime } from '../timeline/fcpxml';
import { SCORE_CLIP_NAME, type PlacedFile, type PlacedKey, type ScorePlacement, fileUrl } from './timeline-placement';
import { type XmlSpan, childSpan, escapeXml, insertInto, spanTree, splice } from './xml-splice';

export const SCORE_ASSET_ID = 'cuebed-score';

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** Ticks as an FCPXML time: "5s", "1001/24000s". */
export function fcpxmlTime(ticks: Ticks): string {
  const n = BigInt(ticks);
  const d = BigInt(TICKS_PER_SECOND);
  const g = gcd(n < 0n ? -n : n, d) || 1n;
  return d / g === 1n ? `${n / g}s` : `${n / g}/${d / g}s`;
}

function dbText(db: number): string {
  return Number.isFinite(db) ? `${Number(db.toFixed(3))}dB` : '-96dB';
}

function fcpTime(text: string | undefined, fallback: Ticks): Ticks {
  return text === undefined ? fallback : (parseFcpxmlTime(text)?.ticks ?? fallback);
}

/** Children that must come after anchored items in every story element (Apple's DTD order). */
const AFTER_ANCHORS = new Set(['marker', 'chapter-marker', 'rating', 'keyword', 'analysis-marker', 'audio-channel-source', 'audio-role-source', 'sync-source', 'filter-video', 'filter-video-mask', 'filter-audio', 'metadata']);
const STORY_ITEMS = new Set(['asset-clip', 'clip', 'ref-clip', 'sync-clip', 'mc-clip', 'title', 'gap', 'video', 'audio', 'audition']);

interface Anchor {
  span: XmlSpan;
  /** Sequence ticks (from the sequence start) where the item's local time `start` falls. */
  at: Ticks;
  start: Ticks;
  end: Ticks;
}

/** The primary storyline's items with their places (sequence start = tcStart = tick 0). */
function spineItems(spine: XmlSpan, tcStart: Ticks): Anchor[] {
  return spine.children
    .filter((c) => STORY_ITEMS.has(c.name))
    .map((c) => {
      const at = fcpTime(c.attrs.offset, 0) - tcStart;
      return { span: c, at, start: fcpTime(c.attrs.start, 0), end: at + fcpTime(c.attrs.duration, 0) };
    });
}

function connected(assetId: string, file: PlacedFile, lane: number, offset: Ticks, role: string, keys?: PlacedKey[], enabled = true): string {
  let volume = '';
  if (keys && keys.length > 0) {
    const kf = keys.map((k) => `<keyframe time="${fcpxmlTime(k.ticks - file.start)}" value="${dbText(k.gainDb)}" curve="linear"/>`).join('');
    volume = `<adjust-volume><param name="amount"><keyframeAnimation>${kf}</keyframeAnimation></param></adjust-volume>`;
  }
  return `<asset-clip ref="${assetId}" lane="${lane}" offset="${fcpxmlTime(offset)}" name="${escapeXml(file.name)}" start="0s" duration="${fcpxmlTime(file.end - file.start)}"${enabled ? '' : ' enabled="0"'} audioRole="${role}">${volume}</asset-clip>`;
}

function asset(id: string, file: PlacedFile, sampleRate: number, version: number): string {
  const src = escapeXml(fileUrl(file.path));
  const name = escapeXml(file.path.split(/[\\/]/).pop()?.replace(/\.wav$/i, '') ?? file.name);
  const attrs = `id="${id}" name="${name}" start="0s" duration="${fcpxmlTime(file.end - file.start)}" hasAudio="1" audioSources="1" audioChannels="2" audioRate="${sampleRate}"`;
  // FCPXML 1.8 names the file on the asset; 1.9 and later in a media-rep.
  return version < 1.09 ? `<asset ${attrs} src="${src}"/>` : `<asset ${attrs}><media-rep kind="original-media" src="${src}"/></asset>`;
}

/** "1.10" → 1.10 as 1.1 would be wrong: compare versions as 1 + minor/100. */
function versionNumber(v: string | undefined): number {
  const m = /^1\.(\d+)$/.exec(v ?? '');
  return m ? 1 + Number(m[1]) / 100 : 1.11;
}

/** The FCPXML text with the score and stingers connected below its primary storyline. */
export function writeFcpxmlTimeline(xml: string, placement: ScorePlacement): string {
  const root = spanTree(xml);
  const version = versionNumber(root.attrs.version);
  const resources = childSpan(root, 'resources');
  const project = findProject(root);
  const seq = childSpan(project, 'sequence');
  const spine = childSpan(seq, 'spine');
  if (!resources || !seq || !spine) throw new Error('the FCPXML has no resources or project sequence spine to add the score to');
  const tcStart = fcpTime(seq.attrs.tcStart, 0);
  const items = spineItems(spine, tcStart);
  const sr = placement.sampleRate;
  const inserts: Array<{ at: number; text: string; replaceTo?: number }> = [];
  const assets: string[] = [asset(SCORE_ASSET_ID, placement.score, sr, version)];
  const byItem = new Map<XmlSpan, string[]>();
  const hang = (file: PlacedFile, text: (offset: Ticks) => string) => {
    // The item under the file's start; a file starting exactly at a cut hangs off the later item.
    const item = items.find((i) => i.at <= file.start && file.start < i.end && i.span.name !== 'transition') ?? items[items.length - 1];
    if (!item) throw new Error('the FCPXML primary storyline is empty');
    const list = byItem.get(item.span) ?? [];
    list.push(text(item.start + (file.start - item.at)));
    byItem.set(item.span, list);
  };
  hang(placement.score, (offset) => connected(SCORE_ASSET_ID, placement.score, -1, offset, 'music', placement.score.keys));
  placement.stingers.forEach((s, i) => {
    const id = `cuebed-stinger-${i + 1}`;
    assets.push(asset(id, s, sr, version));
    hang(s, (offset) => connected(id, s, -2, offset, 'music', undefined, false));
  });
  inserts.push(...insertInto(xml, resources, assets.join('')));
  for (const [span, clips] of byItem) {
    const after = span.children.find((c) => AFTER_ANCHORS.has(c.name));
    inserts.push(...insertInto(xml, span, clips.join(''), after ? after.start : span.closeStart));
  }
  return splice(xml, inserts);
}

function findProject(span: XmlSpan): XmlSpan | undefined {
  for (const c of span.children) {
    if (c.name === 'project') return c;
    if (c.name === 'library' || c.name === 'event') {
      const p = findProject(c);
      if (p) return p;
    }
  }
  return undefined;
}

/** The score clip's duck keys as written in an FCPXML (sequence ticks; for checking a round trip). */
export function readFcpxmlDuckKeys(xml: string, scoreStart: Ticks): PlacedKey[] | undefined {
  const root = spanTree(xml);
  const find = (s: XmlSpan): XmlSpan | undefined => (s.name === 'asset-clip' && s.attrs.ref === SCORE_ASSET_ID && s.attrs.name === SCORE_CLIP_NAME ? s : s.children.map(find).find((x) => x));
  const clip = find(root);
  if (!clip) return undefined;
  const anim = childSpan(childSpan(childSpan(clip, 'adjust-volume'), 'param'), 'keyframeAnimation');
  return (anim?.children ?? []).map((k) => {
    const db = Number(/^(-?[\d.]+)dB$/.exec(k.attrs.value ?? '')?.[1]);
    return { ticks: scoreStart + fcpTime(k.attrs.time, 0), gainDb: db <= -96 ? -Infinity : db };
  });
}
