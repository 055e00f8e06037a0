/**
 * The RenderService implementations the page can use:
 *  - in CEP (Node enabled, mixed context): WorkerRenderService on a worker_threads Worker running
 *    panel/dist/render-worker.js next to this page, or that file's renderer in the page itself
 *    when no worker can start;
 *  - in UXP (no Node, no workers): the InProcessRenderService uxp/src/install.ts puts on window,
 *    which renders in the panel itself over UXP's fs;
 *  - elsewhere (the browser test): EndpointRenderService over three functions the embedding
 *    environment puts on window (the test exposes them from Node with Playwright).
 */
import { FallbackRenderService, cepRenderers } from '../../src/panel/fallback-service';
import { isWindowsHost } from '../../src/panel/paths';
import {
  RenderError, lastRender, nodeSidecarFs, rememberRender,
  type NodeFsLike, type RenderEntry, type RenderJob, type RenderOutcome, type RenderProgress, type RenderService, type WorkerMessage,
} from '../../src/panel';

/**
 * Where the panel remembers the last render per sequence (Cuebed/renders.json, src/panel/sidecar.ts):
 * on the panel's Node side, so it needs CEP's Node or the test's endpoint.
 */
export interface RenderStore {
  /** The sequence's last placed render among `roots` (Cuebed folders), or null. */
  lastRender(roots: string[], sequenceId: string): Promise<RenderEntry | null>;
  /** Records a placed render in `<root>/renders.json`. */
  remember(root: string, sequenceId: string, entry: RenderEntry): Promise<void>;
}

/** RenderStore over Node's fs (CEP mixed context: the page's own require). */
export class NodeRenderStore implements RenderStore {
  private readonly fs;
  constructor(fs: NodeFsLike) {
    this.fs = nodeSidecarFs(fs);
  }
  async lastRender(roots: string[], sequenceId: string): Promise<RenderEntry | null> {
    return lastRender(this.fs, roots, sequenceId);
  }
  async remember(root: string, sequenceId: string, entry: RenderEntry): Promise<void> {
    rememberRender(this.fs, root, sequenceId, entry);
  }
}

/** A RenderService that can also turn a written file into a URL the page can load (audio preview). */
export interface PanelRenderService extends RenderService {
  mediaUrl(path: string): string;
}

/** Functions a non-CEP environment provides for EndpointRenderService. */
export interface RenderEndpoint {
  cuebedRenderStart(job: RenderJob): Promise<number>;
  cuebedRenderPoll(id: number): Promise<WorkerMessage[]>;
  cuebedRenderCancel(id: number): Promise<void>;
  cuebedMediaUrl?(path: string): string;
  /** The sidecar store, when the environment has one (RenderStore's two calls). */
  cuebedLastRender?(roots: string[], sequenceId: string): Promise<RenderEntry | null>;
  cuebedRemember?(root: string, sequenceId: string, entry: RenderEntry): Promise<void>;
}

type NodeRequire = (id: string) => unknown;

declare global {
  interface Window {
    cep_node?: { require: NodeRequire };
    cep?: unknown;
  }
}

/** `require` in CEP: `cep_node.require` on some hosts, the global in mixed context on others. */
export function nodeRequire(w: Window = window): NodeRequire | null {
  if (w.cep_node && typeof w.cep_node.require === 'function') return w.cep_node.require;
  const g = w as unknown as { require?: NodeRequire };
  return typeof g.require === 'function' ? g.require : null;
}

/** file:///…/panel/dist/index.html → /…/panel/dist (Windows: C:\…). */
export function pageFolder(href: string): string {
  const url = new URL('.', href);
  let p = decodeURIComponent(url.pathname);
  if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1).replace(/\//g, '\\');
  return p.replace(/[\\/]$/, '');
}

export function fileUrl(path: string): string {
  const norm = path.replace(/\\/g, '/');
  return 'file://' + (norm.startsWith('/') ? '' : '/') + norm.split('/').map(encodeURIComponent).join('/');
}

/**
 * CEP: the worker, or — when worker_threads cannot start in this NW.js — the same job in the page
 * (render-worker.js exports it as inProcessRenderService), slower to respond but complete.
 */
export class CepRenderService extends FallbackRenderService implements PanelRenderService {
  constructor(req: NodeRequire, workerPath: string) {
    super(...cepRenderers(req, workerPath));
  }
  mediaUrl(path: string): string {
    return fileUrl(path);
  }
}

export class EndpointRenderService implements PanelRenderService {
  readonly name = 'endpoint';
  private currentId: number | null = null;
  private cancelled: (() => void) | null = null;

  constructor(
    private readonly endpoint: RenderEndpoint,
    private readonly pollMs = 100,
  ) {}

  async render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome> {
    if (this.currentId !== null) throw new RenderError('INTERNAL', 'A render is already running; wait for it or cancel it.');
    const id = await this.endpoint.cuebedRenderStart(job);
    this.currentId = id;
    try {
      return await new Promise<RenderOutcome>((resolve, reject) => {
        let stop = false;
        this.cancelled = () => {
          stop = true;
          reject(new RenderError('CANCELLED', 'Render cancelled.'));
        };
        const tick = async () => {
          if (stop) return;
          let messages: WorkerMessage[];
          try {
            messages = await this.endpoint.cuebedRenderPoll(id);
          } catch (err) {
            reject(new RenderError('INTERNAL', `Lost the render service: ${err instanceof Error ? err.message : String(err)}`));
            return;
          }
          for (const m of messages) {
            if (stop) return;
            if (m.type === 'progress') onProgress(m.progress);
            else if (m.type === 'done') return resolve(m.outcome);
            else return reject(new RenderError(m.failure.code, m.failure.message));
          }
          setTimeout(tick, this.pollMs);
        };
        void tick();
      });
    } finally {
      this.currentId = null;
      this.cancelled = null;
    }
  }

  cancel(): void {
    if (this.currentId === null) return;
    void this.endpoint.cuebedRenderCancel(this.currentId);
    this.cancelled?.();
  }

  mediaUrl(path: string): string {
    return this.endpoint.cuebedMediaUrl ? this.endpoint.cuebedMediaUrl(path) : fileUrl(path);
  }
}

/** What a host installs before the page boots to render in the page itself (the UXP plugin: uxp/src/install.ts). */
export interface InstalledRenderService {
  cuebedRenderService?: PanelRenderService;
  cuebedRenderStore?: RenderStore;
}

/** The service (and sidecar store) for this environment, or null with the reason. */
export function pickRenderService(w: Window = window): { service: PanelRenderService | null; store: RenderStore | null; reason: string } {
  const installed = w as unknown as InstalledRenderService;
  if (installed.cuebedRenderService) return { service: installed.cuebedRenderService, store: installed.cuebedRenderStore ?? null, reason: '' };
  const endpoint = w as unknown as Partial<RenderEndpoint>;
  if (typeof endpoint.cuebedRenderStart === 'function' && typeof endpoint.cuebedRenderPoll === 'function' && typeof endpoint.cuebedRenderCancel === 'function') {
    const e = endpoint as RenderEndpoint;
    const store: RenderStore | null =
      typeof e.cuebedLastRender === 'function' && typeof e.cuebedRemember === 'function'
        ? { lastRender: (roots, id) => (e.cuebedLastRender as NonNullable<RenderEndpoint['cuebedLastRender']>)(roots, id), remember: (root, id, entry) => (e.cuebedRemember as NonNullable<RenderEndpoint['cuebedRemember']>)(root, id, entry) }
        : null;
    return { service: new EndpointRenderService(e), store, reason: '' };
  }
  const req = nodeRequire(w);
  if (req) {
    // Node's os.platform() where the page has Node (as UXP's os), the navigator only as a fallback.
    let os: { platform?: () => string } = {};
    try {
      os = req('os') as { platform?: () => string };
    } catch {
      os = {};
    }
    const sep = isWindowsHost(os, w.navigator) ? '\\' : '/';
    let store: RenderStore | null = null;
    try {
      store = new NodeRenderStore(req('fs') as NodeFsLike);
    } catch {
      store = null;
    }
    return { service: new CepRenderService(req, pageFolder(w.location.href) + sep + 'render-worker.js'), store, reason: '' };
  }
  return { service: null, store: null, reason: 'Rendering needs the panel\'s Node.js side (CEP with --enable-nodejs); open Cuebed from Window > Extensions in Premiere Pro.' };
}
