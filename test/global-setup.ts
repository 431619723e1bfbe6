// Tests that run the real `fundwatch` command spawn dist/src/cli/main.js: build it once, before any test file
// starts, when a source file is newer than its JavaScript (two test files building at once would race).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../src/paths.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

export default function setup(): void {
  const stale = ['src', 'bench'].flatMap((dir) => tsFiles(join(projectRoot, dir))).some((file) => {
    const built = join(projectRoot, 'dist', relative(projectRoot, file)).replace(/\.ts$/, '.js');
    return !existsSync(built) || statSync(built).mtimeMs < statSync(file).mtimeMs;
  });
  if (!stale) return;
  try {
    execFileSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', projectRoot], { stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in a work tree still emit JavaScript; `npm run build` is where they fail loudly.
  }
  if (!existsSync(join(projectRoot, 'dist/src/cli/main.js'))) throw new Error('could not build dist/ (run npx tsc -p .)');
}
