// The whole-tree lint: import cycles and long files without a reason are found, on made-up trees
// (so the check is shown able to fail), and the real tree passes it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module with JSDoc types, no declaration file
import { checkStructure, findCycles, importGraph, importsOf, longFilesWithoutReason, MAX_LINES } from '../../../../scripts/lint/structure.mjs';

const root = path.resolve(__dirname, '../../../..');

describe('structure lint', () => {
  it('reads static, re-export, side-effect and dynamic relative imports, not packages', () => {
    const text = [
      "import { a } from './a';",
      "import type {\n  B,\n} from '../b/index';",
      "export * from './c';",
      "import './d.css';",
      "const e = await import('./e');",
      "import React from 'react';",
      "import { x } from 'node:fs';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b/index', './a', './c', './d.css', './e']);
  });

  it('finds a cycle through type-only imports and index files, and none in a tree', () => {
    const files: Record<string, string> = {
      '/p/app.tsx': "import { S } from './screens';",
      '/p/screens/index.ts': "export { S } from './s';",
      '/p/screens/s.tsx': "import type { Props } from '../app';",
      '/p/leaf.ts': "import { S } from './screens/s';",
    };
    const graph = importGraph(Object.keys(files), (f: string) => files[f]!);
    expect(findCycles(graph)).toEqual([['/p/app.tsx', '/p/screens/index.ts', '/p/screens/s.tsx']]);
    files['/p/screens/s.tsx'] = "import type { Props } from './types';";
    files['/p/screens/types.ts'] = 'export type Props = {};';
    expect(findCycles(importGraph(Object.keys(files), (f: string) => files[f]!))).toEqual([]);
  });

  it('a file importing itself is a cycle', () => {
    expect(findCycles(new Map([['/a.ts', ['/a.ts']]]))).toEqual([['/a.ts']]);
  });

  it('a long file needs a one-line reason near its top', () => {
    const body = 'x\n'.repeat(MAX_LINES + 1);
    const files: Record<string, string> = {
      '/short.ts': 'x\n'.repeat(MAX_LINES),
      '/long.ts': `// What it is.\n${body}`,
      '/reasoned.ts': `// What it is.\n// Long file: one state machine's whole table, read top to bottom.\n${body}`,
      '/vague.ts': `// Long file: ok\n${body}`,
    };
    expect(longFilesWithoutReason(Object.keys(files), (f: string) => files[f]!).map((l: { file: string }) => l.file)).toEqual(['/long.ts', '/vague.ts']);
  });

  it('the project itself passes', () => {
    expect(checkStructure(root)).toEqual({ cycles: [], long: [] });
  });
});
