/**
 * The three timeline writers on real exports: the editor's file comes back with every original
 * byte in place plus the score track, re-reads to the same picture, and holds the score at its
 * placement with its keys. FCPXML output is checked against Apple's DTD when CUEBED_FCPXML_DTD_DIR
 * names a folder with FCPXMLv1_8.dtd … FCPXMLv1_11.dtd (they are Apple's, "All rights reserved",
 * so not in the repository).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFcp7Xml, readTimelineFile, type Timeline } from '../../src/timeline';
import { SCORE_CLIP_NAME, fileUrl, type ScorePlacement } from '../../src/report/timeline-placement';
import { readFcp7Placement, writeFcp7Timeline } from '../../src/report/timeline-fcp7';
import { readOtioDuckKeys, writeOtioTimeline } from '../../src/report/timeline-otio';
import { fcpxmlTime, readFcpxmlDuckKeys, writeFcpxmlTimeline } from '../../src/report/timeline-fcpxml';
import { framesToTicks } from '../../src/time';
import { SHARED_FIXTURES } from '../paths';
import { ownText } from './helpers';

/** A score over [start, end) frames with a duck from frame a to b (−12 dB), and one stinger. */
function placement(rate: { num: number; den: number }, start: number, end: number, duck: [number, number]): ScorePlacement {
  const f = (n: number) => framesToTicks(n, rate);
  return {
    sequenceName: 'x',
    sampleRate: 48000,
    score: {
      name: SCORE_CLIP_NAME,
      path: '/renders/My Film/score.wav',
      start: f(start),
      end: f(end),
      samples: Math.round(((end - start) * rate.den * 48000) / rate.num),
      keys: [
        { ticks: f(start), gainDb: 0 },
        { ticks: f(duck[0]), gainDb: -12 },
        { ticks: f(duck[1]), gainDb: -12 },
        { ticks: f(duck[1] + 6), gainDb: 0 },
      ],
    },
    stingers: [{ name: 'Cuebed stinger 1 (impact)', path: '/renders/My Film/stingers/score-stinger-1.wav', start: f(duck[1] + 20), end: f(duck[1] + 68), samples: 96000, hit: f(duck[1] + 24) }],
  };
}

const view = (t: Timeline) => ({ cuts: t.cuts, range: t.range, dialogue: t.dialogue, markers: t.markers });

describe('FCP7 XML written back (Premiere premiere_example.xml)', () => {
  const text = fs.readFileSync(path.join(SHARED_FIXTURES, 'premiere_example.xml'), 'utf8');
  const rate = { num: 30, den: 1 };
  const before = readTimelineFile(text, 'premiere_example.xml');
  const p = placement(rate, 0, 1258, [100, 300]);
  const out = writeFcp7Timeline(text, p, rate);
  it('keeps every original byte and adds two tracks to the top-level sequence', () => {
    const added = out.length - text.length;
    const at = out.indexOf('\n<track MZ.TrackName="Cuebed"');
    expect(out.slice(0, at) + out.slice(at + added)).toBe(text);
    // Added as the last two audio tracks of the top-level sequence (not of the nested one).
    const audio = readFcp7Xml(out, 'back.xml').tracks.filter((t) => t.kind === 'audio');
    expect(audio.slice(-2).map((t) => t.clips.map((c) => c.name))).toEqual([[SCORE_CLIP_NAME], ['Cuebed stinger 1 (impact)']]);
    expect(audio).toHaveLength(readFcp7Xml(text, 'x').tracks.filter((t) => t.kind === 'audio').length + 2);
  });
  it('re-reads to the same picture, dialogue and markers, with the score at its frames and linear-gain keys', () => {
    const after = readTimelineFile(out, 'back.xml');
    expect(view(after)).toEqual(view(before));
    const score = after.audioClips.find((c) => c.name === SCORE_CLIP_NAME);
    expect(score).toMatchObject({ start: 0, end: framesToTicks(1258, rate), mediaPath: '/renders/My Film/score.wav' });
    const placed = readFcp7Placement(out, rate);
    expect(placed?.keys.map((k) => [k.ticks, Number(k.gainDb.toFixed(4))])).toEqual(p.score.keys.map((k) => [k.ticks, k.gainDb]));
    expect(out).toContain('<keyframe><when>100</when><value>0.251189</value></keyframe>');
    expect(out).toContain(`<pathurl>${fileUrl('/renders/My Film/score.wav')}</pathurl>`);
    expect(fileUrl('/renders/My Film/score.wav')).toBe('file:///renders/My%20Film/score.wav');
    expect(after.audioClips.find((c) => c.name.startsWith('Cuebed stinger'))?.enabled).toBe(false);
  });
});

describe('OTIO written back (premiere_example.otio)', () => {
  const text = ownText('otio/premiere_example.otio');
  const rate = { num: 30, den: 1 };
  const before = readTimelineFile(text, 'premiere_example.otio');
  const p = placement(rate, 0, 1271, [100, 300]);
  const out = writeOtioTimeline(JSON.parse(text), p, rate);
  it('adds the score and stinger tracks and keeps the original tracks as they were', () => {
    const a = JSON.parse(text);
    const b = JSON.parse(out);
    expect(b.tracks.children.slice(0, -2)).toEqual(a.tracks.children);
    expect(b.tracks.children.slice(-2).map((t: { name: string; kind: string }) => [t.name, t.kind])).toEqual([
      ['Cuebed', 'Audio'],
      ['Cuebed Stingers', 'Audio'],
    ]);
  });
  it('re-reads to the same picture with the score at its exact ticks and the duck curve in metadata', () => {
    const after = readTimelineFile(out, 'back.otio');
    expect(view(after)).toEqual(view(before));
    expect(after.audioClips.find((c) => c.name === SCORE_CLIP_NAME)).toMatchObject({ start: p.score.start, end: p.score.start + (p.score.samples * 254016000000) / 48000 });
    expect(readOtioDuckKeys(JSON.parse(out))).toEqual(p.score.keys);
    const stinger = after.audioClips.find((c) => c.name.startsWith('Cuebed stinger'));
    expect(stinger).toMatchObject({ start: p.stingers[0].start, enabled: false });
  });
});

describe('FCPXML written back (FCP X fcpx_project.fcpxml, FCPXML 1.8)', () => {
  const text = ownText('fcpxml/fcpx_project.fcpxml');
  const rate = { num: 30, den: 1 };
  const before = readTimelineFile(text, 'fcpx_project.fcpxml');
  // Start inside the second spine item (a gap at 10–20 s whose local time starts at 3600 s).
  const p = placement(rate, 330, 4500, [600, 900]);
  const out = writeFcpxmlTimeline(text, p);
  it('hangs the score off the storyline item under its start, at an offset in that item’s local time', () => {
    expect(out).toContain(`<gap name="Gap" offset="10s" duration="10s" start="3600s"><asset-clip ref="cuebed-score" lane="-1" offset="3601s"`);
    // FCPXML 1.8 names the file on the asset itself.
    expect(out).toContain(`<asset id="cuebed-score" name="score" start="0s" duration="${fcpxmlTime(p.score.end - p.score.start)}" hasAudio="1" audioSources="1" audioChannels="2" audioRate="48000" src="file:///renders/My%20Film/score.wav"/>`);
  });
  it('re-reads to the same picture and dialogue with the score at its exact ticks and keys', () => {
    const after = readTimelineFile(out, 'back.fcpxml');
    expect(view(after)).toEqual(view(before));
    expect(after.audioClips.find((c) => c.name === SCORE_CLIP_NAME)).toMatchObject({ start: p.score.start, end: p.score.end, mediaPath: '/renders/My Film/score.wav' });
    expect(readFcpxmlDuckKeys(out, p.score.start)).toEqual(p.score.keys);
    expect(after.audioClips.find((c) => c.name.startsWith('Cuebed stinger'))?.enabled).toBe(false);
  });
  it('is valid against Apple’s FCPXML 1.8 DTD (when the DTD is at hand)', () => {
    const dir = process.env.CUEBED_FCPXML_DTD_DIR;
    if (!dir) return;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-fcpxml-')), 'back.fcpxml');
    fs.writeFileSync(file, out);
    const lint = spawnSync('xmllint', ['--noout', '--dtdvalid', path.join(dir, 'FCPXMLv1_8.dtd'), file], { encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });
});
