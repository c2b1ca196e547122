export * from './decode';
export * from './sensor';
export * from './learn';
export * from './from-config';
