export * from './records';
export * from './log';
export * from './recorder';
