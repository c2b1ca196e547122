// Per-session RAM-backed storage: session directories, documents, pre-warm, the self-verifying
// wipe, the boot sweep, and the canary search the residue audit uses.
export { createSessionLifecycle, lifecycleActors, storageEventLevel, WIPE_STEPS } from './lifecycle';
export type {
  BootSweepResult,
  ClaimedSession,
  PrintPurger,
  SessionLifecycle,
  SessionLifecycleOptions,
  StorageLogEntry,
  WipeResult,
  WipeStep,
} from './lifecycle';
export { createDocumentRegistry, DocumentOutsideSessionError } from './documents';
export type { DocumentRegistry, NewDocument, SessionDocument } from './documents';
export {
  describeStorage,
  ForeignDirectoryError,
  MAX_RAM_ROOT_LENGTH,
  prepareRamRoot,
  RAM_ROOT_MARKER,
  RamRootTooLongError,
  StorageNotRamError,
} from './ram-root';
export type { RamRootStatus, StorageInfo } from './ram-root';
export { isSessionId, newSessionId, sessionPaths } from './session-dirs';
export type { SessionPaths } from './session-dirs';
export { WipeVerificationError } from './verify';
export type { WatchedRoot, WipeProblem, WipeProblemKind } from './verify';
export { canaryPatterns, searchCanary } from './canary';
export type { CanaryEncoding, CanaryHit, CanarySearchResult } from './canary';
export { findHolders } from './processes';
export { cupsSpoolWatch } from './watch';
