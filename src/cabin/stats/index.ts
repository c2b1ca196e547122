export * from './monthly';
export * from './csv';
