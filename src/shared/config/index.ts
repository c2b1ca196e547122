export * from './schema';
export * from './validate';
export { defaultConfig, DEFAULT_REFERENT_PIN, DEFAULT_TECHNICIAN_CODE } from './default-config';
