/** Types for scripts/make-demo-media.js (the demo interview recordings), for the test that checks them. */
export declare const DEMO_MEDIA: Record<string, { seed: number; pitch: number }>;
export declare function interview(voice: { seed: number; pitch: number }): Buffer;
