import { buildTimeline } from './build';
import { readFcp7Xml } from './fcp7';
import { InputError, Timeline, TimelineOptions } from './model';
import { readSnapshot } from './snapshot';

export * from './model';
export { buildTimeline, isMusicTrack, DEFAULT_DIALOGUE_MERGE_GAP } from './build';
export { readFcp7Xml, decodePathUrl } from './fcp7';
export { readSnapshot, SNAPSHOT_SCHEMA } from './snapshot';
export type { HostSnapshot, HostSnapshotClip, HostSnapshotTrack, HostSnapshotMarker, SnapshotClipKind } from './snapshot';

/** Reads an FCP7 XML export or a host snapshot (picked by content, not by extension) into a Timeline. */
export function readTimelineFile(text: string, source: string, options?: TimelineOptions): Timeline {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) return buildTimeline(readFcp7Xml(text, source), options);
  if (body.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(message);
      let where = '';
      if (pos) {
        const upTo = body.slice(0, Number(pos[1]));
        const line = upTo.split('\n').length;
        const column = Number(pos[1]) - upTo.lastIndexOf('\n');
        where = ` at line ${line}, column ${column}`;
      }
      throw new InputError(`${source}: not valid JSON${where} (${message}); save the snapshot again from the Cuebed panel`);
    }
    return buildTimeline(readSnapshot(json, source), options);
  }
  const start = JSON.stringify(body.slice(0, 20));
  throw new InputError(
    `${source}: neither FCP7 XML nor a Cuebed snapshot (it starts with ${start}); give an .xml from File > Export > Final Cut Pro XML or a snapshot .json`,
  );
}
