import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Debian's chromium and ffmpeg drive the browser tests and the independent loudness check. On a
 * developer machine without them those tests skip; CI installs both and sets CUEBED_REQUIRE_TOOLS=1,
 * so there a missing tool fails the run instead of silently skipping the checks.
 */
export function systemTool(name: 'chromium' | 'ffmpeg'): boolean {
  const present = name === 'chromium' ? fs.existsSync('/usr/bin/chromium') : spawnSync('ffmpeg', ['-version']).status === 0;
  if (!present && process.env.CUEBED_REQUIRE_TOOLS === '1') {
    throw new Error(`${name} is required (CUEBED_REQUIRE_TOOLS=1) but not installed: apt-get install -y ${name}`);
  }
  return present;
}
