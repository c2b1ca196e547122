// Pure decisions of the démarche view, shared by every engine adapter, main and the tests.
export * from './hosts';
export * from './navigation';
export * from './downloads';
export * from './permissions';
export * from './shortcuts';
export * from './file-chooser';
export * from './one-time-code';
export * from './payment';
export * from './visio-permissions';
