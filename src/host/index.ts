export * from './adapter';
export * from './levels';
export * from './bridge';
