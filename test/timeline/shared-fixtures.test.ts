import { describe, expect, it } from 'vitest';
import { framesToTicks, ticksPerFrame } from '../../src/time';
import { cutFrames, shared } from './helpers';

const f30 = (n: number) => framesToTicks(n, { num: 30, den: 1 });
const f25 = (n: number) => framesToTicks(n, { num: 25, den: 1 });

describe('premiere_example.xml (30 fps, Premiere)', () => {
  const t = shared('premiere_example.xml');
  it('cuts: derived by hand from the XML', () => {
    // Opaque video, by track (frames at the sequence's 30 fps):
    //  V1 clipitem-1 536–636 (clip rate 15, but start/end are sequence frames)
    //  V2 clipitem-2 13–113, clipitem-3 165–322, clipitem-4 322–(-1: end-black transition 538–557 → 557),
    //     clipitem-5 (nested sequence-2, one clip) 636–956
    //  V3 clipitem-10 test_title 15–956, alphatype straight → overlay, hides nothing
    //  V4 clipitem-11 956–(-1), transition 1152–1177 center, cutPointTicks 12 frames → 1164; clipitem-12 (-1: 1164)–1246
    // Seen: black 0–13, c2 13–113, black 113–165, c3 165–322, c4 322–557, c1 (V1) 557–636,
    // nested 636–956, c11 956–1164, c12 1164–1246, then black 1246–1258 because dialogue (A7
    // clipitem-24, 1164–1258, an unnamed non-music track) runs past the picture and sets the range end.
    // (536 is hidden under c4.)
    expect(cutFrames(t)).toEqual([13, 113, 165, 322, 557, 636, 956, 1164, 1246]);
  });
  it('range uses the clips (picture to 1246, dialogue to 1258), not <duration> 636, and warns with both', () => {
    expect(t.range).toEqual({ start: 0, end: f30(1258) });
    const w = t.warnings.find((x) => x.includes('00:00:21:06'));
    expect(w).toBeDefined();
    expect(w).toContain('00:00:41:28');
    expect(w).toContain("clips' length was used");
  });
  it('clip rate differs from sequence: clipitem-1 sits at 536–636 with source 0–50 frames at 15 fps', () => {
    const c1 = t.videoClips.find((c) => c.track === 1)!;
    expect([c1.start, c1.end]).toEqual([f30(536), f30(636)]);
    expect(c1.outPoint).toBe(846720000000);
    expect(c1.mediaPath).toBe('D:/media/sc01_sh010_anim.mov');
  });
  it('marks the nested sequence, the title overlay, and resolves file id references', () => {
    const nested = t.videoClips.find((c) => c.nested)!;
    expect([nested.start, nested.end, nested.track]).toEqual([f30(636), f30(956), 2]);
    const title = t.videoClips.find((c) => c.name === 'test_title')!;
    expect(title.coverage).toBe('overlay');
    const c2 = t.videoClips.find((c) => c.start === f30(13))!;
    expect(c2.mediaPath).toBe('D:/media/sc01_sh010_anim.mov'); // <file id="file-1"/>
  });
  it('sequence markers only (3), sorted; clip markers ignored', () => {
    expect(t.markers.map((m) => [m.start, m.name, m.comment])).toEqual([
      [f30(113), 'My MArker 1', 'so, this happened'],
      [f30(298), '', ''],
      [f30(492), 'dsf', 'fsfsfs'],
    ]);
    expect(t.markers.every((m) => m.end === m.start)).toBe(true);
  });
  it('dialogue: unnamed tracks → all but music (track_08.wav on A5/A6 is music); linked channels share a link id', () => {
    expect(t.dialogueTracks).toEqual([1, 2, 3, 4, 7, 8]);
    const a1 = t.audioClips.filter((c) => c.track === 1);
    const a2 = t.audioClips.filter((c) => c.track === 2);
    expect(a1[0].linkId).toBeDefined();
    expect(a1[0].linkId).toBe(a2[0].linkId);
    // A1/A2 13–113 and 536–636; A3/A4 335–505 (placeholder) and 636–930 (nested); A7/A8 956–1177, ...
    expect(t.dialogue[0]).toMatchObject({ start: f30(13), end: f30(113) });
    expect(t.audioSampleRate).toBe(48000);
  });
});

describe('premiere_generators.xml (23.976, generators)', () => {
  const t = shared('premiere_generators.xml');
  it('cuts: derived by hand', () => {
    // V1 only: clipitem-1 0–264, "Black Video" slug 264–383, generatoritem Blue Matte 383–502,
    // clipitem-4 502–621 — all opaque; "Transparent Video" 621–737 (alphatype straight) and
    // "Graphic" 737–856 (straight, GraphicAndType) are overlays over black.
    // Seen: c1 | slug 264 | matte 383 | c4 502 | over black nothing opaque is beneath, so the
    // overlays are the picture: Transparent Video 621 | Graphic 737 (the graphic appears) – 856.
    expect(cutFrames(t)).toEqual([264, 383, 502, 621, 737]);
    expect(t.frameRate).toEqual({ num: 24000, den: 1001 });
    expect(t.range.end).toBe(856 * ticksPerFrame(t.frameRate));
    expect(t.cuts[0].time).toBe(264 * 10_594_584_000);
  });
  it('generator item is picture and marked', () => {
    const matte = t.videoClips.find((c) => c.name === 'Blue Matte')!;
    expect(matte.generator).toBe(true);
    expect(matte.coverage).toBe('opaque');
    expect(t.videoClips.find((c) => c.name === 'Graphic')!.coverage).toBe('overlay');
  });
});

describe('hiero_xml_export.xml (Hiero, 24 fps, "N.0" frame values)', () => {
  const t = shared('hiero_xml_export.xml');
  it('cuts: derived by hand', () => {
    // Track "Video 1": clip 14–1069, clip "/" 1085–1324. Black before 14 and in 1069–1085.
    expect(cutFrames(t)).toEqual([14, 1069, 1085]);
    expect(t.range.end).toBe(framesToTicks(1324, { num: 24, den: 1 }));
    expect(t.warnings).toEqual([]);
    expect(t.videoClips[0].mediaPath).toBe('/A160R0MN/A160R0MN/A160C005_171213_R0MN.mxf');
  });
});

describe('60_sek_Jokulhlup.xml (25 fps, older Premiere, -1 edges)', () => {
  const t = shared('60_sek_Jokulhlup.xml');
  it('cuts: derived by hand', () => {
    // Opaque (alphatype none) video; alphatype "black"/"straight" clips are overlays: they hide
    // nothing, but are the picture where nothing opaque is beneath (91 over black at 0–37, 82 at 774):
    //  V1: 78 37–86, 79 180–391, 80 391–506, [81,82,83 alpha black: overlays], 84 908–1005,
    //      85 1005–1071, 86 1071–1133, 87 1133–1221, 88 1241–1266, 89 1266–1284, 90 1284–1473
    //  V2: [91 0–38 alpha black], 92 86–202, 93 416–506, 94 506–681, 95 681–774, 96 1221–1330,
    //      97 1438–(-1: end-black transition 1474–1499 → 1499)
    //  V3: [98 (-1: start-black 269–294 → 269)–391 straight], [99 black], [100 straight], 101 820–909
    // Seen: black→78 @37, 92 @86, 79 @202, 80 @391, 93 @416, 94 @506, 95 @681, 82 @774 (only the
    // overlay left), 101 @820, 84 @909, 85 @1005, 86 @1071, 87 @1133, 96 @1221, 90 @1330, 97 @1438.
    expect(cutFrames(t)).toEqual([37, 86, 202, 391, 416, 506, 681, 774, 820, 909, 1005, 1071, 1133, 1221, 1330, 1438]);
  });
  it('range ends with clip 97 at 1499 (not <duration> 1477) and warns', () => {
    expect(t.range.end).toBe(f25(1499));
    expect(t.warnings.some((w) => w.includes('00:00:59:02') && w.includes('00:00:59:24'))).toBe(true);
  });
});

describe('other shared exports parse', () => {
  it('UA4-konsulentteam-CC.xml: 3 V + 10 A tracks, cuts inside range, dialogue present', () => {
    const t = shared('UA4-konsulentteam-CC.xml');
    expect(new Set(t.videoClips.map((c) => c.track))).toEqual(new Set([1, 2])); // V3 is empty
    expect(t.cuts.length).toBeGreaterThan(30);
    expect(t.cuts.every((c, i) => i === 0 || c.frame > t.cuts[i - 1].frame)).toBe(true);
    expect(t.cuts[0].frame).toBe(33); // V1 clipitem-1 0–33 → clipitem-2
    expect(t.dialogue.length).toBeGreaterThan(0);
    expect(t.videoClips.some((c) => c.inPoint === undefined)).toBe(false);
  });
  it.each(['Fade inn og ut.xml', 'gain-12dB.xml'])('%s: reads', (name) => {
    const t = shared(name);
    expect(t.frameRate).toEqual({ num: 25, den: 1 });
    expect(t.range.end).toBeGreaterThan(0);
    expect(t.audioClips.length).toBeGreaterThan(0);
  });
});
