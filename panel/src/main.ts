/**
 * Cuebed panel page: reads the settings, asks the host for the active sequence, hands the render
 * to a RenderService (a worker: the UI thread only draws), places the result through the host and
 * shows the plan. Runs in CEP's Chromium (88+) with Node enabled, or in a plain browser with a
 * CSInterface stand-in and a render endpoint (the browser test).
 */
import { HostError, planToPlaceRequest, planToStingerRequest } from '../../src/host';
import {
  BRIEF_PLACEHOLDER,
  DEFAULT_SETTINGS,
  DUCK_RANGE,
  LUFS_RANGE,
  PRESET_NAMES,
  RenderError,
  STYLES,
  basename,
  dialogueNote,
  formatDuration,
  HostBridge,
  HostTimeoutError,
  hostErrorMessage,
  overallFraction,
  phaseLabel,
  phaseOf,
  regenNote,
  renderTimelineView,
  resultLine,
  sequenceKey,
  sidecarRoots,
  validateSettings,
  varySeed,
  type PanelSettings,
  type Phase,
  type RenderJob,
  type RenderOutcome,
  type RenderEntry,
  type StingerTarget,
} from '../../src/panel';
import type { ClipKeyframe, PlaceScoreRequest, PlaceScoreResult } from '../../src/host/adapter';
import { KEYS_PER_CALL, replaceScoreInBatches } from '../../src/panel/place-batches';
import { FallbackRenderService } from '../../src/panel/fallback-service';
import { PRESETS } from '../../src/plan/presets';
import type { Plan, Style } from '../../src/plan/types';
import { createCSInterface, type CSInterfaceLike } from './csinterface';
import { pickRenderService, type PanelRenderService, type RenderStore } from './render-services';
import { followHostTheme } from './theme';
import { panelKeyInterest } from '../../src/panel/key-interest';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`panel markup lacks #${id}`);
  return el as T;
};

function previewElement(): HTMLAudioElement | null {
  const el = document.getElementById('audio') as HTMLAudioElement | null;
  return el && typeof el.play === 'function' && typeof el.pause === 'function' ? el : null;
}

const ui = {
  app: $<HTMLElement>('app'),
  brief: $<HTMLTextAreaElement>('brief'),
  preset: $<HTMLSelectElement>('preset'),
  style: $<HTMLSelectElement>('style'),
  seed: $<HTMLInputElement>('seed'),
  vary: $<HTMLButtonElement>('vary'),
  duck: $<HTMLInputElement>('duck'),
  lufs: $<HTMLInputElement>('lufs'),
  stems: $<HTMLInputElement>('stems'),
  score: $<HTMLButtonElement>('score'),
  regen: $<HTMLButtonElement>('regen'),
  regenHint: $<HTMLElement>('regen-hint'),
  stingerAt: $<HTMLSelectElement>('stinger-at'),
  stingers: $<HTMLButtonElement>('stingers'),
  progressWrap: $<HTMLElement>('progress-wrap'),
  progress: $<HTMLProgressElement>('progress'),
  progressLabel: $<HTMLElement>('progress-label'),
  cancel: $<HTMLButtonElement>('cancel'),
  message: $<HTMLElement>('message'),
  timeline: $<HTMLElement>('timeline'),
  play: $<HTMLButtonElement>('play'),
  stop: $<HTMLButtonElement>('stop'),
  previewTime: $<HTMLElement>('preview-time'),
  // Absent in UXP, which has no <audio> (uxp/page.js drops it; an unknown element would be a div without play()).
  audio: previewElement(),
  result: $<HTMLElement>('result'),
};

const SETTINGS_KEY = 'cuebed.panel.settings/1';

/** Shown when the active sequence has no remembered render to regenerate around. */
const NO_PREVIOUS_SCORE = 'No earlier Cuebed score for this sequence: click Score this sequence first.';

type RunKind = 'score' | 'stingers' | 'regen';

class Panel {
  private busy = false;
  private plan: Plan | null = null;
  private cancelRequested = false;
  private resizeTimer: number | undefined;
  /** The preview plays the score (cursor on the plan) or a stinger file (no cursor). */
  private previewIsScore = false;
  /** The active sequence's last render (renders.json), as last looked up. */
  private previous: RenderEntry | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshedAt = 0;

  constructor(
    private readonly cs: CSInterfaceLike | null,
    private readonly host: HostBridge | null,
    private readonly renders: PanelRenderService | null,
    private readonly store: RenderStore | null,
    private readonly unavailable: string,
  ) {
    if (renders instanceof FallbackRenderService) {
      renders.onFallback = (reason) => {
        this.fallbackNote = `Rendered in the panel itself because the render worker could not start (${reason}); the panel responds more slowly while it renders.`;
        this.say('info', this.fallbackNote);
      };
    }
  }
  /** Said with the first result after rendering moved into the page ('' otherwise). */
  private fallbackNote = '';

  start(): void {
    this.fillPickers();
    this.load(this.restore());
    this.wire();
    followHostTheme(this.cs, document.documentElement);
    // Ctrl/⌘+Enter and Esc reach the page only when asked for (the hint promises them).
    try {
      this.cs?.registerKeyEventsInterest?.(JSON.stringify(panelKeyInterest(/^Mac/i.test(navigator.platform))));
    } catch {
      /* a host without key interest: the keys still work where the host passes them on */
    }
    if (!this.cs) this.say('error', 'Cuebed runs inside Premiere Pro (Window > Extensions > Cuebed); Premiere was not found.');
    else if (this.unavailable) this.say('error', this.unavailable);
    this.showRegenState();
    document.documentElement.dataset.ready = 'true';
    void this.refreshRegen();
  }

  /* ---------------------------------------------------------------- regenerate: is there a previous render? */

  /** Looks up the active sequence's last render; the button follows. Never throws. */
  refreshRegen(force = true): Promise<void> {
    if (!force && Date.now() - this.refreshedAt < 400) return this.refreshing ?? Promise.resolve();
    if (this.refreshing) return this.refreshing;
    this.refreshedAt = Date.now();
    this.refreshing = (async () => {
      try {
        this.previous = await this.lookupPrevious();
      } catch {
        this.previous = null;
      } finally {
        this.refreshing = null;
        this.showRegenState();
      }
    })();
    return this.refreshing;
  }

  private async lookupPrevious(sequence?: { id: string; name: string }): Promise<RenderEntry | null> {
    if (!this.host || !this.cs || !this.store) return null;
    const seq = sequence ?? (await this.host.activeSequence());
    if (!seq) return null;
    const projectPath = await this.host.projectPath().catch(() => '');
    return this.store.lastRender(sidecarRoots(projectPath, this.cs.getSystemPath('myDocuments')), sequenceKey(seq));
  }

  private showRegenState(): void {
    const ready = this.previous !== null;
    ui.regen.disabled = this.busy || !ready;
    ui.regen.dataset.ready = String(ready);
    const why = !this.store ? 'Regenerating needs the panel\'s Node.js side (open Cuebed in Premiere Pro).' : NO_PREVIOUS_SCORE;
    ui.regen.title = ready ? `Re-score only what changed since ${basename(this.previous!.folder)}; the rest of the music stays as it was` : why;
    ui.regenHint.textContent = ready || this.busy ? '' : why;
  }

  /* ---------------------------------------------------------------- settings */

  private fillPickers(): void {
    ui.brief.placeholder = BRIEF_PLACEHOLDER;
    const opt = (value: string, text: string) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      return o;
    };
    ui.preset.append(opt('', 'from the brief'), ...PRESET_NAMES.map((n) => opt(n, n)));
    ui.style.append(opt('', 'from the preset'), ...STYLES.map((s) => opt(s, s)));
    ui.duck.min = String(DUCK_RANGE[0]);
    ui.duck.max = String(DUCK_RANGE[1]);
    ui.lufs.min = String(LUFS_RANGE[0]);
    ui.lufs.max = String(LUFS_RANGE[1]);
  }

  private restore(): PanelSettings {
    try {
      const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as Partial<PanelSettings> | null;
      const merged = { ...DEFAULT_SETTINGS, ...(saved ?? {}) };
      return validateSettings(merged).length ? DEFAULT_SETTINGS : merged;
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  private save(s: PanelSettings): void {
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
    } catch {
      /* storage may be off: settings then last for the session */
    }
  }

  private load(s: PanelSettings): void {
    ui.brief.value = s.brief;
    ui.preset.value = s.preset;
    ui.style.value = s.style;
    ui.seed.value = String(s.seed);
    ui.duck.value = String(s.duckDb);
    ui.lufs.value = String(s.targetLufs);
    ui.stems.checked = s.stems;
  }

  private read(): PanelSettings {
    return {
      brief: ui.brief.value,
      preset: ui.preset.value,
      style: ui.style.value as '' | Style,
      seed: ui.seed.value.trim() === '' ? NaN : Number(ui.seed.value),
      duckDb: ui.duck.value.trim() === '' ? NaN : Number(ui.duck.value),
      targetLufs: ui.lufs.value.trim() === '' ? NaN : Number(ui.lufs.value),
      stems: ui.stems.checked,
      bitDepth: DEFAULT_SETTINGS.bitDepth,
    };
  }

  /* ---------------------------------------------------------------- events */

  private wire(): void {
    ui.score.addEventListener('click', () => void this.run('score'));
    ui.regen.addEventListener('click', () => void this.run('regen'));
    // The active sequence can change in Premiere at any time: look again whenever the editor comes back to the panel.
    window.addEventListener('focus', () => void this.refreshRegen(false));
    document.documentElement.addEventListener('pointerenter', () => void this.refreshRegen(false));
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void this.refreshRegen(false);
    });
    ui.stingers.addEventListener('click', () => void this.run('stingers'));
    ui.cancel.addEventListener('click', () => this.cancel());
    ui.vary.addEventListener('click', () => {
      const seed = Number(ui.seed.value);
      ui.seed.value = String(varySeed(Number.isFinite(seed) ? seed : DEFAULT_SETTINGS.seed));
      this.persist();
    });
    ui.preset.addEventListener('change', () => {
      const p = PRESETS[ui.preset.value];
      if (p) ui.lufs.value = String(p.targetLufs);
      this.persist();
    });
    for (const el of [ui.brief, ui.style, ui.seed, ui.duck, ui.lufs, ui.stems]) el.addEventListener('change', () => this.persist());
    ui.brief.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.run('score');
      }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.busy) this.cancel();
    });
    const audio = ui.audio;
    if (!audio) {
      // No audio element here (UXP): no preview; the score is in the sequence to play there.
      ui.play.hidden = true;
      ui.stop.hidden = true;
      ui.previewTime.hidden = true;
    } else {
      ui.play.addEventListener('click', () => void this.play());
      ui.stop.addEventListener('click', () => this.stopPreview());
      audio.addEventListener('timeupdate', () => this.showPreviewTime());
      audio.addEventListener('ended', () => this.stopPreview());
      audio.addEventListener('error', () => {
        if (audio.getAttribute('src')) this.say('error', 'The preview could not load the WAV; it is still on disk and in the project.');
      });
    }
    window.addEventListener('resize', () => {
      window.clearTimeout(this.resizeTimer);
      this.resizeTimer = window.setTimeout(() => this.drawPlan(), 100);
    });
  }

  private persist(): void {
    const s = this.read();
    if (validateSettings(s).length === 0) this.save(s);
  }

  /* ---------------------------------------------------------------- run */

  private setBusy(busy: boolean): void {
    this.busy = busy;
    ui.app.setAttribute('aria-busy', String(busy));
    ui.score.disabled = busy;
    ui.stingers.disabled = busy;
    this.showRegenState();
    if (busy) ui.progressWrap.hidden = false;
    ui.cancel.hidden = !busy;
    ui.cancel.disabled = !busy;
    document.documentElement.dataset.state = busy ? 'busy' : 'idle';
  }

  private showPhase(phase: Phase, fraction: number): void {
    ui.progress.value = overallFraction(phase, fraction);
    ui.progressLabel.textContent = phaseLabel(phase, fraction);
    ui.progressWrap.dataset.phase = phase;
  }

  private say(kind: 'error' | 'info' | '', text: string): void {
    ui.message.className = kind;
    ui.message.textContent = text;
  }

  private cancel(): void {
    if (!this.busy || !this.renders) return;
    this.cancelRequested = true;
    this.renders.cancel();
  }

  async run(kind: RunKind): Promise<void> {
    if (this.busy) return;
    if (!this.host || !this.cs) return this.say('error', 'Cuebed runs inside Premiere Pro (Window > Extensions > Cuebed); Premiere was not found.');
    if (!this.renders) return this.say('error', this.unavailable);
    const settings = this.read();
    const problems = validateSettings(settings);
    if (problems.length) {
      this.say('error', problems.map((p) => p.message).join(' '));
      const field = { seed: ui.seed, duckDb: ui.duck, targetLufs: ui.lufs, preset: ui.preset, style: ui.style } as Record<string, HTMLElement>;
      field[problems[0].field]?.focus();
      return;
    }
    this.save(settings);
    this.cancelRequested = false;
    this.setBusy(true);
    this.say('', '');
    this.showPhase('reading', 0);
    const at = ui.stingerAt.value as StingerTarget;
    let placed = false;
    try {
      const snapshot = await this.host.snapshot();
      const projectPath = await this.host.projectPath().catch(() => '');
      const documentsPath = this.cs.getSystemPath('myDocuments');
      // Premiere's own transcripts, where the host can read them (UXP): the bed ducks under the words.
      const transcripts = await this.host.transcripts().then((r) => r.media, () => []);
      const base = { snapshot, settings, projectPath, documentsPath, ...(transcripts.length ? { transcripts } : {}) };
      let job: RenderJob;
      let hostNote = '';
      if (kind === 'regen') {
        const previous = await this.lookupPrevious({ id: snapshot.sequence.id, name: snapshot.sequence.name }).catch(() => null);
        this.previous = previous;
        if (!previous) {
          this.stopProgress();
          this.say('error', NO_PREVIOUS_SCORE);
          return;
        }
        const read = await this.readClipKeys(previous.wavPath);
        hostNote = read.note;
        job = { kind, ...base, previous: { folder: previous.folder, wavPath: previous.wavPath }, clipKeys: read.keys };
      } else job = kind === 'score' ? { kind, ...base } : { kind, at, ...base };
      this.showPhase('reading', 1);
      const outcome = await this.renders.render(job, (p) => {
        const { phase, fraction } = phaseOf(p.stage, p.fraction);
        this.showPhase(phase, fraction);
      });
      this.showPhase('importing', 0);
      const note = await this.place(outcome, snapshot.sequence);
      placed = true;
      this.showPhase('done', 1);
      this.show(outcome, [this.fallbackNote, note, hostNote, outcome.kind === 'stingers' ? '' : dialogueNote(outcome.plan)].filter(Boolean).join(' '));
      this.fallbackNote = '';
    } catch (err) {
      this.fail(err);
    } finally {
      this.setBusy(false);
      if (placed || kind === 'regen') void this.refreshRegen();
    }
  }

  /**
   * The Volume keys on the previous render's clip(s), for telling the editor's own keys from
   * Cuebed's. A host without the call (or a failed read) carries nothing over, and says so.
   */
  private async readClipKeys(wavPath: string): Promise<{ keys: ClipKeyframe[] | null; note: string }> {
    try {
      const r = await (this.host as HostBridge).scoreKeys({ wavPath });
      if (r.clips.length === 0) return { keys: [], note: 'The earlier score is no longer in the sequence, so there were no Volume keys to carry over.' };
      return { keys: r.clips.flatMap((c) => c.keys), note: '' };
    } catch {
      return { keys: null, note: '' };
    }
  }

  /** renders.json: this sequence's last placed score (a failure costs only the next regeneration). */
  private async rememberPlaced(o: RenderOutcome, sequence: { id: string; name: string }): Promise<void> {
    if (o.kind === 'stingers' || !this.store) return;
    const root = o.folder.replace(/[\\/][^\\/]+[\\/]?$/, '');
    try {
      await this.store.remember(root, sequenceKey(sequence), { folder: o.folder, wavPath: o.wavPath, time: new Date().toISOString() });
    } catch {
      /* the render is placed; only "Regenerate around edits" will not find it */
    }
  }

  private stopProgress(): void {
    ui.progress.value = 0;
    ui.progressWrap.dataset.phase = 'stopped';
    ui.progressWrap.hidden = true;
  }

  /** Puts the render into the sequence; returns a note for the message line ('' when none). */
  private async place(o: RenderOutcome, sequence: { id: string; name: string }): Promise<string> {
    const host = this.host as HostBridge;
    const notes: string[] = [];
    if (o.folderNote) notes.push(`Saved in ${o.folder}: ${o.folderNote}.`);
    if (o.soundNote) notes.push(o.soundNote);
    if (o.kind === 'score' || o.kind === 'regen') {
      const version = o.folder.split(/[\\/]/).pop() ?? 'score';
      const req: PlaceScoreRequest = planToPlaceRequest(o.plan, o.wavPath, `Cuebed ${version} – ${o.plan.sequence.name}`);
      if (o.keys && !o.keys.unread) {
        req.ducking = o.keys.ducking;
        if (o.keys.editorKeys.length) req.editorKeys = o.keys.editorKeys;
      }
      // Keys in bounded calls; recorded in renders.json as soon as the clip is placed, even when
      // Premiere answers after the panel stopped waiting.
      const placed = await replaceScoreInBatches(host, req, {
        record: () => this.rememberPlaced(o, sequence),
        onLate: (late) => this.placedLate(late),
        onProgress: (written, total) => {
          if (total > KEYS_PER_CALL && written < total) this.say('info', `Writing the score's volume keyframes in Premiere: ${written} of ${total}…`);
        },
      });
      const unverified = placed.keyframes.filter((k) => !k.verified).length;
      if (placed.removed.length) notes.push(`Replaced the earlier score on track "${placed.trackName}" (it stays in the Cuebed bin).`);
      if (o.kind === 'regen') notes.push(regenNote(o));
      const stems = o.files.filter((f) => /[\\/]stems[\\/][^\\/]+\.wav$/.test(f)).length;
      if (stems) notes.push(`${stems} stems saved in ${version}/stems (not placed).`);
      if (unverified) notes.push(`${unverified} volume keyframe${unverified === 1 ? '' : 's'} did not read back as written; check the Cuebed clip's Volume.`);
    } else {
      const placed = await host.placeStingers(planToStingerRequest(o.plan, (i) => o.stingerWavs[i]));
      notes.push(`${placed.stingers.length} stinger${placed.stingers.length === 1 ? '' : 's'} on track "${placed.trackName}".`);
    }
    return notes.join(' ');
  }

  /** Premiere answered a placement the panel had stopped waiting for. */
  private placedLate(outcome: PlaceScoreResult | HostError): void {
    if (outcome instanceof HostError) this.say('error', hostErrorMessage(outcome.code, outcome.message));
    else this.say('info', `Premiere has finished placing the score on track "${outcome.trackName}"; Regenerate around edits will use it.`);
    void this.refreshRegen();
  }

  private fail(err: unknown): void {
    // Nothing was placed: no bar left standing at "Done".
    this.stopProgress();
    if (err instanceof RenderError) {
      if (err.code === 'CANCELLED' || this.cancelRequested) return this.say('info', 'Render cancelled; nothing was placed.');
      return this.say('error', err.message);
    }
    if (err instanceof HostTimeoutError && err.fn === 'addScoreKeys') {
      // The clip is placed and recorded: Regenerate around edits can use it already.
      void this.refreshRegen();
      return this.say('info', `Premiere is still writing the score's volume keyframes (${err.message}); the score is placed and recorded, and Cuebed says when the keys are done.`);
    }
    if (err instanceof HostTimeoutError && (err.fn === 'replaceScore' || err.fn === 'placeScore')) {
      return this.say('info', `Premiere is still writing the score's volume keyframes (${err.message}); Cuebed will record the render when it finishes.`);
    }
    if (err instanceof HostTimeoutError) return this.say('error', hostErrorMessage('TIMEOUT', err.message));
    if (err instanceof HostError) return this.say('error', hostErrorMessage(err.code, err.message));
    const message = err instanceof Error ? err.message : String(err);
    this.say('error', `Something went wrong: ${message}`);
  }

  /* ---------------------------------------------------------------- results */

  private show(o: RenderOutcome, note: string): void {
    this.plan = o.plan;
    this.drawPlan();
    ui.result.textContent = resultLine(o);
    ui.result.title = o.folder;
    this.say(note ? 'info' : '', note);
    const wav = o.kind === 'stingers' ? o.stingerWavs[0] ?? '' : o.wavPath;
    this.stopPreview();
    this.previewIsScore = o.kind !== 'stingers';
    if (wav && this.renders && ui.audio) {
      ui.audio.src = this.renders.mediaUrl(wav);
      ui.audio.load();
      ui.play.disabled = false;
      ui.stop.disabled = false;
    }
  }

  private drawPlan(cursorSec: number | null = null): void {
    if (!this.plan) return;
    const width = Math.max(120, ui.timeline.clientWidth - 2);
    ui.timeline.innerHTML = renderTimelineView(this.plan, { width, cursorSec });
  }

  private async play(): Promise<void> {
    try {
      await ui.audio?.play();
    } catch (err) {
      this.say('error', `The preview could not play: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private stopPreview(): void {
    if (!ui.audio) return;
    ui.audio.pause();
    if (ui.audio.readyState > 0) ui.audio.currentTime = 0;
    this.showPreviewTime();
  }

  private showPreviewTime(): void {
    if (!ui.audio) return;
    const t = ui.audio.currentTime || 0;
    ui.previewTime.textContent = ui.audio.getAttribute('src') ? formatDuration(t) : '';
    if (this.plan && this.previewIsScore) {
      const cursor = ui.timeline.querySelector<SVGLineElement>('line.cursor');
      if (cursor || t > 0) this.drawPlan(t > 0 ? t : null);
    }
  }
}

function boot(): void {
  const cs = createCSInterface();
  const host = cs ? new HostBridge(cs) : null;
  const { service, store, reason } = pickRenderService();
  const panel = new Panel(cs, host, service, store, reason);
  panel.start();
  (window as unknown as { cuebedPanel?: Panel }).cuebedPanel = panel;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
