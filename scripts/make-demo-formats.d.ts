/** Types for scripts/make-demo-formats.js (the demo edit as OTIO and FCPXML), for the tests that use it. */
import type { Shot } from './make-demo';
type Dialogue = Array<[string, number, number]>;
type Markers = Array<[string, string, number]>;
export function otioDemo(shots?: Shot[], dialogue?: Dialogue, markers?: Markers, title?: [number, number]): unknown;
export function fcpxmlDemo(shots?: Shot[], dialogue?: Dialogue, markers?: Markers, title?: [number, number]): string;
