/**
 * UXP-only behaviour: undo steps (transactions) per action, actions created inside lockedAccess,
 * Premiere's transcript as a dialogue source, and the evalScript dispatcher the panel page uses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planToPlaceRequest } from '../../src/host/levels';
import { createUxpAdapter, dispatchScript, transcriptSpans } from '../../src/host/uxp';
import { hostCallScript, parseEnvelope } from '../../src/host/bridge';
import { ACTIVE_SEQUENCE_SCRIPT, PROJECT_PATH_SCRIPT } from '../../src/panel/bridge';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { readFcp7Xml } from '../../src/timeline';
import { fakePlan } from '../host/plan';
import { SHARED_FIXTURES } from '../paths';
import { UxpEmulator } from './emulator';

const S = TICKS_PER_SECOND;

function setup() {
  const emu = new UxpEmulator();
  emu.loadSequence(readFcp7Xml(fs.readFileSync(path.join(SHARED_FIXTURES, 'premiere_example.xml'), 'utf8'), 'premiere_example.xml'));
  const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking: [{ seconds: 0, gainDb: 0 }, { seconds: 2, gainDb: -12 }] });
  const len = samplesToTicks(plan.sequence.durationSamples, 48000);
  emu.addFile('/renders/score-1.wav', len);
  emu.addFile('/renders/score-2.wav', len);
  const adapter = createUxpAdapter(emu.ppro, { fileExists: async (p) => emu.files.has(p) });
  return { emu, adapter, req: planToPlaceRequest(plan, '/renders/score-1.wav', 'Score') };
}

const labels = (emu: UxpEmulator, from = 0) => emu.transactions.slice(from).map((t) => `${t.label}${t.ok ? '' : ' (refused)'}`);

describe('undo steps', () => {
  it('placeScore: bin once, then one placement, Level made time-varying on its own (as Adobe\'s keyframe sample), then the keys; a repeat runs none', async () => {
    const { emu, adapter, req } = setup();
    await adapter.placeScore(req);
    expect(labels(emu)).toEqual(['Cuebed: create bin', 'Cuebed: place score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    expect(emu.transactions[2].actions).toEqual(['time varying true']);
    // The placement is ONE compound action: an insert one past the last audio track, the documented
    // way to get a new track (issue 15.4; an overwrite there fails in the emulator, as the docs promise it nothing).
    expect(emu.transactions[1].actions).toEqual([expect.stringMatching(/^insert \/renders\/score-1\.wav @508032000000 A\d+$/)]);
    // Names and every key are one more: the clip exists only after the placement committed.
    expect(emu.transactions[3].actions).toHaveLength(1 + 1 + 2);
    const n = emu.transactions.length;
    await adapter.placeScore(req);
    expect(labels(emu, n)).toEqual([]);
  });
  it('replaceScore: removal and overwrite in one transaction, keys in the next; no bin transaction', async () => {
    const { emu, adapter, req } = setup();
    await adapter.placeScore(req);
    const n = emu.transactions.length;
    await adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' });
    expect(labels(emu, n)).toEqual(['Cuebed: replace score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    expect(emu.transactions[n].actions).toEqual(['remove 1 item(s)', expect.stringMatching(/^overwrite \/renders\/score-2\.wav @508032000000 A\d+$/)]);
  });
  it('scoreKeys runs no transaction; editorKeys go into the one volume transaction, one keyframe per tick', async () => {
    const { emu, adapter, req } = setup();
    await adapter.placeScore(req);
    let n = emu.transactions.length;
    const keys = await adapter.scoreKeys({ wavPath: '/renders/score-1.wav' });
    expect(keys.clips.map((c) => c.keys.length)).toEqual([2]);
    expect(labels(emu, n)).toEqual([]);
    n = emu.transactions.length;
    // The ducking key at 4 s and the editor's key at the same tick: one keyframe, the editor's value.
    const r = await adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav', editorKeys: [{ ticks: String(4 * S), gainDb: -20 }, { ticks: String(8 * S), gainDb: -1 }] });
    expect(labels(emu, n)).toEqual(['Cuebed: replace score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    // name + keys at 2 s, 4 s (editor's) and 8 s.
    expect(emu.transactions[n + 2].actions).toHaveLength(1 + 3);
    expect(r.keyframes.map((k) => [k.ticks, k.editor ?? false, k.verified])).toEqual([
      [String(2 * S), false, true],
      [String(4 * S), false, true],
      [String(4 * S), true, true],
      [String(8 * S), true, true],
    ]);
  });
  it('a refused transaction changes nothing (rolled back) and is reported', async () => {
    const { emu, adapter, req } = setup();
    await adapter.placeScore(req);
    emu.audioTrackNamed('Cuebed')!.locked = true;
    const before = JSON.stringify(emu.audioTrackNamed('Cuebed')!.items.map((c) => [c.name, c.start, c.end]));
    await expect(adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' })).rejects.toMatchObject({ code: 'TRACK_LOCKED' });
    expect(labels(emu).at(-1)).toBe('Cuebed: replace score (refused)');
    expect(JSON.stringify(emu.audioTrackNamed('Cuebed')!.items.map((c) => [c.name, c.start, c.end]))).toBe(before);
  });
  it('refused Volume keys: a fresh placement is taken back (nothing changed); a replacement says how to get the earlier score back', async () => {
    const { emu, adapter, req } = setup();
    emu.refuseTransactions.add('Cuebed: score volume');
    await expect(adapter.placeScore(req)).rejects.toMatchObject({ code: 'KEYFRAMES_FAILED', message: expect.stringMatching(/taken off the track again, so nothing changed/) });
    // the overwrite made a new (still unnamed) track: no track keeps the score
    expect(emu.sequence.audio.flatMap((t) => t.items).filter((c) => c.projectItem?.mediaPath === req.wavPath)).toEqual([]);
    expect(emu.transactions.filter((t) => t.ok).map((t) => t.label)).toEqual(['Cuebed: create bin', 'Cuebed: place score', 'Cuebed: score volume on', 'Cuebed: take back score']);
    emu.refuseTransactions.clear();
    await adapter.placeScore(req);
    emu.refuseTransactions.add('Cuebed: score volume');
    await expect(adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' })).rejects.toMatchObject({ code: 'KEYFRAMES_FAILED', message: expect.stringMatching(/Undo three times brings the earlier score back/) });
    expect(emu.audioTrackNamed('Cuebed')!.items.map((c) => c.projectItem?.mediaPath)).toEqual(['/renders/score-2.wav']);
  });
  it('the emulator refuses actions created outside lockedAccess (Premiere 26.3)', async () => {
    const { emu } = setup();
    const root = await emu.project!.getRootItem();
    expect(() => root.createBinAction('x', false)).toThrow(/lockedAccess/);
  });
});

describe('transcripts as dialogue', () => {
  const transcript = JSON.stringify({
    language: 'en-us',
    segments: [
      { start: 1, duration: 3, speaker: 'spk1', words: [{ text: 'Hello', start: 1, duration: 0.5, type: 'word' }, { text: ',', start: 1.5, duration: 0, type: 'punctuation' }, { text: 'there', start: 1.6, duration: 0.4, type: 'word' }, { text: 'friend', start: 3.5, duration: 0.5, type: 'word' }] },
      { start: 20, duration: 2, speaker: 'spk1', words: [] },
    ],
    speakers: [{ id: 'spk1', name: 'Ann' }],
  });
  it('maps word times from source to sequence time, merges words 0.3 s apart, clips to the visible range', () => {
    const spans = transcriptSpans(transcript, { track: 2, clipName: 'interview', start: 10 * S, end: 13.25 * S, inPoint: 0.5 * S });
    expect(spans).toEqual([
      { start: String(10.5 * S), end: String(11.5 * S), track: 2, clipName: 'interview', speaker: 'Ann', text: 'Hello there' },
      // "friend" (source 3.5–4 s) is cut by the clip's end; the word-less segment at 20 s lies outside.
      { start: String(13 * S), end: String(13.25 * S), track: 2, clipName: 'interview', speaker: 'Ann', text: 'friend' },
    ]);
    expect(() => transcriptSpans('nope', { track: 1, clipName: 'x', start: 0, end: 1, inPoint: 0 })).toThrow(/not JSON/);
  });
  it('adapter.transcriptDialogue reads the clips that have one and lists those that do not', async () => {
    const { emu, adapter } = setup();
    const a1 = emu.sequence.audio[0];
    const clip = a1.items[0];
    clip.projectItem!.transcript = transcript;
    const r = await adapter.transcriptDialogue();
    // Every clip of that media (exploded stereo channels share it) gets the transcript's spans.
    expect(r.transcribedTracks).toContain(1);
    expect(r.spans.length).toBeGreaterThan(0);
    const inside = (sp: { track: number; start: string; end: string }) =>
      emu.sequence.audio[sp.track - 1].items.some((c) => c.projectItem === clip.projectItem && Number(sp.start) >= c.start && Number(sp.end) <= c.end);
    expect(r.spans.every(inside)).toBe(true);
    expect(r.untranscribed.length).toBeGreaterThan(0);
  });
  it('adapter.transcripts gives each transcribed media once, in source time, for the render job (also as a panel script)', async () => {
    const { emu, adapter } = setup();
    const clip = emu.sequence.audio[0].items[0];
    clip.projectItem!.transcript = transcript;
    const r = await adapter.transcripts();
    // source time: "Hello there" 1–2 s (merged: 0.1 s gap), "friend" 3.5–4 s, the word-less segment 20–22 s
    expect(r.media).toEqual([{ mediaPath: clip.projectItem!.mediaPath, spans: [[String(1 * S), String(2 * S)], [String(3.5 * S), String(4 * S)], [String(20 * S), String(22 * S)]] }]);
    expect(r.untranscribed.length).toBeGreaterThan(0);
    const viaScript = parseEnvelope<typeof r>(await dispatchScript(adapter, hostCallScript('transcripts')), 'transcripts');
    expect(viaScript).toEqual({ ok: true, data: r });
  });
});

describe('the panel scripts, answered by the UXP adapter', () => {
  it('snapshot / placeScore / projectPath / unknown script', async () => {
    const { adapter, req, emu } = setup();
    const snap = parseEnvelope<{ schema: string }>(await dispatchScript(adapter, hostCallScript('snapshot')), 'snapshot');
    expect(snap.ok && snap.data.schema).toBe('cuebed.snapshot/1');
    const placed = parseEnvelope<{ trackName: string }>(await dispatchScript(adapter, hostCallScript('placeScore', req)), 'placeScore');
    expect(placed.ok && placed.data.trackName).toBe('Cuebed');
    const bad = parseEnvelope(await dispatchScript(adapter, hostCallScript('placeScore', { ...req, wavPath: '/nope.wav' })), 'placeScore');
    expect(!bad.ok && bad.error.code).toBe('IMPORT_FAILED');
    expect(parseEnvelope<string>(await dispatchScript(adapter, PROJECT_PATH_SCRIPT), 'projectPath')).toEqual({ ok: true, data: emu.project!.path });
    expect(await dispatchScript(adapter, 'alert(1)')).toBe('EvalScript error.');
    // the page's regenerate lookup asks for the active sequence with its own script
    const active = parseEnvelope<{ id: string; name: string } | null>(await dispatchScript(adapter, ACTIVE_SEQUENCE_SCRIPT), 'activeSequence');
    expect(active).toEqual({ ok: true, data: { id: (snap.ok && (snap.data as unknown as { sequence: { id: string } }).sequence.id) || 'missing', name: emu.sequence.name } });
  });
  it('scoreKeys', async () => {
    const { adapter, req } = setup();
    await adapter.placeScore(req);
    const keys = parseEnvelope<{ clips: Array<{ trackName: string; keys: Array<{ sourceTicks: string }> }> }>(await dispatchScript(adapter, hostCallScript('scoreKeys', { wavPath: '/renders/score-1.wav' })), 'scoreKeys');
    expect(keys.ok && keys.data.clips.map((c) => [c.trackName, c.keys.map((k) => k.sourceTicks)])).toEqual([['Cuebed', ['0', String(2 * S)]]]);
    const bad = parseEnvelope(await dispatchScript(adapter, hostCallScript('scoreKeys', {})), 'scoreKeys');
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST');
  });
});

describe('first run: the new track (issue 15.4)', () => {
  it('the adapter inserts one past the last audio track (an overwrite there creates nothing), and every other track stays put', async () => {
    const { emu, adapter, req } = setup();
    const before = emu.sequence.audio.map((t) => t.items.map((c) => [c.name, c.start, c.end]));
    const r = await adapter.placeScore(req);
    expect(r).toMatchObject({ trackCreated: true, trackName: 'Cuebed', trackIndex: before.length + 1 });
    expect(emu.sequence.audio.slice(0, before.length).map((t) => t.items.map((c) => [c.name, c.start, c.end]))).toEqual(before);
    // Stingers on a second new track: the first goes in by insert, the rest overwrite onto it.
    emu.addFile('/renders/st-1.wav', 2 * S);
    emu.addFile('/renders/st-2.wav', 2 * S);
    const n = emu.transactions.length;
    await adapter.placeStingers({ stingers: [{ wavPath: '/renders/st-1.wav', name: 's1', startTicks: String(3 * S), hitTicks: String(4 * S) }, { wavPath: '/renders/st-2.wav', name: 's2', startTicks: String(7 * S), hitTicks: String(8 * S) }] });
    expect(emu.transactions[n].actions).toEqual([expect.stringMatching(/^insert \/renders\/st-1\.wav/), expect.stringMatching(/^overwrite \/renders\/st-2\.wav/)]);
    expect(emu.audioTrackNamed('Cuebed Stingers')!.items.map((c) => c.start)).toEqual([3 * S, 7 * S]);
  });
});
