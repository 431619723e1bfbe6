// Where the project's own files (migrations/, templates/, feeds.yaml) live, whether we run from
// src/ under vitest or from dist/src/ after the build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fundwatch: cannot find the project folder (package.json and migrations/)');
    dir = parent;
  }
}

export const projectRoot = findRoot();
export const migrationsDir = join(projectRoot, 'migrations');
export const templatesDir = join(projectRoot, 'templates');
