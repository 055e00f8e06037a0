import * as fs from 'node:fs';
import type { PcmSource } from '../regen/wav';

/**
 * A previous render's score.wav read in blocks (regeneration copies kept music from it): an open
 * descriptor and positioned reads, so an hour of 24-bit audio (1 GB) is never held whole.
 */
export function openPcmSource(file: string): PcmSource & { close(): void } {
  const fd = fs.openSync(file, 'r');
  let open = true;
  try {
    const size = fs.fstatSync(fd).size;
    // one buffer, reused: the reader keeps nothing past its next read (a fresh 0.4 MB buffer per
    // block made the collector a quarter of a regeneration's time)
    let buf = Buffer.allocUnsafe(0);
    return {
      size,
      read: (offset, length) => {
        const n = Math.max(0, Math.min(length, size - offset));
        if (buf.length < n) buf = Buffer.allocUnsafe(n);
        let got = 0;
        while (got < n) {
          const r = fs.readSync(fd, buf, got, n - got, offset + got);
          if (r === 0) break;
          got += r;
        }
        return buf.subarray(0, got);
      },
      close: () => {
        if (open) fs.closeSync(fd);
        open = false;
      },
    };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}
