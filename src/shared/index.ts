export * from './config';
export * from './session';
export * from './ipc';
