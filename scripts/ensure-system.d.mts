// Types of scripts/ensure-system.mjs (plain JS: it runs on a fresh clone before `npm ci`).
export declare const SYSTEM_PACKAGES: { run: string[]; test: string[] };
export declare const ELECTRON_TOOLING: string[];
export declare const ELECTRON_TOOLING_NODE: string;
export declare function satisfiesRange(version: string, range: string | undefined): boolean | null;
export declare function packagesAboveNode(nodeModules: string, version?: string): { name: string; version: string; node: string }[];
export declare function explainEngineWarnings(nodeModules?: string): void;
export declare function ensureSystem(kind: 'run' | 'test'): void;
export declare function ensurePackages(names: string[]): void;
export declare function ensureNodeModules(): void;
