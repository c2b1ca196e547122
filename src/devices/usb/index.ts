export * from './transport';
export * from './inventory';
export * from './matches';
export * from './hotplug-refresh';
