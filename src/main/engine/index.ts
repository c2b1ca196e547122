// The Electron adapter of the démarche-view engine port.
export { createElectronEngine, type ElectronEngineOptions } from './electron-engine';
