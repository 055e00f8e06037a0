'use strict';
/**
 * Preloaded into a measured child (`node -r bench/peak.js bin/cuebed.js …`): at exit, writes the
 * process's own peak RSS (VmHWM; see ownPeakRssMb in run.js) and CPU time to $CUEBED_BENCH_PEAK.
 */
const fs = require('fs');

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
  fs.writeFileSync(file, JSON.stringify({ maxRssMb: mb, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 }));
});
