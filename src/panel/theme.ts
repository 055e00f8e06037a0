/**
 * Follows the host skin: panel background from appSkinInfo, text and field colours derived so
 * that the four Premiere brightness levels (and any custom one) stay readable. Pure: panel/src/theme.ts applies it
 * and re-applies it on com.adobe.csxs.events.ThemeColorChanged.
 */
import type { RGBColor } from './csinterface';

export interface ThemeColors {
  bg: string;
  fg: string;
  muted: string;
  field: string;
  border: string;
  accent: string;
  dark: boolean;
}

const DEFAULT_BG: RGBColor = { red: 35, green: 35, blue: 35 };

function clamp(n: number): number {
  return Math.max(0, Math.min(255, Math.round(n)));
}

function shade(c: RGBColor, delta: number): string {
  return `rgb(${clamp(c.red + delta)}, ${clamp(c.green + delta)}, ${clamp(c.blue + delta)})`;
}

export function themeFrom(bg: RGBColor | undefined): ThemeColors {
  const c = bg && [bg.red, bg.green, bg.blue].every((v) => typeof v === 'number' && Number.isFinite(v)) ? bg : DEFAULT_BG;
  const luma = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
  const dark = luma < 128;
  return {
    bg: shade(c, 0),
    fg: dark ? '#e6e6e6' : '#1b1b1b',
    muted: dark ? '#a0a0a0' : '#505050',
    field: dark ? shade(c, -12) : shade(c, 18),
    border: dark ? shade(c, 38) : shade(c, -45),
    accent: dark ? '#4c9cff' : '#1565c0',
    dark,
  };
}

/**
 * A CSS colour as UXP gives its host skin (`--uxp-host-background-color`: "#323232" or
 * "rgb(50, 50, 50)"); undefined for anything else.
 */
export function cssColor(text: string | null | undefined): RGBColor | undefined {
  const t = (text ?? '').trim().toLowerCase();
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(t);
  if (m) {
    const h = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    return { red: parseInt(h.slice(0, 2), 16), green: parseInt(h.slice(2, 4), 16), blue: parseInt(h.slice(4, 6), 16) };
  }
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$/.exec(t);
  if (m) return { red: Math.min(255, +m[1]), green: Math.min(255, +m[2]), blue: Math.min(255, +m[3]) };
  return undefined;
}
