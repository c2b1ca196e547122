export * from './burst';
export * from './holdback';
export * from './reader';
export * from './from-config';
