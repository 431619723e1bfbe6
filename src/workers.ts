// Where a worker thread's script is. Built, it sits beside the module that starts it (dist/src/…); under vitest,
// which runs the TypeScript sources, a thread still needs JavaScript: the build's copy, which test/global-setup.ts
// keeps fresh.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './paths.js';

/** The path of `name`.js next to the module at `moduleUrl`, or of its compiled copy under dist/. */
export function workerScript(moduleUrl: string, name: string): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const sibling = join(here, `${name}.js`);
  if (existsSync(sibling)) return sibling;
  return join(projectRoot, 'dist', relative(projectRoot, here), `${name}.js`);
}
