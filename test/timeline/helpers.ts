import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_FIXTURES, SHARED_FIXTURES } from '../paths';
import { Timeline, TimelineOptions, readTimelineFile } from '../../src/timeline';

export function shared(name: string, options?: TimelineOptions): Timeline {
  return readTimelineFile(fs.readFileSync(path.join(SHARED_FIXTURES, name), 'utf8'), name, options);
}

export function ownText(rel: string): string {
  return fs.readFileSync(path.join(OWN_FIXTURES, rel), 'utf8');
}

export function own(rel: string, options?: TimelineOptions): Timeline {
  return readTimelineFile(ownText(rel), rel, options);
}

export const cutFrames = (t: Timeline): number[] => t.cuts.map((c) => c.frame);
