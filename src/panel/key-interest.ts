/**
 * The keys the panel handles itself: Ctrl+Enter (⌘+Enter on macOS) scores from the brief, Esc
 * cancels a render. CEP sends key presses in a panel to Premiere first unless the panel registers
 * an interest in them (CSInterface.registerKeyEventsInterest, CEP 6.1+), so without this Premiere
 * may take Enter and Esc for itself. Key codes are the platform's own: Windows virtual-key codes
 * (VK_RETURN 13, VK_ESCAPE 27), macOS kVK codes (kVK_Return 36, kVK_ANSI_KeypadEnter 76,
 * kVK_Escape 53); a Windows code on macOS would be another key (13 is W there), hence per platform.
 */
export interface KeyInterest {
  keyCode: number;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

export function panelKeyInterest(mac: boolean): KeyInterest[] {
  if (!mac) return [{ keyCode: 27 }, { keyCode: 13, ctrlKey: true }];
  // ⌘ is metaKey; Ctrl+Return as well, since some CEP builds report ⌘ as ctrlKey.
  return [{ keyCode: 53 }, ...[36, 76].flatMap((keyCode) => [{ keyCode, metaKey: true }, { keyCode, ctrlKey: true }])];
}
