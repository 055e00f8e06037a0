import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFcpxmlTime, readFcp7Xml, readTimelineFile } from '../../src/timeline';
import { framesToTicks, framesToTimecode, TICKS_PER_SECOND } from '../../src/time';
import { bundleDocument } from '../../src/cli/input';
import { cutFrames, own } from './helpers';

const f30 = (n: number) => framesToTicks(n, { num: 30, den: 1 });
const sec = (s: number) => s * TICKS_PER_SECOND;

function fcpxml(spine: string, opts: { version?: string; tcStart?: string; resources?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="${opts.version ?? '1.10'}">
  <resources>
    <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s" width="1920" height="1080"/>
    <asset id="r2" name="a" start="0s" duration="3600s" hasVideo="1" hasAudio="1" format="r1"><media-rep kind="original-media" src="file:///media/a.mov"/></asset>
    <asset id="r3" name="vo" start="0s" duration="3600s" hasAudio="1"><media-rep kind="original-media" src="file:///media/vo.wav"/></asset>
    <effect id="r4" name="Basic Title" uid=".../Titles.localized/Basic Text.localized/Basic Title.localized/Basic Title.moti"/>
    ${opts.resources ?? ''}
  </resources>
  <library><event name="e"><project name="p"><sequence format="r1" tcStart="${opts.tcStart ?? '0s'}" tcFormat="NDF" audioRate="48k"><spine>
${spine}
  </spine></sequence></project></event></library>
</fcpxml>`;
}
const rate = { num: 24000, den: 1001 };
/** Frame n at 23.976 as an FCPXML time. */
const t = (n: number) => `${n * 1001}/24000s`;

describe('FCPXML fixtures from the field (expected cut lists worked out from the files)', () => {
  it('fcpx_project.fcpxml (FCP X, 1.8): connected clips, a secondary storyline, compound clips, detached dialogue', () => {
    // 30 fps, times in seconds (×30 = frames). Primary storyline: clip IMG_0715 0–10 | gap 10–20 |
    // gap 20–30 carrying IMG_0513 on lane 1 (20–30) | gap 30–40 | gap 40–50 | gap 50–60 carrying a
    // lane-1 storyline: IMG_0268 50–59.5, IMG_0740 59.5–69 | gap 60–70 carrying IMG_0857 on lane 2
    // at 64.567–74.567 | gap 70–80 | ref-clip 80–110 | clip 110–120 | clip 120–130 | asset-clip
    // 130–140 | ref-clip 140–150; its lane -1 audio ref-clip runs 140.016–150.016 (the range end).
    // Seen: 0–10 IMG_0715, black, 20–30 lane 1, black, 50–59.5 IMG_0268, 59.5 IMG_0740, 64.567
    // IMG_0857 (lane 2 over lane 1) to 74.567, black (IMG_0740 ended at 69), 80 ref-clip, 110, 120,
    // 130, 140, black at 150.
    const tl = own('fcpxml/fcpx_project.fcpxml');
    expect(tl.frameRate).toEqual({ num: 30, den: 1 });
    expect(cutFrames(tl)).toEqual([300, 600, 900, 1500, 1785, 1937, 2237, 2400, 3300, 3600, 3900, 4200, 4500]);
    expect(tl.range.end).toBe(sec(150) + (275843 - 5700 * 48) * (TICKS_PER_SECOND / 144000));
    // Dialogue role audio: 0–10, the lane -1 clip at 648176909/180000 − 3600 + 20 s, 40–59.5 (merged),
    // 64.567–74.567, 80–110, then 115–150.016 merged.
    expect(tl.dialogueTracks).toEqual([1]);
    expect(tl.audioClips.every((c) => c.track === 1)).toBe(true);
    expect(tl.dialogue.map((d) => [d.start, d.end])).toEqual([
      [0, f30(300)],
      [(648176909 - 3580 * 180000) * (TICKS_PER_SECOND / 180000), (648176909 - 3570 * 180000) * (TICKS_PER_SECOND / 180000)],
      [f30(1200), f30(1785)],
      [f30(1937), f30(2237)],
      [f30(2400), f30(3300)],
      [f30(3450), tl.range.end],
    ]);
    // Markers on clips and gaps, in sequence time: Marker 1 at 6 s of IMG_0715; Marker 7 at the
    // ref-clip's start (109/30 s = its start 10900/3000 s), Marker 8 14.1 − 3.633 s later.
    expect(tl.markers.map((m) => m.name)).toEqual(['Marker 1', 'Marker 5', 'Marker 2', 'Marker 9', 'Marker 4', 'Marker 7', 'Marker 8']);
    expect(tl.markers[0].start).toBe(f30(180));
    expect(tl.markers[5].start).toBe(f30(2400));
    expect(tl.markers[6].start).toBe(f30(2400 + 423 - 109));
  });
  it('2997fps-rubric-clips.fcpxmld (FCP 11, 1.13 bundle): six 150-frame clips at 29.97', () => {
    const file = bundleDocument(path.join('fcpxml', '2997fps-rubric-clips.fcpxmld'));
    const tl = own(file);
    expect(tl.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(cutFrames(tl)).toEqual([150, 300, 450, 600, 750]);
    expect(tl.range.end).toBe(framesToTicks(900, { num: 30000, den: 1001 }));
    expect(tl.videoClips[0].mediaPath).toBe('/Users/efortis/work/final-cut-pro-scene-detect/tests/fixtures/2997 fps.mp4');
    expect(tl.warnings).toEqual([]);
  });
  it('60fps-rubric-markers.fcpxmld: five markers every 5 s, one clip, no cuts', () => {
    const tl = own('fcpxml/60fps-rubric-markers.fcpxmld/Info.fcpxml');
    expect(cutFrames(tl)).toEqual([]);
    expect(tl.markers.map((m) => [m.start, m.name])).toEqual([1, 2, 3, 4, 5].map((i) => [sec(5 * i), `Marker ${i}`]));
  });
  it('fcpx_clips.fcpxml (clips, no project) is refused with the way to export a project', () => {
    expect(() => own('fcpxml/fcpx_clips.fcpxml')).toThrow(
      'fcpxml/fcpx_clips.fcpxml: the <fcpxml> holds no <project> (only clips or events); select the project in the Final Cut Pro browser and use File > Export XML…',
    );
  });
});

describe('FCPXML reading rules', () => {
  it('parses rational times exactly', () => {
    expect(parseFcpxmlTime('1001/24000s')).toEqual({ ticks: framesToTicks(1, rate), exact: true });
    expect(parseFcpxmlTime('3600s')).toEqual({ ticks: sec(3600), exact: true });
    expect(parseFcpxmlTime('0.5s')).toEqual({ ticks: sec(0.5), exact: true });
    expect(parseFcpxmlTime('2596698013/720000s')?.exact).toBe(true);
    expect(parseFcpxmlTime('1/11s')?.exact).toBe(false);
    expect(parseFcpxmlTime('12')).toBeUndefined();
  });
  it('tcStart is the start timecode; offsets count from it', () => {
    const tl = readTimelineFile(
      fcpxml(`<asset-clip ref="r2" offset="3600s" name="a1" duration="${t(48)}"/><asset-clip ref="r2" offset="${3600 * 24000 + 48 * 1001}/24000s" name="a2" duration="${t(24)}"/>`, { tcStart: '3600s' }),
      'x.fcpxml',
    );
    expect(tl.timecodeStart).toBe(sec(3600));
    expect(cutFrames(tl)).toEqual([48]);
    expect(tl.range.end).toBe(framesToTicks(72, rate));
  });
  it('tcFormat="DF" at 29.97 gives drop-frame labels from tcStart', () => {
    const text = fcpxml(`<asset-clip ref="r2" offset="3600s" name="a" duration="1001/30000s"/>`, { tcStart: '3600s' })
      .replace('frameDuration="1001/24000s"', 'frameDuration="1001/30000s"')
      .replace('tcFormat="NDF" audioRate', 'tcFormat="DF" audioRate');
    const tl = readTimelineFile(text, 'x.fcpxml');
    // 3600 s at 30000/1001 falls in frame 107892, the frame drop-frame timecode labels 01:00:00;00.
    expect(tl.timecode).toEqual({ startFrame: 107892, dropFrame: true });
    expect(framesToTimecode(107892, { num: 30000, den: 1001 }, true)).toBe('01:00:00;00');
  });
  it('a connected clip above the spine hides it; a title or generator does not; one below is hidden', () => {
    const tl = readTimelineFile(
      fcpxml(`<asset-clip ref="r2" offset="0s" name="base" duration="${t(240)}">
        <asset-clip ref="r2" lane="1" offset="${t(24)}" name="above" duration="${t(24)}"/>
        <title ref="r4" lane="2" offset="${t(100)}" name="title" duration="${t(50)}"/>
        <video ref="r4" lane="3" offset="${t(160)}" name="generator" duration="${t(10)}"/>
        <asset-clip ref="r2" lane="-1" offset="${t(200)}" name="below" duration="${t(10)}"/>
      </asset-clip>`),
      'x.fcpxml',
    );
    expect(cutFrames(tl)).toEqual([24, 48]);
    expect(tl.videoClips.find((c) => c.name === 'title')?.coverage).toBe('overlay');
    expect(tl.videoClips.find((c) => c.name === 'generator')?.coverage).toBe('overlay');
  });
  it('transitions do not move the cut; disabled clips are ignored; audio roles become tracks', () => {
    const tl = readTimelineFile(
      fcpxml(`<asset-clip ref="r2" offset="0s" name="a" duration="${t(100)}" audioRole="dialogue"/>
        <transition name="Cross Dissolve" offset="${t(88)}" duration="${t(24)}"/>
        <asset-clip ref="r2" offset="${t(100)}" name="b" duration="${t(100)}" srcEnable="video">
          <asset-clip ref="r3" lane="-1" offset="${t(30)}" name="vo" duration="${t(30)}" audioRole="dialogue.VO"/>
          <asset-clip ref="r3" lane="-2" offset="0s" name="song" duration="${t(100)}" audioRole="music"/>
          <asset-clip ref="r2" lane="1" offset="${t(50)}" name="off" duration="${t(10)}" enabled="0"/>
        </asset-clip>`),
      'x.fcpxml',
    );
    expect(cutFrames(tl)).toEqual([100]);
    expect(tl.dialogueTracks).toEqual([1]);
    expect(tl.dialogue.map((d) => [d.start, d.end])).toEqual([
      [0, framesToTicks(100, rate)],
      [framesToTicks(130, rate), framesToTicks(160, rate)],
    ]);
  });
  it('chapter markers and to-do markers keep their kind', () => {
    const tl = readTimelineFile(
      fcpxml(`<asset-clip ref="r2" offset="0s" start="${t(10)}" name="a" duration="${t(100)}">
        <chapter-marker start="${t(20)}" duration="${t(1)}" value="Chapter 1" posterOffset="0s"/>
        <marker start="${t(50)}" duration="${t(1)}" value="Fix" completed="0"/>
        <marker start="${t(5)}" duration="${t(1)}" value="before the clip"/>
      </asset-clip>`),
      'x.fcpxml',
    );
    expect(tl.markers.map((m) => [m.start, m.name, m.type])).toEqual([
      [framesToTicks(10, rate), 'Chapter 1', 'chapter'],
      [framesToTicks(40, rate), 'Fix', 'todo'],
    ]);
  });
  it('errors name the element and the fix, and never ask FCP X users for "Final Cut Pro XML"', () => {
    const read = (text: string) => () => readTimelineFile(text, 'x.fcpxml');
    expect(read(fcpxml(`<asset-clip ref="r2" offset="5 seconds" name="a" duration="${t(10)}"/>`))).toThrow(
      'x.fcpxml: <asset-clip name="a" offset="5 seconds"> offset="5 seconds" is not an FCPXML time like "1001/24000s" or "5s"; fix the value or export the project again from Final Cut Pro (File > Export XML…)',
    );
    expect(read(fcpxml('').replace('frameDuration="1001/24000s"', 'frameDuration="1/7s"'))).toThrow(/<format id="r1" frameDuration="1\/7s"> is 7 fps, not a frame rate editors use/);
    expect(read('<?xml version="1.0"?><!DOCTYPE fcpxml [<!ENTITY x "y">]><fcpxml version="1.10"/>')).toThrow(/Final Cut Pro writes a plain <!DOCTYPE fcpxml>/);
    for (const bad of [fcpxml(`<asset-clip ref="r2" offset="x" name="a" duration="1s"/>`), '<fcpxml version="1.10"><resources></fcpxml>']) {
      expect(read(bad)).toThrow(/export the project again from Final Cut Pro/);
      expect(read(bad)).not.toThrow(/Final Cut Pro XML/);
    }
  });
});

describe('FCPXML given to the FCP7 reader directly', () => {
  it('says it is FCPXML and that Cuebed reads it, never "export Final Cut Pro XML"', () => {
    const text = fcpxml(`<asset-clip ref="r2" offset="0s" name="a" duration="${t(10)}"/>`);
    expect(() => readFcp7Xml(text, 'x.fcpxml')).toThrow('x.fcpxml: this is FCPXML from Final Cut Pro or Resolve (root <fcpxml>), not FCP7 XML; score the .fcpxml as it is: Cuebed reads FCPXML directly');
    expect(() => readFcp7Xml(text, 'x.fcpxml')).not.toThrow(/Final Cut Pro XML/);
  });
});
