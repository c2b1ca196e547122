#!/usr/bin/env node
// `npm test`: everything a fresh Debian/Ubuntu machine needs, then every suite, then one line:
//   N passed, N failed, N skipped
// 1. installs what is missing (apt packages, npm ci) — scripts/ensure-system.mjs
// 2. type-checks and lints
// 3. starts the private CUPS + SANE test environment once, for every suite (scripts/test-env/test-env.sh)
// 4. runs the suites: unit, integration (CUPS, SANE), engine (Chromium), e2e (renderer in Chromium),
//    electron (Playwright _electron; skipped, with the reason, where no Electron binary exists)
// 5. stops what it started.
// `npm test -- unit engine` runs only those suites (the checks and environment still run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystem } from './ensure-system.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results', 'summary');

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, crashed?: string, notes: string[] }} SuiteResult */

const SUITES = {
  unit: () => vitest('unit'),
  integration: () => vitest('integration'),
  engine: () => vitest('engine'),
  e2e: () => playwright('e2e', 'playwright.config.ts'),
  electron: () => playwright('electron', 'playwright.electron.config.ts'),
};

function vitest(project) {
  const out = path.join(resultsDir, `${project}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    stdio: 'inherit',
    env: process.env,
  });
  /** @type {SuiteResult} */
  const res = { name: project, passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!existsSync(out)) return { ...res, crashed: `vitest exited with ${r.status} and wrote no report` };
  const j = JSON.parse(readFileSync(out, 'utf8'));
  res.passed = j.numPassedTests;
  res.failed = j.numFailedTests;
  res.skipped = j.numPendingTests + j.numTodoTests;
  if (j.numTotalTests === 0) res.notes.push('no tests found');
  // A skip must never be silent: name the files whose tests were skipped.
  const skippedIn = new Map();
  for (const f of j.testResults ?? [])
    for (const a of f.assertionResults ?? [])
      if (a.status === 'skipped' || a.status === 'pending' || a.status === 'todo') skippedIn.set(f.name, (skippedIn.get(f.name) ?? 0) + 1);
  for (const [file, n] of skippedIn) res.notes.push(`skipped: ${n} in ${path.relative(root, file)}`);
  // A file that fails to load counts no test: count it as a failure.
  const brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
  res.failed += brokenFiles.length;
  for (const f of brokenFiles) res.notes.push(`failed to run: ${path.relative(root, f.name)} — ${firstLine(f.message)}`);
  // CI keeps only the end of the log: name each failed test there, with the first line of its error.
  for (const f of j.testResults ?? [])
    for (const a of f.assertionResults ?? [])
      if (a.status === 'failed')
        res.notes.push(
          `failed: ${path.relative(root, f.name)} › ${a.fullName ?? a.title} (${Math.round(a.duration ?? 0)} ms) — ${firstLine(a.failureMessages?.[0])}`,
        );
  if (r.status !== 0 && res.failed === 0) res.crashed = `vitest exited with ${r.status}`;
  return res;
}

function playwright(name, config) {
  const out = path.join(resultsDir, `${name}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(bin('playwright'), ['test', '-c', config, '--reporter=list,json'], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  /** @type {SuiteResult} */
  const res = { name, passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!existsSync(out)) return { ...res, crashed: `playwright exited with ${r.status} and wrote no report` };
  const j = JSON.parse(readFileSync(out, 'utf8'));
  res.passed = (j.stats.expected ?? 0) + (j.stats.flaky ?? 0);
  res.failed = j.stats.unexpected ?? 0;
  res.skipped = j.stats.skipped ?? 0;
  // Say why tests were skipped: a skip must never be silent.
  const reasons = new Set();
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) for (const a of t.annotations ?? []) if (a.type === 'skip' && a.description) reasons.add(a.description);
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of j.suites ?? []) walk(s);
  // CI keeps only the end of the log: name each failed test there, with the first line of its error.
  const failedIn = (suite, titles) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected') {
          const last = t.results?.[t.results.length - 1];
          res.notes.push(`failed: ${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')} — ${firstLine(last?.error?.message)}`);
        }
    for (const s of suite.suites ?? []) failedIn(s, s.title && !s.title.endsWith('.ts') ? [...titles, s.title] : titles);
  };
  for (const s of j.suites ?? []) failedIn(s, []);
  for (const reason of reasons) res.notes.push(`skipped: ${reason}`);
  for (const e of j.errors ?? []) res.notes.push(`error: ${String(e.message ?? '').split('\n')[0]}`);
  if (j.errors?.length && res.failed === 0) res.failed += j.errors.length;
  if (r.status !== 0 && res.failed === 0) res.crashed = `playwright exited with ${r.status}`;
  return res;
}

/** The first non-empty line of an error message, without terminal colours, cut to a readable length. */
function firstLine(message) {
  const line = String(message ?? '')
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return '(no message)';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function check(name, cmd, args) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status === 0;
}

function startEnv() {
  if (process.env.CABINE_TEST_ENV) return { stop() {} };
  const base = mkdtempSync(path.join(tmpdir(), 'cabine-env-'));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const script = path.join(root, 'scripts', 'test-env', 'test-env.sh');
  const r = spawnSync('bash', [script, 'start', base, port], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('the test environment (private CUPS, SANE test backend) did not start: its reason is just above');
  process.env.CABINE_TEST_ENV = path.join(base, 'env.json');
  const env = JSON.parse(readFileSync(process.env.CABINE_TEST_ENV, 'utf8'));
  process.env.CUPS_SERVER = env.cupsServer;
  process.env.SANE_CONFIG_DIR = env.saneConfigDir;
  process.env.CHROMIUM_PATH = env.chromium;
  return { stop: () => spawnSync('bash', [script, 'stop', base], { stdio: 'inherit' }) };
}

function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const w of wanted) if (!(w in SUITES)) throw new Error(`unknown suite '${w}' (suites: ${Object.keys(SUITES).join(', ')})`);
  ensureSystem('test');
  ensureNodeModules();
  mkdirSync(resultsDir, { recursive: true });

  const checks = [
    ['typecheck', check('typecheck', 'npm', ['run', '--silent', 'typecheck'])],
    ['lint', check('lint', bin('eslint'), ['.', '--max-warnings=0'])],
  ];

  const env = startEnv();
  /** @type {SuiteResult[]} */
  const results = [];
  try {
    for (const [name, runSuite] of Object.entries(SUITES)) {
      if (wanted.length && !wanted.includes(name)) continue;
      console.log(`\n▶ suite ${name}`);
      results.push(runSuite());
    }
  } finally {
    env.stop();
  }

  console.log('\n── summary ──');
  for (const [name, ok] of checks) console.log(`${name.padEnd(12)} ${ok ? 'ok' : 'FAILED'}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.crashed ? ` — ${r.crashed}` : ''}`);
    for (const n of r.notes) console.log(`${''.padEnd(12)} ${n}`);
  }
  const sum = (k) => results.reduce((a, r) => a + r[k], 0);
  const failed = sum('failed') + results.filter((r) => r.crashed).length + checks.filter(([, ok]) => !ok).length;
  console.log(`${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped`);
  process.exitCode = failed > 0 ? 1 : 0;
}

try {
  main();
} catch (e) {
  console.error(`npm test: ${e.message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
}
