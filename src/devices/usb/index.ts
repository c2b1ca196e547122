export * from './transport';
export * from './inventory';
export * from './matches';
