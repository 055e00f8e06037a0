/**
 * Issue 15 point 8 (UXP Windows detection): UXP documents `os.platform()`; `navigator.platform` is a
 * browser property UXP need not fill. The plugin asks the os module first.
 */
import { describe, expect, it } from 'vitest';
import { isWindowsHost } from '../../src/panel/paths';

describe('isWindowsHost', () => {
  it('follows os.platform(), whatever navigator says', () => {
    expect(isWindowsHost({ platform: () => 'win32' }, undefined)).toBe(true);
    expect(isWindowsHost({ platform: () => 'win32' }, { platform: '' })).toBe(true);
    expect(isWindowsHost({ platform: () => 'darwin' }, { platform: 'Win32' })).toBe(false);
  });
  it('falls back to navigator.platform only without os.platform()', () => {
    expect(isWindowsHost({}, { platform: 'Win32' })).toBe(true);
    expect(isWindowsHost({ platform: () => { throw new Error('no'); } }, { platform: 'MacIntel' })).toBe(false);
    expect(isWindowsHost({}, undefined)).toBe(false);
  });
});
