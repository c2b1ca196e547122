export * from './types';
export * from './events';
export * from './machine';
export * from './view';
