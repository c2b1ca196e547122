export * from './burst';
export * from './reader';
