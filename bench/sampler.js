'use strict';
/**
 * `npm run bench` section 7: sampled instruments (issue 13).
 *  a. bank load, first render (cold sample cache: Vorbis decoding included) and warm render
 *     (a fresh bank object reading the decoded-sample cache from disk);
 *  b. the bench's 10-minute arrangement with its parts on sampled instruments, two passes;
 *  c. the same note list through spessasynth_core's own processor, paired with Cuebed rendering
 *     those same sampled notes (and the full arrangement when it has synth parts too): all
 *     warmed, 3 alternating rounds, medians and ranges;
 *  d. peak memory of a 60-minute streamed sampled render (child process), decoded bank included.
 * CPU times are process user time; the load average is printed with each block.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const dist = path.resolve(__dirname, '..', 'dist');
const { streamScore } = require(path.join(dist, 'audio'));
const { loadSoundBank } = require(path.join(dist, 'io', 'bank'));
const { GM, isSampled } = require(path.join(dist, 'sampler', 'gm'));
const { longArrangement, fileIo } = require('./arrangement');
const { renderStreamed } = require('./two-passes');

const SR = 48000;

/** Which sampled instrument plays each synth part in the bench (a documentary-like palette). */
const SAMPLED = {
  pad: 'strings', keys: 'piano', pluck: 'nylon-guitar', 'sub-bass': 'electric-bass', lead: 'french-horn',
  kick: 'kit-kick', snare: 'kit-snare', rim: 'kit-rim', 'hat-closed': 'kit-hat-closed', 'hat-open': 'kit-hat-open',
  shaker: 'kit-shaker', tom: 'kit-tom-mid',
};

function sampledArrangement(arr, bank) {
  return { ...arr, sampler: bank, events: arr.events.map((e) => (SAMPLED[e.instrument] ? { ...e, instrument: SAMPLED[e.instrument] } : e)) };
}

const { timed, timedAsync } = require('./timing');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const load = () => `load ${os.loadavg()[0].toFixed(2)}`;
const rt = (seconds, ms) => `${((seconds * 1000) / ms).toFixed(0)}×`;

/** The arrangement's sampled events as MIDI on spessasynth_core's processor (no effects), rendered in 128-frame blocks. */
function spessaRender(core, sb, arr) {
  const p = new core.SpessaSynthProcessor(SR, { effectsEnabled: false, eventsEnabled: false });
  p.soundBankManager.addSoundBank(sb, 'main');
  const channelOf = new Map();
  let next = 0;
  const notes = [];
  for (const e of arr.events) {
    if (!isSampled(e.instrument)) continue;
    const gm = GM[e.instrument];
    let ch = 9;
    if (gm.bank !== 128) {
      if (!channelOf.has(e.instrument)) {
        if (next === 9) next++;
        channelOf.set(e.instrument, next++);
      }
      ch = channelOf.get(e.instrument);
    }
    const key = gm.drumKey ?? e.midi;
    const vel = Math.max(1, Math.min(127, Math.round(1 + 126 * e.velocity)));
    notes.push({ t: e.start, on: true, ch, key, vel }, { t: e.start + e.length, on: false, ch, key, vel: 0 });
  }
  notes.sort((a, b) => a.t - b.t || (a.on ? 1 : 0) - (b.on ? 1 : 0));
  for (const [inst, ch] of channelOf) p.programChange(ch, GM[inst].program);
  const L = new Float32Array(128), R = new Float32Array(128);
  let k = 0;
  for (let b0 = 0; b0 < arr.lengthSamples; b0 += 128) {
    while (k < notes.length && notes[k].t < b0 + 128) {
      const n = notes[k++];
      if (n.on) p.noteOn(n.ch, n.key, n.vel); else p.noteOff(n.ch, n.key);
    }
    L.fill(0); R.fill(0);
    p.process(L, R, 0, 128);
  }
  return notes.length / 2;
}

async function benchSampler() {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bench-bank-'));
  try {
    // --- a. load, first (cold) and warm render -------------------------------------------------
    const loaded = await timedAsync(() => loadSoundBank({ cacheDir }));
    const bank = loaded.out;
    console.log(`  ${'bank load (read, sha256, parse, GM presets flattened)'.padEnd(58)} wall ${loaded.wall.toFixed(0).padStart(6)} ms   (${load()})`);
    const minutes = 10;
    const base = longArrangement(minutes * 60, SR);
    const sec = base.lengthSamples / SR;
    const arr = sampledArrangement(base, bank);
    const sampledEvents = arr.events.filter((e) => isSampled(e.instrument)).length;
    const first = timed(() => renderStreamed(arr));
    const decoded = new Set();
    for (const f of fs.readdirSync(path.join(cacheDir, 'samples', bank.hash.slice(0, 32)))) decoded.add(f);
    console.log(`  ${`first render, cold cache (decodes ${decoded.size} of ${bank.samples.length} samples)`.padEnd(58)} cpu ${first.cpu.toFixed(0).padStart(6)} ms ${rt(sec, first.cpu)} realtime   (${load()})`);
    const warmBank = await loadSoundBank({ cacheDir });
    const warm = timed(() => renderStreamed(sampledArrangement(base, warmBank)));
    console.log(`  ${'warm render, new bank object, samples from the disk cache'.padEnd(58)} cpu ${warm.cpu.toFixed(0).padStart(6)} ms ${rt(sec, warm.cpu)} realtime   same result: ${warm.out.integratedLufs === first.out.integratedLufs && warm.out.truePeakDb === first.out.truePeakDb}`);

    // --- b. speed of the full sampled arrangement ------------------------------------------------
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(timed(() => renderStreamed(arr)));
    const cpus = runs.map((r) => r.cpu);
    console.log(`  ${`${minutes}-min arrangement, ${sampledEvents} of ${arr.events.length} events sampled, two passes`.padEnd(58)} cpu median ${median(cpus).toFixed(0)} ms [${Math.min(...cpus).toFixed(0)}–${Math.max(...cpus).toFixed(0)}] → ${rt(sec, median(cpus))} realtime (goal ≥ 150×)   (${load()})`);

    // --- c. side by side with spessasynth_core's processor ----------------------------------------
    const core = await import('spessasynth_core');
    core.SpessaLog.setLogLevel(false, false, false);
    const bytes = fs.readFileSync(require(path.join(dist, 'io', 'bank')).defaultBankFile());
    const sb = core.SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const span = 60;
    const piece = { ...arr, lengthSamples: span * SR, events: arr.events.filter((e) => e.start < span * SR), duck: [] };
    const spessaPiece = { ...piece, events: piece.events.filter((e) => isSampled(e.instrument)) };
    // warm all equally (samples decoded, code compiled), then alternate: Cuebed on the same note
    // list as spessasynth_core (sampled notes only: the like-for-like figure), and on the full
    // arrangement when it also has synth parts
    renderStreamed(piece);
    renderStreamed({ ...spessaPiece, lengthSamples: 5 * SR });
    spessaRender(core, sb, { ...spessaPiece, lengthSamples: 5 * SR });
    // the bench palette samples every part, so the full arrangement is then the same note list
    const mixed = spessaPiece.events.length < piece.events.length;
    const full = [], ours = [], theirs = [];
    for (let round = 0; round < 3; round++) {
      if (mixed) full.push(timed(() => renderStreamed(piece)).cpu);
      ours.push(timed(() => renderStreamed(spessaPiece)).cpu);
      theirs.push(timed(() => spessaRender(core, sb, spessaPiece)).cpu);
    }
    const range = (xs) => `cpu median ${median(xs).toFixed(0)} ms [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;
    const ratios = ours.map((o, i) => theirs[i] / o);
    console.log(`  same ${span} s note list (${spessaPiece.events.length} sampled notes), 3 alternating rounds   (${load()})`);
    console.log(`    ${'Cuebed: the sampled notes, whole render (reverb, bus, limiter, 2 passes)'.padEnd(72)} ${range(ours)} → ${rt(span, median(ours))} realtime`);
    if (mixed) console.log(`    ${'Cuebed: the full arrangement (sampled + synth parts), whole render'.padEnd(72)} ${range(full)} → ${rt(span, median(full))} realtime`);
    console.log(`    ${'spessasynth_core processor (the sampled notes, effects off)'.padEnd(72)} ${range(theirs)} → ${rt(span, median(theirs))} realtime`);
    console.log(`    Cuebed faster on the same notes by ${median(ratios).toFixed(1)}× [${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}] (goal ≥ 8×)   (${load()})`);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }

  // --- d. memory ----------------------------------------------------------------------------------
  const long = 60;
  const child = spawnSync(process.execPath, [__filename, '--stream-child', String(long)], { encoding: 'utf8' });
  if (child.status !== 0) {
    console.log(`  60-minute sampled render failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  } else {
    const r = JSON.parse(child.stdout.trim().split('\n').pop());
    console.log(`  ${`${long}-min streamed sampled render, peak RSS incl. decoded bank`.padEnd(58)} ${r.maxRssMb.toFixed(0)} MB (goal < 400 MB); cpu ${(r.cpu / 1000).toFixed(1)} s (${rt(long * 60, r.cpu)}); ${r.lufs.toFixed(2)} LUFS   (${load()})`);
  }
}

async function streamChild(minutes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bench-'));
  const bank = await loadSoundBank({ cacheDir: path.join(dir, 'cache') });
  const arr = sampledArrangement(longArrangement(minutes * 60, SR), bank);
  const t = process.hrtime.bigint(), cu = process.cpuUsage();
  const r = streamScore(arr, { targetLufs: -18, bitDepth: 24, meta: { title: 'bench' }, ditherSeed: () => 'bench' }, fileIo(dir));
  const wall = Number(process.hrtime.bigint() - t) / 1e6, cpu = process.cpuUsage(cu).user / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '');
  console.log(JSON.stringify({ wall, cpu, maxRssMb: m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024, lufs: r.integratedLufs }));
}

if (require.main === module) {
  if (process.argv[2] === '--stream-child') streamChild(Number(process.argv[3])).catch((e) => { console.error(e); process.exit(1); });
  else benchSampler().catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { benchSampler, sampledArrangement, spessaRender };
