export * from './ticks';
export * from './rate';
export * from './timecode';
