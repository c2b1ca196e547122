// The e2e suites' host over the real session machine: scripts/harness/machine-host.ts (npm run bench:ui uses it too).
export * from '../../../scripts/harness/machine-host';
