/**
 * The FCP7 reader keeps only what it reads as sax streams (src/timeline/fcp7-collect.ts), never
 * the whole element tree. These are the structures where that could go wrong: files described
 * far from the clips that use them, parts of a sequence the reader does not use, sequences that
 * are not top-level, and several media blocks. (Old tree reader vs this one on every fixture and
 * 40,000 mutants of them: identical, see /work/notes/i17-read.md.)
 */
import { describe, expect, it } from 'vitest';
import { RATES, framesToTicks } from '../../src/time';
import { readFcp7Xml } from '../../src/timeline';

const f25 = (n: number) => framesToTicks(n, RATES['25']);
const RATE = '<rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>';
const clip = (id: string, start: number, end: number, inner = '') =>
  `<clipitem id="${id}"><name>${id}</name><start>${start}</start><end>${end}</end>${inner}</clipitem>`;
const seq = (name: string, tracks: string, extra = '') =>
  `<sequence id="${name}"><name>${name}</name>${RATE}${extra}<media><video><track>${tracks}</track></video></media></sequence>`;
const file = (id: string, url: string, more = '') => `<file id="${id}"><name>${id}</name><pathurl>${url}</pathurl>${more}</file>`;

describe('FCP7 XML read as it streams', () => {
  it('resolves a file described in a bin before or after the sequence, the first description per id winning', () => {
    const xml = `<xmeml version="4"><project><children>
      <clip id="m1">${file('f1', 'file:///media/one.mov')}</clip>
      ${seq('s', clip('a', 0, 10, '<file id="f1"/>') + clip('b', 10, 20, '<file id="f2"/>') + clip('c', 20, 30, '<file id="f3"/>'))}
      <clip id="m2">${file('f2', 'file:///media/two.mov')}${file('f1', 'file:///media/not-this.mov')}</clip>
    </children></project></xmeml>`;
    const s = readFcp7Xml(xml, 'bin.xml');
    expect(s.tracks[0].clips.map((c) => c.mediaPath)).toEqual(['/media/one.mov', '/media/two.mov', undefined]);
  });

  it('reads past what it does not use: logging, labels, filters and a nested sequence inside a clip', () => {
    const noise = '<logginginfo><description>x</description></logginginfo><labels><label2>Iris</label2></labels>'
      + '<filter><effect><name>Audio Levels</name><effectid>audiolevels</effectid><parameter><value>1</value></parameter></effect></filter>';
    const nested = `<sequence id="inner"><name>inner</name>${RATE}<media><video><track>${clip('x', 0, 5)}</track></video></media></sequence>`;
    const plain = readFcp7Xml(`<xmeml version="4">${seq('s', clip('a', 0, 10) + clip('b', 10, 25))}</xmeml>`, 'plain.xml');
    const noisy = readFcp7Xml(`<xmeml version="4">${seq('s', clip('a', 0, 10, noise) + clip('b', 10, 25, nested), noise)}</xmeml>`, 'noisy.xml');
    expect(noisy.tracks[0].clips.map((c) => [c.name, c.start, c.end, c.coverage])).toEqual(plain.tracks[0].clips.map((c) => [c.name, c.start, c.end, c.coverage]));
    expect(noisy.tracks[0].clips[1].nested).toBe(true);
    // the sequence inside the clip is not one of the file's sequences
    expect(noisy.warnings.filter((w) => /holds 2 sequences/.test(w))).toEqual([]);
  });

  it('lists only top-level sequences, in order, and reads the one picked', () => {
    const xml = `<xmeml version="4"><project><children><bin><children>${seq('first', clip('a', 0, 10))}</children></bin>${seq('second', clip('b', 0, 40))}<sequence id="ref"/></children></project></xmeml>`;
    const s = readFcp7Xml(xml, 'two.xml', '2');
    expect(s.name).toBe('second');
    expect(s.tracks[0].clips.map((c) => c.end)).toEqual([f25(40)]);
    expect(readFcp7Xml(xml, 'two.xml').warnings.join(' ')).toMatch(/holds 2 sequences \(1 "first", 2 "second"\)/);
  });

  it('takes tracks from the first media block only, as the tree reader did', () => {
    const xml = `<xmeml version="4"><sequence><name>s</name>${RATE}<media><video><track>${clip('a', 0, 10)}</track></video></media><media><video><track>${clip('b', 0, 99)}</track></video></media></sequence></xmeml>`;
    expect(readFcp7Xml(xml, 'm.xml').tracks.map((t) => t.clips.map((c) => c.name))).toEqual([['a']]);
  });

  it('a root element after the first replaces it, as the tree reader had it', () => {
    const xml = `<xmeml version="4">${seq('s', clip('a', 0, 10))}</xmeml><xmeml/>`;
    expect(() => readFcp7Xml(xml, 'r.xml')).toThrow(/r\.xml: the <xmeml> holds no <sequence>/);
  });

  it('reports reading progress from 0 to 1, rising', () => {
    const clips = Array.from({ length: 6000 }, (_, i) => clip(`c${i}`, i * 2, i * 2 + 2)).join('');
    const seen: number[] = [];
    readFcp7Xml(`<xmeml version="4">${seq('s', clips)}</xmeml>`, 'p.xml', undefined, (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
  });
});
