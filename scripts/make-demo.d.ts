/** Types for scripts/make-demo.js (the demo sequence generator), for the tests that use it. */
export type Shot = [name: string, frames: number, inFrame?: number];
export const DEMO_SHOTS: Shot[];
export const DEMO_DIALOGUE: Array<[string, number, number]>;
export const DEMO_MARKERS: Array<[string, string, number]>;
export function demoXml(shots?: Shot[], dialogue?: Array<[string, number, number]>, markers?: Array<[string, string, number]>, title?: [number, number]): string;
