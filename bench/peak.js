'use strict';
/**
 * Preloaded into a measured child (`node -r bench/peak.js bin/cuebed.js …`): at exit, writes the
 * process's own peak RSS (VmHWM; see ownPeakRssMb in run.js), CPU time (all threads: the render
 * worker included) and the temporary disk its float spill reached (the furthest byte written to a
 * `*.spill` file, src/io/files.ts; its size when it is removed, as its writes may come from the
 * write thread, src/io/write-thread.ts) to $CUEBED_BENCH_PEAK.
 */
const fs = require('fs');

const spillFds = new Map();
let spillBytes = 0;
if (process.env.CUEBED_BENCH_PEAK) {
  const { openSync, writeSync, rmSync } = fs;
  fs.rmSync = function (file, ...rest) {
    if (String(file).endsWith('.spill')) {
      try {
        spillBytes = Math.max(spillBytes, fs.statSync(file).size);
      } catch {
        // already gone
      }
    }
    return rmSync.call(this, file, ...rest);
  };
  fs.openSync = function (file, ...rest) {
    const fd = openSync.call(this, file, ...rest);
    if (String(file).endsWith('.spill')) spillFds.set(fd, 0);
    return fd;
  };
  fs.writeSync = function (fd, buffer, offset, length, position, ...rest) {
    const n = writeSync.call(this, fd, buffer, offset, length, position, ...rest);
    if (spillFds.has(fd) && typeof position === 'number') spillBytes = Math.max(spillBytes, position + n);
    return n;
  };
}

process.on('exit', () => {
  const file = process.env.CUEBED_BENCH_PEAK;
  if (!file) return;
  let mb = process.resourceUsage().maxRSS / 1024;
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) mb = Number(m[1]) / 1024;
  } catch {
    // no procfs: ru_maxrss
  }
  const cpu = process.cpuUsage();
  fs.writeFileSync(file, JSON.stringify({ maxRssMb: mb, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, spillBytes }));
});
