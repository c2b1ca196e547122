export * from './clock';
export * from './emitter';
export * from './transport';
export * from './link';
export * from './keyboard';
