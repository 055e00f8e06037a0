/**
 * The score written back into an FCP7 XML export (Premiere, Resolve, FCP 7 import it with File >
 * Import): the editor's own file, byte for byte, plus an audio track "Cuebed" holding score.wav at
 * the scored range's start with its ducking as Audio Levels keyframes, and a "Cuebed Stingers"
 * track. FCP7 XML's Audio Levels are plain linear gain (fixture gain-12dB.xml: 0.250593 = −12 dB);
 * keyframe `<when>` is a frame of the clip's source time, so keys land on the nearest frame.
 */
import { FrameRate, Ticks, divRoundHalfUp, ticksPerFrame } from '../time';
import { dbToFcpLevel, fcpLevelToDb } from '../host/levels';
import { parseXml, type XNode, child, children, textOf } from '../timeline/xml';
import { SCORE_TRACK_NAME, STINGER_TRACK_NAME, type PlacedFile, type PlacedKey, type ScorePlacement, fileUrl } from './timeline-placement';
import { type XmlSpan, childSpan, escapeXml, insertInto, spanTree, splice } from './xml-splice';

export const SCORE_CLIPITEM_ID = 'cuebed-score';

function rateXml(rate: FrameRate): string {
  const ntsc = rate.den === 1001;
  return `<rate><timebase>${ntsc ? rate.num / 1000 : rate.num}</timebase><ntsc>${ntsc ? 'TRUE' : 'FALSE'}</ntsc></rate>`;
}

/** Premiere writes levels with six significant digits ("0.250593"). */
function level(db: number): string {
  return String(Number(dbToFcpLevel(db).toPrecision(6)));
}

function clipitem(id: string, file: PlacedFile, rate: FrameRate, sampleRate: number, keys?: PlacedKey[], enabled = true): string {
  const tpf = ticksPerFrame(rate);
  const startF = divRoundHalfUp(file.start, tpf);
  const endF = divRoundHalfUp(file.end, tpf);
  const frames = endF - startF;
  const url = escapeXml(fileUrl(file.path));
  const base = escapeXml(file.path.split(/[\\/]/).pop() ?? file.path);
  let filter = '';
  if (keys && keys.length > 0) {
    // One key per frame: where two keys round onto one frame the later wins.
    const byFrame = new Map<number, number>();
    for (const k of keys) byFrame.set(Math.max(0, divRoundHalfUp(k.ticks - file.start, tpf)), k.gainDb);
    const kf = [...byFrame].map(([when, db]) => `<keyframe><when>${when}</when><value>${level(db)}</value></keyframe>`).join('');
    filter =
      '<filter><effect><name>Audio Levels</name><effectid>audiolevels</effectid><effectcategory>audiolevels</effectcategory>' +
      '<effecttype>audiolevels</effecttype><mediatype>audio</mediatype><parameter authoringApp="PremierePro"><parameterid>level</parameterid>' +
      `<name>Level</name><valuemin>0</valuemin><valuemax>3.98109</valuemax><value>1</value>${kf}</parameter></effect></filter>`;
  }
  return (
    `<clipitem id="${id}"><name>${escapeXml(file.name)}</name><enabled>${enabled ? 'TRUE' : 'FALSE'}</enabled><duration>${frames}</duration>${rateXml(rate)}` +
    `<start>${startF}</start><end>${endF}</end><in>0</in><out>${frames}</out>` +
    `<pproTicksIn>0</pproTicksIn><pproTicksOut>${file.end - file.start}</pproTicksOut>` +
    `<file id="${id}-file"><name>${base}</name><pathurl>${url}</pathurl>${rateXml(rate)}<duration>${frames}</duration>` +
    `<media><audio><samplecharacteristics><samplerate>${sampleRate}</samplerate></samplecharacteristics><channelcount>2</channelcount></audio></media></file>` +
    `<sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>${filter}</clipitem>`
  );
}

function track(name: string, items: string): string {
  return `\n<track MZ.TrackName="${escapeXml(name)}" premiereTrackType="Stereo">${items}<enabled>TRUE</enabled><locked>FALSE</locked></track>\n`;
}

/** The first top-level sequence, as the reader chooses it (not one nested inside a clip). */
function firstSequence(span: XmlSpan): XmlSpan | undefined {
  for (const c of span.children) {
    if (c.name === 'sequence' && c.children.length > 0) return c;
    if (c.name !== 'clipitem' && c.name !== 'generatoritem' && c.name !== 'clip') {
      const found = firstSequence(c);
      if (found) return found;
    }
  }
  return undefined;
}

/** The export `xml` with the score (and stingers) on new audio tracks of its first sequence. */
export function writeFcp7Timeline(xml: string, placement: ScorePlacement, rate: FrameRate): string {
  const root = spanTree(xml);
  const seq = firstSequence(root);
  const media = childSpan(seq, 'media');
  if (!seq || !media) throw new Error('the FCP7 XML has no sequence <media> to add the score to');
  const sr = placement.sampleRate;
  let tracks = track(SCORE_TRACK_NAME, clipitem(SCORE_CLIPITEM_ID, placement.score, rate, sr, placement.score.keys));
  if (placement.stingers.length > 0) {
    tracks += track(STINGER_TRACK_NAME, placement.stingers.map((s, i) => clipitem(`cuebed-stinger-${i + 1}`, s, rate, sr, undefined, false)).join(''));
  }
  const audio = childSpan(media, 'audio');
  const inserts = audio ? insertInto(xml, audio, tracks) : insertInto(xml, media, `<audio>${tracks}</audio>`);
  return splice(xml, inserts);
}

/** The score clip and its keys as written in an FCP7 XML (for checking a round trip). */
export function readFcp7Placement(xml: string, rate: FrameRate): { start: Ticks; end: Ticks; path: string; keys: PlacedKey[] } | undefined {
  const tpf = ticksPerFrame(rate);
  const find = (n: XNode): XNode | undefined => (n.name === 'clipitem' && n.attrs.id === SCORE_CLIPITEM_ID ? n : n.children.map(find).find((x) => x));
  const clip = find(parseXml(xml, 'timeline-out', { exportHint: '', doctype: '' }));
  if (!clip) return undefined;
  const start = Number(textOf(clip, 'start')) * tpf;
  const param = child(child(child(clip, 'filter'), 'effect'), 'parameter');
  return {
    start,
    end: Number(textOf(clip, 'end')) * tpf,
    path: textOf(child(clip, 'file'), 'pathurl') ?? '',
    keys: children(param, 'keyframe').map((k) => ({ ticks: start + Number(textOf(k, 'when')) * tpf, gainDb: fcpLevelToDb(Number(textOf(k, 'value'))) })),
  };
}
