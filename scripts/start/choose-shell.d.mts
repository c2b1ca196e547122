// Types of scripts/start/choose-shell.mjs (plain JS, like scripts/ensure-system.mjs: `npm start` runs it before tsx exists).
export type Shell = 'electron' | 'chromium';
export type StepResult = { ok: true } | { ok: false; reason: string };
export type StartArgs = {
  ok: true;
  forced: Shell | null;
  forcedBy: string | null;
  config: { given: string; from: '--config' | 'CABINE_CONFIG' } | null;
  shellArgs: string[];
};
export type StartError = { ok: false; code: number; message: string };
export type Facts = {
  forced: Shell | null;
  forcedBy?: string | null;
  electronPresent: boolean;
  electronInstall?: StepResult;
  chromium?: StepResult & { override?: string };
};
export type Decision =
  | { kind: 'run'; shell: Shell; line: string }
  | { kind: 'step'; step: 'install-electron' | 'ensure-chromium' }
  | { kind: 'fail'; code: number; line: string };
export declare const SHELLS: readonly Shell[];
export declare const CHROMIUM_PACKAGE: string;
export declare const CHROMIUM_L10N_PACKAGE: string;
export declare const DEFAULT_INSTALL_TIMEOUT_MS: number;
export declare function parseStartArgs(argv: readonly string[], env: Record<string, string | undefined>, cwd: string): StartArgs | StartError;
export declare function configProblem(config: StartArgs['config'], cwd: string, kindOf: (file: string) => 'file' | 'directory' | 'missing' | 'other'): string | null;
export declare function chooseShell(facts: Facts): Decision;
export declare function installFailureReason(output: string, end: { code: number | null; signal?: string | null; timedOutAfterMs?: number | null }): string;
export declare function formatMs(ms: number): string;
export declare function installTimeoutMs(env: Record<string, string | undefined>): number;
