/**
 * The small part of CEP's CSInterface the panel uses, as plain types (no DOM): the page implements
 * it over `window.__adobe_cep__` (panel/src/csinterface.ts), tests with stand-ins.
 */
export interface RGBColor {
  red: number;
  green: number;
  blue: number;
  alpha?: number;
}

export interface AppSkinInfo {
  panelBackgroundColor?: { color?: RGBColor };
  baseFontSize?: number;
  baseFontFamily?: string;
}

export interface HostEnvironment {
  appName?: string;
  appVersion?: string;
  appSkinInfo?: AppSkinInfo;
}

export interface CSEvent {
  type: string;
  data?: unknown;
}

/** What the panel calls. */
export interface CSInterfaceLike {
  evalScript(script: string, callback: (result: string) => void): void;
  getHostEnvironment(): HostEnvironment;
  addEventListener(type: string, listener: (event: CSEvent) => void): void;
  /** 'myDocuments', 'userData', 'extension' … as CSInterface's SystemPath. */
  getSystemPath(type: SystemPathType): string;
  /** CEP 6.1+: key presses (JSON list of {keyCode, ctrlKey?, metaKey?, …}) the panel gets before Premiere. */
  registerKeyEventsInterest?(keyEventsInterest: string): void;
}

export type SystemPathType = 'myDocuments' | 'userData' | 'extension';

export const THEME_COLOR_CHANGED_EVENT = 'com.adobe.csxs.events.ThemeColorChanged';

