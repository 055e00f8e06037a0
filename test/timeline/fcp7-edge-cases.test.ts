import { describe, expect, it } from 'vitest';
import { RATES, TICKS_PER_SECOND, framesToTicks } from '../../src/time';
import { InputError, readFcp7Xml } from '../../src/timeline';
import { cutFrames, own, ownText } from './helpers';

const f25 = (n: number) => framesToTicks(n, RATES['25']);
const f30 = (n: number) => framesToTicks(n, RATES['30']);

function inputError(rel: string): string {
  try {
    own(`xmeml/${rel}`);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`xmeml/${rel}: `)).toBe(true);
    return message;
  }
  throw new Error(`${rel} was accepted`);
}

describe('-1 edges take the adjacent transition cut point', () => {
  const t = own('xmeml/transitions.xml');
  const edges = t.videoClips.map((c) => [c.name, c.start / f30(1), c.end / f30(1)]);
  it('for every alignment', () => {
    expect(edges).toEqual([
      ['A', 0, 25], // center 20–31, odd length, no cutPointTicks → 20 + floor(11/2)
      ['B', 25, 50], // start → 50
      ['C', 50, 90], // end → 90
      ['D', 90, 120],
      ['E', 130, 160], // end-black → 160
      ['F', 170, 200], // start-black → 170
      ['G', 210, 235], // center 230–245 with cutPointTicks = 5 frames → 235
      ['H', 235, 260],
    ]);
  });
  it('cuts include black gaps', () => {
    expect(cutFrames(t)).toEqual([25, 50, 90, 120, 130, 160, 170, 200, 210, 235]);
  });
});

describe('rates', () => {
  it('per-clip rate: start/end in sequence frames, in/out in the clip rate; pproTicks win', () => {
    const t = own('xmeml/clip-rate.xml');
    const [a, b] = t.videoClips;
    expect([a.start, a.end]).toEqual([0, f30(100)]);
    expect([a.inPoint, a.outPoint]).toEqual([(10 * TICKS_PER_SECOND) / 15, (60 * TICKS_PER_SECOND) / 15]);
    expect([b.inPoint, b.outPoint]).toEqual([TICKS_PER_SECOND, 2 * TICKS_PER_SECOND]);
    expect(cutFrames(t)).toEqual([100]);
  });
  it('NTSC 23.976', () => {
    const t = own('xmeml/ntsc-23976.xml');
    expect(t.frameRate).toEqual({ num: 24000, den: 1001 });
    expect(t.cuts).toEqual([{ frame: 100, time: 100 * 10_594_584_000 }]);
    expect(t.range.end).toBe(240 * 10_594_584_000);
    expect(t.warnings).toEqual([]);
  });
  it('NTSC 29.97', () => {
    const t = own('xmeml/ntsc-2997.xml');
    expect(t.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(t.cuts).toEqual([{ frame: 45, time: 45 * 8_475_667_200 }]);
  });
});

describe('picture rules', () => {
  it('disabled clip and disabled track: kept, marked, and ignored for cuts and range', () => {
    const t = own('xmeml/disabled.xml');
    expect(t.videoClips.map((c) => [c.name, c.enabled])).toEqual([
      ['A', true],
      ['B', false],
      ['C', true],
      ['D', false],
      ['E on disabled track', false],
    ]);
    expect(cutFrames(t)).toEqual([50, 100]);
    expect(t.range.end).toBe(f25(150));
  });
  it('nested sequence is one clip: no inner cuts, no inner markers', () => {
    const t = own('xmeml/nested.xml');
    expect(t.name).toBe('outer');
    expect(t.videoClips.map((c) => [c.name, !!c.nested])).toEqual([
      ['inner', true],
      ['B', false],
    ]);
    expect(cutFrames(t)).toEqual([60]);
    expect(t.markers).toEqual([{ start: f25(70), end: f25(80), name: 'outer marker', comment: 'c' }]);
  });
  it('generator: a colour matte is opaque picture; a text generator is an overlay', () => {
    const t = own('xmeml/generator.xml');
    expect(t.videoClips.map((c) => [c.name, c.generator, c.coverage])).toEqual([
      ['A', undefined, 'opaque'],
      ['Color Matte', true, 'opaque'],
      ['Lower third', true, 'overlay'],
    ]);
    expect(cutFrames(t)).toEqual([30]);
  });
  it('alpha and adjustment layers never hide the cuts beneath', () => {
    const t = own('xmeml/overlay.xml');
    expect(t.videoClips.filter((c) => c.coverage === 'overlay').map((c) => c.name)).toEqual(['logo.png', 'Adjustment Layer']);
    expect(cutFrames(t)).toEqual([100, 160, 170]);
  });
  it('a gap is black: cut into it and out of it', () => {
    expect(cutFrames(own('xmeml/gap.xml'))).toEqual([10, 50, 80]);
  });
  it('top-most opaque clip wins; same media split on one track is still a cut', () => {
    // V1 A 0–280 + A 280–300 (same file), V2 B 100–200, V3 C 150–250 → A | B | C | A | A
    expect(cutFrames(own('xmeml/overlap.xml'))).toEqual([100, 150, 250, 280]);
  });
  it('sequence In/Out sets the range; cuts, dialogue and markers are clipped to it', () => {
    const t = own('xmeml/inout.xml');
    expect(t.range).toEqual({ start: f25(30), end: f25(90) });
    expect(cutFrames(t)).toEqual([40, 60]);
    expect(t.dialogue).toEqual([{ start: f25(30), end: f25(70), source: 'Dialogue' }]);
    expect(t.markers.map((m) => m.name)).toEqual(['inside']);
    expect(t.warnings).toEqual([]);
  });
});

describe('references and encodings', () => {
  it('resolves <file id> references and decodes file:// URLs', () => {
    const t = own('xmeml/fileref.xml');
    expect(t.videoClips.map((c) => c.mediaPath)).toEqual(['/Users/ed/My Media/shot 1.mov', '/Users/ed/My Media/shot 1.mov', 'D:/media/x.mov']);
  });
  it('accepts a BOM', () => {
    expect(ownText('xmeml/bom.xml').charCodeAt(0)).toBe(0xfeff);
    expect(cutFrames(own('xmeml/bom.xml'))).toEqual([10]);
  });
  it('finds the sequence under project/children/bin and warns when there are several', () => {
    const t = own('xmeml/project-wrapped.xml');
    expect(t.name).toBe('first');
    expect(t.warnings.some((w) => w.includes('2 sequences') && w.includes('"first"'))).toBe(true);
  });
});

describe('dialogue', () => {
  it('exploded linked stereo is one region per item; music tracks are left out', () => {
    const t = own('xmeml/dialogue-exploded.xml');
    expect(t.dialogueTracks).toEqual([1, 2]); // A3/A4 carry score_cue.wav
    const [l1, l2] = t.audioClips.filter((c) => c.track === 1);
    const [r1, r2] = t.audioClips.filter((c) => c.track === 2);
    expect(l1.linkId).toBe(r1.linkId);
    expect(l2.linkId).toBe(r2.linkId);
    expect(l1.linkId).not.toBe(l2.linkId);
    // The 50–60 gap is 0.4 s < 0.5 s: one region.
    expect(t.dialogue).toEqual([{ start: 0, end: f25(100), source: 'A1, A2' }]);
    const split = own('xmeml/dialogue-exploded.xml', { dialogueMergeGap: TICKS_PER_SECOND / 5 });
    expect(split.dialogue.map((r) => [r.start, r.end])).toEqual([
      [0, f25(50)],
      [f25(60), f25(100)],
    ]);
  });
  it('picks tracks by name, or by option', () => {
    const t = own('xmeml/dialogue-names.xml');
    expect(t.dialogueTracks).toEqual([2, 4]);
    expect(t.dialogue).toEqual([
      { start: f25(10), end: f25(30), source: 'Interview' },
      { start: f25(60), end: f25(80), source: 'VO' },
    ]);
    const sfx = own('xmeml/dialogue-names.xml', { dialogueTracks: [3] });
    expect(sfx.dialogue).toEqual([{ start: 0, end: f25(100), source: 'SFX' }]);
    expect(() => own('xmeml/dialogue-names.xml', { dialogueTracks: [9] })).toThrow(/dialogue track A9 does not exist \(the sequence has 4 audio tracks\)/);
  });
});

describe('errors: one line naming the file, the element and the fix', () => {
  it('DOCTYPE with ENTITY is refused before parsing', () => {
    expect(inputError('entity.xml')).toMatch(/<!ENTITY>.*refuses to expand/);
  });
  it('not XML: gives the parser position', () => {
    expect(inputError('not-xml.xml')).toMatch(/not XML \(.*line 3, column \d+\); export the sequence with File > Export > Final Cut Pro XML/);
  });
  it('XML but not xmeml', () => {
    expect(inputError('not-xmeml.xml')).toBe(
      'xmeml/not-xmeml.xml: not FCP7 XML (root element is <html>, expected <xmeml>); export the sequence with File > Export > Final Cut Pro XML',
    );
  });
  it('no <sequence>', () => {
    expect(inputError('no-sequence.xml')).toMatch(/holds no <sequence>/);
  });
  it('no clips', () => {
    expect(inputError('no-clips.xml')).toMatch(/the sequence has no enabled clips; nothing to score/);
  });
  it('zero timebase', () => {
    expect(inputError('zero-timebase.xml')).toMatch(/<sequence><rate><timebase> is "0", not a frame rate; set the sequence/);
  });
  it('unsupported frame rate (TimeError becomes InputError naming the element)', () => {
    expect(inputError('unsupported-rate.xml')).toMatch(/<sequence><rate> is unsupported \(.*no exact tick duration/);
  });
  it('non-numeric time', () => {
    expect(inputError('bad-time.xml')).toMatch(/<clipitem id="a" on V1><end> is "ten", not a whole number of frames/);
  });
  it('missing timebase', () => {
    const text = '<xmeml version="4"><sequence><name>x</name><rate><ntsc>FALSE</ntsc></rate></sequence></xmeml>';
    expect(() => readFcp7Xml(text, 'x.xml')).toThrow('x.xml: <sequence><rate> has no <timebase>');
  });
  it('empty file', () => {
    expect(() => readFcp7Xml('\uFEFF  ', 'e.xml')).toThrow(InputError);
  });
});
