/**
 * The panel render job's file system on Node (the CEP panel's worker, and the tests): folders
 * probed with fs, renders staged and committed by StagedOutput exactly as the CLI writes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobOutput, RenderFolder } from '../panel/output';
import { StagedOutput } from './files';

/** True when `folder` (or its nearest existing ancestor) is a writable directory. */
export function canWriteUnder(folder: string): boolean {
  let cur = path.resolve(folder);
  for (;;) {
    if (fs.existsSync(cur)) {
      try {
        if (!fs.statSync(cur).isDirectory()) return false;
        fs.accessSync(cur, fs.constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    const up = path.dirname(cur);
    if (up === cur) return false;
    cur = up;
  }
}

export const nodeJobOutput: JobOutput = {
  writable: canWriteUnder,
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  read(file) {
    const b = fs.readFileSync(file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  async begin(folder): Promise<RenderFolder> {
    const staged = new StagedOutput(folder);
    return {
      stream: (name) => staged.stream(name),
      put: (name, bytes) => staged.put(name, bytes),
      spill: (tracks, chunkFrames) => staged.spill(tracks, chunkFrames),
      commit: async () => staged.commit(),
      abort: async () => staged.abort(),
    };
  },
};
