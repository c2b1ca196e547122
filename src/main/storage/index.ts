export { clearElectronSession, hardenDemarcheSession, privacySwitches, setupSessionPaths, type SessionPathsResult } from './session-paths';
