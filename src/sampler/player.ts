/**
 * The sampled instruments' part of a render: takes note events (in start order, a few blocks
 * ahead), turns each into voices (src/sampler/bank.ts), starts them on their exact sample and
 * renders the active ones block by block into the synth's buses, beside the synth layers.
 */
import type { NoteEvent, SampledInstrument } from '../music/types';
import { BLOCK, dbToGain } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import { voicesFor, type SamplerBank, type VoiceSetup } from './bank';
import { GM } from './gm';
import { MixLevel } from './level';
import { SamplerVoice } from './voice';

/** Level of the sampled voices against the synth recipes (bank samples peak near full scale). */
const SAMPLER_GAIN = 0.35;

interface PendingVoice {
  setup: VoiceSetup;
  ev: NoteEvent & { instrument: SampledInstrument };
  group: number;
  delay: number;
}

export class SamplerPlayer {
  private readonly pending: PendingVoice[] = [];
  private pi = 0;
  private readonly active: SamplerVoice[] = [];
  private readonly pool: SamplerVoice[] = [];
  /** The dry mix's recent level: voices far under it end early (./level). */
  private readonly mix: MixLevel;

  /** `activeCount` is the renderer's live-voice count per group (a group with none is retired). */
  constructor(private readonly bank: SamplerBank, private readonly sr: number, private readonly activeCount: Int32Array) {
    this.mix = new MixLevel(sr);
  }

  /** Queues an event's voices; `delay` is its group's delay send. Events come in start order. */
  take(ev: NoteEvent & { instrument: SampledInstrument }, group: number, delay: number): void {
    const swell = ev.fadeIn !== undefined && ev.fadeIn > 0 ? Math.min(ev.fadeIn, ev.length) : 0;
    for (const zone of voicesFor(this.bank, ev, this.sr)) {
      // an entry swell (the arranger's fadeIn: an entry under dialogue must not strike) lengthens the attack
      const setup = swell > zone.vol.attack ? { ...zone, vol: { ...zone.vol, attack: swell } } : zone;
      if (setup.sampleR >= 0 && this.bank.pcm(setup.sample).length !== this.bank.pcm(setup.sampleR).length) {
        // a pair whose halves differ in length plays as two voices (each to its own end)
        this.pending.push({ setup: { ...setup, sampleR: -1 }, ev, group, delay });
        this.pending.push({ setup: { ...setup, sample: setup.sampleR, sampleR: -1, pan: setup.panR }, ev, group, delay });
      } else {
        this.pending.push({ setup, ev, group, delay });
      }
    }
  }

  /**
   * Starts the voices due in the block at b0 and renders every active voice; `out(voice, from)`
   * routes one voice's render to the buses (the caller knows about stems). `main` is the main bus,
   * read after the block's voices to follow the mix level.
   */
  render(b0: number, used: Uint8Array, out: (voice: SamplerVoice, from: number) => void, main: Buses): void {
    const { pending, active, bank } = this;
    while (this.pi < pending.length && pending[this.pi].ev.start < b0 + BLOCK) {
      const { setup, ev, group, delay } = pending[this.pi++];
      const gm = GM[ev.instrument];
      const v = this.pool.pop() ?? new SamplerVoice();
      v.init(setup, bank.pcm(setup.sample), setup.sampleR >= 0 ? bank.pcm(setup.sampleR) : null, ev.start, ev.length, group,
        SAMPLER_GAIN * dbToGain(gm.mix.gainDb), gm.mix.reverb, delay + gm.mix.delay, this.sr);
      v.preset = `${gm.bank}:${gm.program}`;
      if (v.exclusive !== 0) {
        for (const o of active) if (o.exclusive === v.exclusive && o.preset === v.preset && o.start < v.start) o.choke();
      }
      active.push(v);
      this.activeCount[group]++;
    }
    if (this.pi > 256) { pending.splice(0, this.pi); this.pi = 0; }
    const floor = this.mix.floor;
    for (let k = 0; k < active.length; k++) {
      const v = active[k];
      used[v.group] = 1;
      if (v.inaudibleUnder(floor)) v.choke();
      out(v, v.start > b0 ? v.start - b0 : 0);
      if (v.done) {
        this.pool.push(v);
        this.activeCount[v.group]--;
        active.splice(k, 1);
        k--;
      }
    }
    this.mix.push(main);
  }
}
