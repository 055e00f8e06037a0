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
}

/** Applies the host skin now and whenever it changes. */
export function followHostTheme(cs: CSInterfaceLike | null, root: HTMLElement): void {
  const apply = () => {
    const skin = cs?.getHostEnvironment().appSkinInfo;
    applyTheme(root, themeFrom(skin?.panelBackgroundColor?.color));
    if (skin?.baseFontSize) root.style.setProperty('--font-size', `${skin.baseFontSize}px`);
  };
  apply();
  cs?.addEventListener(THEME_COLOR_CHANGED_EVENT, apply);
}
