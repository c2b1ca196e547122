// Types of scripts/start/shells.mjs.
import type { StepResult } from './choose-shell.mjs';
export declare const ROOT: string;
export declare const CHROMIUM_SHELL_ENTRY: string;
export declare function electronBinary(root?: string, env?: Record<string, string | undefined>): string | null;
export declare function runElectronInstaller(options: {
  timeoutMs: number;
  installer?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<StepResult & { output: string; ms: number }>;
export declare function installElectron(options: {
  timeoutMs: number;
  root?: string;
  env?: Record<string, string | undefined>;
  installer?: string;
  log?: (line: string) => void;
}): Promise<StepResult>;
export declare function ensureChromium(env?: Record<string, string | undefined>, install?: (names: string[]) => void, exe?: string, frenchPak?: string): StepResult & { override?: string };
export declare function buildIfStale(root?: string): number | null;
export declare function runElectron(electron: string, args: string[], root?: string): void;
export declare function chromiumShellEntry(env?: Record<string, string | undefined>, root?: string): string;
export declare function runChromium(args: string[], entry?: string, root?: string): void;
