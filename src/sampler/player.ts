/**
 * The sampled instruments' part of a render: takes note events (in start order, a few blocks
 * ahead), turns each into voices (src/sampler/bank.ts), starts them on their exact sample and
 * renders the active ones block by block into the synth's buses, beside the synth layers.
 */
import type { NoteEvent, SampledInstrument } from '../music/types';
import { VOICE_GROUPS } from '../music/types';
import { BLOCK, dbToGain } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import { voicesFor, type SamplerBank, type VoiceSetup } from './bank';
import { GM } from './gm';
import { HalfDry, halfRateTiming, halfRateZone, toHalfRate } from './half-rate';
import { MixLevel } from './level';
import { canTwin, SamplerVoice } from './voice';

/** Level of the sampled voices against the synth recipes (bank samples peak near full scale). */
const SAMPLER_GAIN = 0.35;

interface PendingVoice {
  setup: VoiceSetup;
  ev: NoteEvent & { instrument: SampledInstrument };
  group: number;
  delay: number;
  /** Start and gate in the voice's own samples (half-rate ones for a half-rate voice). */
  start: number;
  gate: number;
}

export class SamplerPlayer {
  private readonly pending: PendingVoice[] = [];
  private pi = 0;
  private readonly active: SamplerVoice[] = [];
  /** Half-rate voices (./half-rate), rendered once per pair of blocks. */
  private readonly pendingHalf: PendingVoice[] = [];
  private phi = 0;
  private readonly activeHalf: SamplerVoice[] = [];
  private halfDry: HalfDry | null = null;
  /** Stems only: each group's half-rate dry bus. */
  private halfGroupDry: HalfDry[] | null = null;
  /** Per group this pair: 1 a half-rate voice rendered, 2 one with a delay send did. */
  private readonly halfHad = new Uint8Array(VOICE_GROUPS.length);
  private readonly pool: SamplerVoice[] = [];
  /** The recent level of the bus the voices add into: voices far under it end early (./level). */
  private readonly mix: MixLevel;

  /** `activeCount` is the renderer's live-voice count per group (a group with none is retired). */
  constructor(private readonly bank: SamplerBank, private readonly sr: number, private readonly activeCount: Int32Array) {
    this.mix = new MixLevel(sr);
  }

  /** Queues an event's voices; `delay` is its group's delay send. Events come in start order. */
  take(ev: NoteEvent & { instrument: SampledInstrument }, group: number, delay: number): void {
    const swell = ev.fadeIn !== undefined && ev.fadeIn > 0 ? Math.min(ev.fadeIn, ev.length) : 0;
    const zones = voicesFor(this.bank, ev, this.sr);
    const twinned = new Uint8Array(zones.length);
    const delayFree = delay + GM[ev.instrument].mix.delay === 0;
    for (let a = 0; a < zones.length; a++) {
      if (twinned[a]) continue;
      let zone = zones[a];
      // a second zone with its own sample and loop but otherwise the same plays in the same voice
      for (let b = a + 1; b < zones.length && delayFree; b++) {
        const o = zones[b];
        if (twinned[b] || !canTwin(zone, o, this.bank.pcm(zone.sample).length, this.bank.pcm(o.sample).length, this.sr)) continue;
        twinned[b] = 1;
        zone = { ...zone, sampleR: o.sample, panR: o.pan, twin: { start: o.start, loopStart: o.loopStart, loopEnd: o.loopEnd } };
        break;
      }
      // an entry swell (the arranger's fadeIn: an entry under dialogue must not strike) lengthens the attack
      const setup = swell > zone.vol.attack ? { ...zone, vol: { ...zone.vol, attack: swell } } : zone;
      const half = halfRateZone(setup, this.sr);
      const queue = (s: VoiceSetup): void => {
        if (!half) { this.pending.push({ setup: s, ev, group, delay, start: ev.start, gate: ev.length }); return; }
        const t = halfRateTiming(ev.start, ev.length);
        this.pendingHalf.push({ setup: toHalfRate(s, t.late), ev, group, delay, start: t.start, gate: t.gate });
      };
      if (!setup.twin && setup.sampleR >= 0 && this.bank.pcm(setup.sample).length !== this.bank.pcm(setup.sampleR).length) {
        // a pair whose halves differ in length plays as two voices (each to its own end)
        queue({ ...setup, sampleR: -1 });
        queue({ ...setup, sample: setup.sampleR, sampleR: -1, pan: setup.panR });
      } else {
        queue(setup);
      }
    }
  }

  /** Starts the queued voices due before `before` (in their own samples) into `into`. */
  private spawn(list: PendingVoice[], from: number, before: number, into: SamplerVoice[], rate: number): number {
    let i = from;
    while (i < list.length && list[i].start < before) {
      const { setup, ev, group, delay, start, gate } = list[i++];
      const gm = GM[ev.instrument];
      const v = this.pool.pop() ?? new SamplerVoice();
      v.init(setup, this.bank.pcm(setup.sample), setup.sampleR >= 0 ? this.bank.pcm(setup.sampleR) : null, start, gate, group,
        SAMPLER_GAIN * dbToGain(gm.mix.gainDb), gm.mix.reverb, delay + gm.mix.delay, rate, rate < this.sr ? BLOCK / 2 : BLOCK);
      v.preset = `${gm.bank}:${gm.program}`;
      if (v.exclusive !== 0) {
        for (const o of this.active) if (o.exclusive === v.exclusive && o.preset === v.preset && o.start < v.start) o.choke();
      }
      into.push(v);
      this.activeCount[group]++;
    }
    if (i > 256) { list.splice(0, i); i = 0; }
    return i;
  }

  /**
   * Renders the half-rate voices for the pair of blocks starting at half-rate sample h0 (called
   * on every other block, after the synth's half-rate layers, before the mixer upsamples its
   * half-rate bus): reverb sends into the part's half-rate sends, dry and delay sends into this
   * player's half-rate buses, which render() adds in a block at a time. A mix part passes its
   * half-rate bus (`halfMain`), a stems part its half-rate bus per group (`halfGroups`).
   */
  renderHalf(h0: number, halfMain: Buses | null, halfGroups: Buses[] | null, used: Uint8Array): void {
    this.phi = this.spawn(this.pendingHalf, this.phi, h0 + BLOCK, this.activeHalf, this.sr / 2);
    const list = this.activeHalf;
    if (list.length === 0 && !this.halfDry && !this.halfGroupDry) return;
    if (halfMain) this.halfDry ??= new HalfDry(halfMain.rev);
    if (halfGroups) this.halfGroupDry ??= halfGroups.map((b) => new HalfDry(b.rev));
    const dry = this.halfDry, groupDry = this.halfGroupDry;
    dry?.clear();
    if (groupDry) for (const d of groupDry) d.clear();
    this.halfHad.fill(0);
    const floor = this.mix.floor;
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      used[v.group] = 1;
      this.halfHad[v.group] |= v.sendsDelay ? 3 : 1;
      if (v.inaudibleUnder(floor)) v.choke();
      const from = v.start > h0 ? v.start - h0 : 0;
      v.render(h0, from, groupDry ? groupDry[v.group].bus : (dry as HalfDry).bus);
      if (v.done) {
        this.pool.push(v);
        this.activeCount[v.group]--;
        list.splice(k, 1);
        k--;
      }
    }
    if (dry) {
      let had = 0;
      for (let g = 0; g < this.halfHad.length; g++) had |= this.halfHad[g];
      dry.upsample(had !== 0, (had & 2) !== 0);
    }
    if (groupDry) {
      for (let g = 0; g < groupDry.length; g++) {
        groupDry[g].upsample(this.halfHad[g] !== 0, (this.halfHad[g] & 2) !== 0);
        // a group's last pair's reverb send reaches its bus a pair late: the bus holds it now
        if (groupDry[g].sounding) used[g] = 1;
      }
    }
  }

  /**
   * Starts the voices due in the block at b0 and renders every active voice into `main` (a mix
   * part's bus), which also gets the half-rate voices' dry output, or (a stems part) into its
   * group's bus in `groups`. What the voices added is read after the block to follow its level.
   */
  render(b0: number, used: Uint8Array, main: Buses | null, groups: Buses[] | null): void {
    const { active } = this;
    this.pi = this.spawn(this.pending, this.pi, b0 + BLOCK, active, this.sr);
    const half = (b0 / BLOCK) & 1;
    if (main && this.halfDry) this.halfDry.addInto(main, half);
    if (groups && this.halfGroupDry) for (let g = 0; g < groups.length; g++) if (this.halfGroupDry[g].addInto(groups[g], half)) used[g] = 1;
    const floor = this.mix.floor;
    for (let k = 0; k < active.length; k++) {
      const v = active[k];
      used[v.group] = 1;
      if (v.inaudibleUnder(floor)) v.choke();
      const from = v.start > b0 ? v.start - b0 : 0;
      v.render(b0, from, groups ? groups[v.group] : (main as Buses));
      if (v.done) {
        this.pool.push(v);
        this.activeCount[v.group]--;
        active.splice(k, 1);
        k--;
      }
    }
    if (main) this.mix.push(main);
    else this.mix.pushGroups(groups as Buses[], used);
  }
}
