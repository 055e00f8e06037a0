export * from './surface';
export * from './adapter';
export * from './transcript';
export * from './dispatch';
