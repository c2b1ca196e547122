// The démarche-view engine: the port, and what both adapters share.
export * from './port';
export * from './cdp';
export * from './notices';
export * from './file-chooser';
export * from './downloads';
export * from './page-guard';
export * from './print';
export * from './keyboard';
export * from './view';
export * from './response-headers';
