import { beforeAll, describe, expect, it } from 'vitest';
import { scoreTimelineStreamed } from '../../src/score';
import { decodeSegments, parseRenderRecord, regenerate, regenerateStreamed, type PcmSource } from '../../src/regen';
import type { ByteSink } from '../../src/audio/stream';
import type { Plan } from '../../src/plan/types';
import { DEMO_DIALOGUE, DEMO_SHOTS, bytesEqual, demoXml, ripple, scoreInMemory, timelineOf, type Shot } from './helpers';

/** In-memory sinks by name, as the CLI's staged files would hold them. */
function memoryFiles(): { files: Map<string, Uint8Array>; open: (name: string) => ByteSink } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    open: (name) => {
      const parts: Uint8Array[] = [];
      return {
        write: (b) => { parts.push(b.slice()); },
        close: () => {
          const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
          let at = 0;
          for (const p of parts) { out.set(p, at); at += p.length; }
          files.set(name, out);
        },
      };
    },
  };
}

/** A file read in small, odd-sized pieces (as src/io/pcm-source.ts reads one), counting bytes asked for. */
function pieceSource(bytes: Uint8Array): PcmSource & { asked: number } {
  const src = {
    size: bytes.length, asked: 0,
    read: (offset: number, length: number) => {
      src.asked += length;
      return bytes.slice(offset, Math.min(bytes.length, offset + length));
    },
  };
  return src;
}

const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
shots[9][1] -= 12;
const at = DEMO_SHOTS.slice(0, 10).reduce((a, s) => a + s[1], 0) - 12;
const edited = () => timelineOf(demoXml(shots, DEMO_DIALOGUE.map(([n, s, e]) => [n, ripple(s, at, -12), ripple(e, at, -12)] as [string, number, number])));

describe('regeneration from a streamed render, streamed', () => {
  let prev: ReturnType<typeof scoreInMemory>;
  let whole: ReturnType<typeof regenerate>;
  beforeAll(() => {
    prev = scoreInMemory(timelineOf(demoXml(DEMO_SHOTS)));
    whole = regenerate(edited(), prev);
  });

  it('a streamed render keeps loudness segments in render.json, matching the in-memory render\'s', () => {
    const options = { brief: 'warm documentary underscore, builds slightly', seed: 3, sampleRate: 48000, bitDepth: 24 as const };
    const timeline = timelineOf(demoXml(DEMO_SHOTS));
    const out = memoryFiles();
    const r = scoreTimelineStreamed(timeline, options, { openOutput: out.open });
    const streamed = parseRenderRecord(new TextDecoder().decode(r.files.get('render.json')), 'render.json');
    const memory = prev.record!;
    expect(streamed.segments).toBeDefined();
    const a = decodeSegments(streamed.segments!), b = decodeSegments(memory.segments!);
    expect(a.length).toBe(b.length);
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-5 * Math.max(b[k], 1e-3));
  });

  it('writes the same score.wav through a sink, reading the previous one in pieces, and reads only what it copies', () => {
    const src = pieceSource(prev.wav);
    const out = memoryFiles();
    const r = regenerateStreamed(edited(), { ...prev, plan: JSON.parse(JSON.stringify(prev.plan)) as Plan, wav: src }, {}, out.open('score.wav'));
    expect(bytesEqual(out.files.get('score.wav')!, whole.files.get('score.wav')!)).toBe(true);
    expect(r.files.has('score.wav')).toBe(false);
    expect(bytesEqual(r.files.get('render.json')!, whole.files.get('render.json')!)).toBe(true);
    // copied bytes once, plus the crossfade margins and chunk headers: not the whole file twice
    expect(src.asked).toBeLessThan(1.2 * prev.wav.length);
  });

  it('measures the whole result when the previous render has no segments, to the same loudness', () => {
    const withSegments = whole;
    const without = regenerate(edited(), { ...prev, record: { ...prev.record!, segments: undefined } });
    expect(bytesEqual(without.files.get('score.wav')!, withSegments.files.get('score.wav')!)).toBe(true);
    expect(Math.abs(without.integratedLufs - withSegments.integratedLufs)).toBeLessThan(0.01);
    const rec = parseRenderRecord(new TextDecoder().decode(without.files.get('render.json')), 'render.json');
    expect(rec.segments).toBeDefined();
  });
});
