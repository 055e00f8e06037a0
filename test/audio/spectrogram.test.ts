import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, fft, renderSpectrogramPng } from '../../src/report/spectrogram';

describe('spectrogram PNG', () => {
  it('FFT finds a bin-centred tone', () => {
    const n = 256, re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = Math.cos((2 * Math.PI * 10 * i) / n);
    fft(re, im);
    expect(re[10]).toBeCloseTo(n / 2, 6);
    expect(Math.abs(re[11])).toBeLessThan(1e-9);
  });

  it('is a valid RGB PNG with the tone on the right row and the marks drawn', () => {
    const sr = 48000, N = sr * 2;
    const tone = new Float32Array(N);
    for (let i = 0; i < N; i++) tone[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / sr);
    const W = 200, H = 100;
    const png = renderSpectrogramPng([tone, tone], sr, { sections: [N / 2], hits: [N / 4], ducks: [[0, N / 8]] }, { width: W, height: H, fftSize: 2048 });
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(W);
    expect(view.getUint32(20)).toBe(H);
    const idatLen = view.getUint32(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(H * (1 + 3 * W));
    const pixel = (x: number, y: number): number[] => Array.from(raw.subarray(y * (1 + 3 * W) + 1 + 3 * x, y * (1 + 3 * W) + 4 + 3 * x));
    // 1 kHz on a 30 Hz–20 kHz log axis, top = high
    const row = Math.round(H * (1 - Math.log(1000 / 30) / Math.log(20000 / 30)));
    const bright = (p: number[]): number => p[0] + p[1] + p[2];
    expect(bright(pixel(150, row))).toBeGreaterThan(bright(pixel(150, H - 5)) + 200);
    expect(pixel(100, 50)).toEqual([255, 255, 255]);
    expect(pixel(50, 50)).toEqual([255, 150, 0]);
    expect(pixel(10, 2)).toEqual([60, 140, 255]);
    expect(encodePng(new Uint8Array(3), 1, 1).length).toBeGreaterThan(40);
  });
});
