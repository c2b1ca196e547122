// The engine contract (tests/engine/contract/cases.ts) on the Chromium adapter, real Chromium.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { contractCases, type ContractContext } from './contract/cases';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';

describe('engine contract — Chromium adapter', () => {
  let harness: ChromiumHarness;
  let ctx: ContractContext;

  beforeAll(async () => {
    harness = await createChromiumHarness();
    ctx = { h: harness, shared: await harness.newSession() };
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  for (const c of contractCases()) it(c.name, () => c.run(ctx));
});
