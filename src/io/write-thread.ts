/**
 * File writes on a thread of their own: a render's WAVs and its float spill are handed over
 * through a ring of shared buffers, and a worker makes the write calls (and, for outputs, flushes
 * them to disk as it goes), so the render thread does not wait on the kernel copying 170 MB per
 * 10 minutes of 24-bit stereo. A WAV may also be handed over as float frames: the worker then
 * dithers and packs them too (src/audio/wav.ts, the same encoder, so the same bytes). A
 * 10-minute CLI render spent ~0.35 s of its main thread in write calls, ~0.25 s packing 24-bit
 * samples and ~0.2 s in the closing fsync.
 *
 * Order is kept: writes run in the order they were queued. A failed write (disk full, I/O error)
 * is raised on this thread at the next call, with its errno code, so StagedOutput reports it as
 * any other write failure. `drain()` returns once everything queued is on its way to the file
 * (written, not necessarily synced); the caller closes its descriptors only after a drain.
 */
import * as fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createWavEncoder, type WavEncoder, type WavEncoderOptions } from '../audio/wav';
import type { FrameSink } from '../audio/stream';
import { THREAD_HEAP, workerScript } from './worker-ring';

const SLOTS = 8;
const SLOT_BYTES = 1 << 20;
/**
 * ctrl: [queued, written, failed]. meta per slot: [what, fd, bytes (FRAMES: the frames each
 * channel has room for, its stride in the slot), position (−1: at the file's end), flush as it
 * grows, encoder, frames, channels]. A slot is queued once full (or when something else is
 * written): a spill's 32 KB chunks go over 32 to a hand-over instead of one. Eight slots: 32 of
 * them, all in use once slots are filled, held 24 MB more of a 10-minute render's memory (164 against
 * 141 MB) with no speed to show for it within this machine's noise.
 */
const QUEUED = 0, WRITTEN = 1, FAILED = 2;
const META = 8;
/** What a slot holds: bytes to write; an encoder to open (its options as JSON); float frames for an encoder; an encoder's end. */
const BYTES = 0, OPEN = 1, FRAMES = 2, END = 3;
const STALL_SECONDS = 120;
/** An output is flushed to disk each time this much more of it has been written (the closing fsync then has little left). */
const FLUSH_EVERY = 64 << 20;

interface Job {
  ring: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
  meta: SharedArrayBuffer;
  port: MessagePort;
  writeThread: true;
}

interface Pending {
  slot: number;
  what: number;
  fd: number;
  position: number;
  flush: boolean;
  encoder: number;
  channels: number;
  /** Bytes held (BYTES, OPEN); for FRAMES, the frames one channel may hold (its stride in the slot). */
  n: number;
  frames: number;
}

export class WriteThread {
  private readonly ctrl: Int32Array;
  private readonly meta: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private queued = 0;
  /** The slot being filled, queued once full or when something else is written (order is kept). */
  private pending: Pending | null = null;
  /** Each open WAV's frames gathered and not yet handed over. */
  private readonly flushes = new Set<() => void>();
  private closed = false;
  private encoders = 0;

  private constructor(script: string) {
    const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    const ctrl = new SharedArrayBuffer(3 * 4);
    const meta = new SharedArrayBuffer(SLOTS * META * 8);
    this.bytes = new Uint8Array(ring);
    this.ctrl = new Int32Array(ctrl);
    this.meta = new Float64Array(meta);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(script, { workerData: { ring, ctrl, meta, port: port2, writeThread: true } satisfies Job, transferList: [port2], resourceLimits: THREAD_HEAP });
    this.worker.unref();
  }

  /** A write thread, or null where there is no compiled worker script to run (under vitest without a build). */
  static open(): WriteThread | null {
    const script = workerScript('write-thread');
    return script ? new WriteThread(script) : null;
  }

  /**
   * Queues `bytes` (copied: the caller may reuse its buffer) for fd at `position`, or at the
   * file's end when position is null. `flush`: flush this file to disk as it grows.
   */
  write(fd: number, bytes: Uint8Array, position: number | null, flush: boolean): void {
    for (let off = 0; off < bytes.length;) {
      const p = this.pending;
      const at = position === null ? -1 : position + off;
      // a write that continues the open slot's joins it (a spill's chunks are 32 KB each)
      const joins = p !== null && p.what === BYTES && p.fd === fd && p.flush === flush && p.n < SLOT_BYTES &&
        (at < 0 ? p.position < 0 : p.position >= 0 && p.position + p.n === at);
      if (!joins) this.open(BYTES, fd, at, flush, 0, 0);
      const slot = this.pending as Pending;
      const n = Math.min(SLOT_BYTES - slot.n, bytes.length - off);
      this.bytes.set(bytes.subarray(off, off + n), slot.slot * SLOT_BYTES + slot.n);
      slot.n += n;
      off += n;
    }
  }

  /**
   * A WAV written to fd (from its start) from float frames: the thread encodes them as
   * createWavEncoder(options) would and writes header, data and trailer, flushing as it grows.
   */
  encoded(fd: number, options: WavEncoderOptions): FrameSink {
    const id = ++this.encoders;
    const json = new TextEncoder().encode(JSON.stringify(options));
    if (json.length > SLOT_BYTES) throw new Error('WAV options too large for the write thread');
    this.open(OPEN, fd, -1, true, id, 0);
    this.bytes.set(json, (this.pending as Pending).slot * SLOT_BYTES);
    (this.pending as Pending).n = json.length;
    // a slot holds its frames channel by channel, each channel `perSlot` frames apart; they are
    // gathered here until a slot is full: a render with stems writes its seven WAVs a chunk at a
    // time in turn, and one open slot for all of them went over one 32 KB chunk at a time
    const channels = Math.max(1, options.channels);
    const perSlot = Math.floor(SLOT_BYTES / (4 * channels));
    const stage = Array.from({ length: channels }, () => new Float32Array(perSlot));
    let staged = 0;
    const flush = (): void => {
      if (staged === 0) return;
      this.open(FRAMES, fd, -1, true, id, channels);
      const slot = this.pending as Pending;
      for (let c = 0; c < channels; c++) new Float32Array(this.bytes.buffer, slot.slot * SLOT_BYTES + 4 * c * perSlot, staged).set(stage[c].subarray(0, staged));
      slot.frames = staged;
      slot.n = perSlot;
      this.commit();
      staged = 0;
    };
    this.flushes.add(flush);
    return {
      writeFrames: (chs, n) => {
        for (let at = 0; at < n;) {
          const k = Math.min(perSlot - staged, n - at);
          for (let c = 0; c < chs.length; c++) stage[c].set(chs[c].subarray(at, at + k), staged);
          staged += k;
          at += k;
          if (staged === perSlot) flush();
        }
      },
      close: () => {
        flush();
        this.flushes.delete(flush);
        this.open(END, fd, -1, true, id, 0);
        this.commit();
      },
    };
  }

  /** Queues the open slot, if any, then takes a free one for `what` (waiting while the ring is full). */
  private open(what: number, fd: number, position: number, flush: boolean, encoder: number, channels: number): void {
    this.commit();
    this.wait(SLOTS - 1);
    this.pending = { slot: this.queued % SLOTS, what, fd, position, flush, encoder, channels, n: 0, frames: 0 };
  }

  /** Hands the open slot to the thread. */
  private commit(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const m = p.slot * META, meta = this.meta;
    meta[m] = p.what; meta[m + 1] = p.fd; meta[m + 2] = p.n; meta[m + 3] = p.position; meta[m + 4] = p.flush ? 1 : 0;
    meta[m + 5] = p.encoder; meta[m + 6] = p.frames; meta[m + 7] = p.channels;
    this.queued++;
    Atomics.store(this.ctrl, QUEUED, this.queued);
    // the thread sleeps until a slot is queued; a notify with nobody waiting costs no system call
    Atomics.notify(this.ctrl, QUEUED);
  }

  /** Waits until every queued write has been made; raises a failed one. */
  drain(): void {
    for (const flush of this.flushes) flush();
    this.commit();
    this.wait(0);
  }

  /** Stops the thread (after a drain, or to give up on what is queued). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }

  /** Waits until at most `pending` writes are queued and not yet made. */
  private wait(pending: number): void {
    const c = this.ctrl;
    for (let waited = 0; ; waited++) {
      this.raise();
      const written = Atomics.load(c, WRITTEN);
      if (this.queued - written <= pending) return;
      if (waited >= STALL_SECONDS) throw Object.assign(new Error(`writes stopped (none finished for ${STALL_SECONDS} s)`), { code: 'EIO' });
      Atomics.wait(c, WRITTEN, written, 1000);
    }
  }

  private raise(): void {
    if (!Atomics.load(this.ctrl, FAILED)) return;
    const msg = receiveMessageOnPort(this.port)?.message as { message?: string; code?: string } | undefined;
    throw Object.assign(new Error(msg?.message ?? 'a write failed'), { code: msg?.code ?? 'EIO' });
  }
}

/** The worker side: make each queued write (or encoding) in order. */
function runWriter(job: Job): void {
  const c = new Int32Array(job.ctrl), meta = new Float64Array(job.meta), bytes = new Uint8Array(job.ring);
  const sinceFlush = new Map<number, number>();
  const encoders = new Map<number, WavEncoder>();
  const put = (fd: number, data: Uint8Array, position: number, flush: boolean): void => {
    for (let off = 0; off < data.length;) {
      const w = fs.writeSync(fd, data, off, data.length - off, position < 0 ? null : position + off);
      if (!(w > 0)) throw Object.assign(new Error('write made no progress'), { code: 'ENOSPC' });
      off += w;
    }
    if (flush) {
      const since = (sinceFlush.get(fd) ?? 0) + data.length;
      sinceFlush.set(fd, since >= FLUSH_EVERY ? 0 : since);
      if (since >= FLUSH_EVERY) fs.fdatasyncSync(fd);
    }
  };
  for (let k = 0; ; k++) {
    while (Atomics.load(c, QUEUED) <= k) Atomics.wait(c, QUEUED, k);
    const slot = k % SLOTS, m = slot * META, at = slot * SLOT_BYTES;
    const what = meta[m], fd = meta[m + 1], n = meta[m + 2], position = meta[m + 3], flush = meta[m + 4] === 1, id = meta[m + 5];
    try {
      if (what === BYTES) put(fd, bytes.subarray(at, at + n), position, flush);
      else if (what === OPEN) {
        const enc = createWavEncoder(JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + n))) as WavEncoderOptions);
        encoders.set(id, enc);
        put(fd, enc.header, -1, flush);
      } else if (what === FRAMES) {
        const frames = meta[m + 6], channels = meta[m + 7], stride = n;
        const floats = new Float32Array(job.ring, at, stride * channels);
        const chs = Array.from({ length: channels }, (_, ch) => floats.subarray(ch * stride, ch * stride + frames));
        put(fd, (encoders.get(id) as WavEncoder).encodeBlock(chs, frames), -1, flush);
      } else {
        put(fd, (encoders.get(id) as WavEncoder).trailer, -1, flush);
        encoders.delete(id);
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      job.port.postMessage({ message: e.message, code: e.code ?? 'EIO' });
      Atomics.store(c, FAILED, 1);
      Atomics.notify(c, WRITTEN);
      return;
    }
    Atomics.store(c, WRITTEN, k + 1);
    Atomics.notify(c, WRITTEN);
  }
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.writeThread) runWriter(workerData as Job);
