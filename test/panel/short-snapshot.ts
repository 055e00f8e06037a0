/** A 6 s, 25 fps sequence of three shots as the host reads it: the smallest job a panel render test needs. */
import type { HostSnapshot } from '../../src/host/adapter';
import { ticksPerFrame } from '../../src/time';
import { Emulator } from '../host/emulator';
import { call, data } from '../host/helpers';

export function shortSnapshot(): HostSnapshot {
  const rate = { num: 25, den: 1 };
  const tpf = ticksPerFrame(rate);
  const emu = new Emulator();
  const clips = [0, 2, 4].map((s) => ({ name: `shot ${s}`, start: s * 25 * tpf, end: (s + 2) * 25 * tpf, inPoint: 0, outPoint: 50 * tpf, mediaPath: `/m/${s}.mov`, enabled: true, coverage: 'opaque' as const }));
  emu.loadSequence({ source: 'test', name: 'Short', frameRate: rate, audioSampleRate: 48000, playhead: 0, tracks: [{ kind: 'video', index: 1, name: 'V1', enabled: true, clips }], markers: [], warnings: [] });
  return data(call<HostSnapshot>(emu, 'snapshot'));
}
