import { buildTimeline } from './build';
import { readFcp7Xml } from './fcp7';
import { InputError, Timeline, TimelineOptions } from './model';
import { readSnapshot } from './snapshot';
import { looksLikeOtio, readOtio } from './otio';
import { readFcpxml } from './fcpxml';

export * from './model';
export { buildTimeline, isMusicTrack, DEFAULT_DIALOGUE_MERGE_GAP } from './build';
export { readFcp7Xml, decodePathUrl } from './fcp7';
export { MAX_XML_DEPTH } from './xml';
export { assertScoreable, estimateRenderBytes, findOverlap, MAX_SCORE_SECONDS } from './checks';
export type { ScoreableOptions } from './checks';
export { readSnapshot, SNAPSHOT_SCHEMA } from './snapshot';
export { readOtio, looksLikeOtio, snapRate } from './otio';
export { readFcpxml, parseFcpxmlTime, FCPXML_VERSIONS } from './fcpxml';
export type { HostSnapshot, HostSnapshotClip, HostSnapshotTrack, HostSnapshotMarker, SnapshotClipKind } from './snapshot';

export type TimelineFormat = 'fcp7' | 'fcpxml' | 'otio' | 'snapshot' | 'unknown';

/** Which reader a text is for, by content: XML by its root element name, JSON by its OTIO_SCHEMA. */
export function timelineFormat(text: string): TimelineFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) {
    // The first of the two root names decides: an FCP7 file never holds "<fcpxml", nor FCPXML "<xmeml".
    return /<(xmeml|fcpxml)[\s>/]/.exec(body.slice(0, 1 << 16))?.[1] === 'fcpxml' ? 'fcpxml' : 'fcp7';
  }
  if (body.startsWith('{')) return /^\{\s*"OTIO_SCHEMA"|"OTIO_SCHEMA"\s*:\s*"Timeline\./.test(body.slice(0, 1 << 16)) ? 'otio' : 'snapshot';
  return 'unknown';
}

/** Reads an FCP7 XML, FCPXML or OTIO export or a host snapshot (picked by content, not by extension) into a Timeline. */
export function readTimelineFile(text: string, source: string, options?: TimelineOptions): Timeline {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) return buildTimeline(timelineFormat(body) === 'fcpxml' ? readFcpxml(text, source) : readFcp7Xml(text, source, options?.sequence, options?.onProgress), options);
  if (body.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      const at = jsonErrorOffset(body);
      const upTo = body.slice(0, at);
      const line = upTo.split('\n').length;
      const column = at - upTo.lastIndexOf('\n');
      const what = at >= body.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(body[at])}`;
      const fix = /"OTIO_SCHEMA"/.test(body.slice(0, 4096)) ? 'export the timeline as OpenTimelineIO again' : 'save the snapshot again from the Cuebed panel';
      throw new InputError(`${source}: not valid JSON at line ${line}, column ${column} (${what}); ${fix}`);
    }
    return buildTimeline(looksLikeOtio(json) ? readOtio(json, source) : readSnapshot(json, source), options);
  }
  if (/^RIFF[\s\S]{4}(WAVE|RF64)|^RF64/.test(body)) throw new InputError(`${source} is a WAV audio file, not a sequence; give the sequence itself: an .xml from File > Export > Final Cut Pro XML, an .fcpxml, an .otio, or a snapshot .json`);
  // Binary data is described, not printed.
  const start = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(body.slice(0, 64)) ? 'binary data' : JSON.stringify(body.slice(0, 20));
  throw new InputError(
    `${source}: neither FCP7 XML, FCPXML, OpenTimelineIO nor a Cuebed snapshot (it starts with ${start}); give an .xml from File > Export > Final Cut Pro XML, an .fcpxml from Final Cut Pro or Resolve, an .otio, or a snapshot .json`,
  );
}

/** Offset of the first syntax error in a JSON text (Node 20's JSON.parse does not always say). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        else if (text.charCodeAt(i) < 0x20) fail();
        i++;
      }
      if (i >= text.length) fail();
      i++;
      return;
    }
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw i;
    i += m[0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
}
