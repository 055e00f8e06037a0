/** Applies the host skin to the page, now and on every theme change (see src/panel/theme.ts). */
import { themeFrom, type ThemeColors } from '../../src/panel/theme';
import { THEME_COLOR_CHANGED_EVENT, type CSInterfaceLike } from './csinterface';

export function applyTheme(root: HTMLElement, t: ThemeColors): void {
  root.style.setProperty('--bg', t.bg);
  root.style.setProperty('--fg', t.fg);
  root.style.setProperty('--muted', t.muted);
  root.style.setProperty('--field', t.field);
  root.style.setProperty('--border', t.border);
  root.style.setProperty('--accent', t.accent);
  root.dataset.theme = t.dark ? 'dark' : 'light';
  // Native checkboxes and select arrows follow color-scheme: light ones on a dark skin otherwise.
  root.style.setProperty('color-scheme', t.dark ? 'dark' : 'light');
}

/** Premiere's UI font first (appSkinInfo.baseFontFamily), the page's own stack behind it. */
export function fontStack(family: string | undefined): string | null {
  const name = (family ?? '').trim();
  if (!name || /[;{}<>"\\]/.test(name)) return null;
  return `"${name}", system-ui, -apple-system, "Segoe UI", sans-serif`;
}

/** Applies the host skin now and whenever it changes. */
export function followHostTheme(cs: CSInterfaceLike | null, root: HTMLElement): void {
  const apply = () => {
    const skin = cs?.getHostEnvironment().appSkinInfo;
    applyTheme(root, themeFrom(skin?.panelBackgroundColor?.color));
    if (skin?.baseFontSize) root.style.setProperty('--font-size', `${skin.baseFontSize}px`);
    const font = fontStack(skin?.baseFontFamily);
    if (font) root.style.setProperty('--font-family', font);
  };
  apply();
  cs?.addEventListener(THEME_COLOR_CHANGED_EVENT, apply);
}
