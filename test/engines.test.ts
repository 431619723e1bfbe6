// package.json's engines (issue 19): the Node versions on which no dependency warns EBADENGINE at install, and the
// ones the project is run on (Docker's node:22, CI's Node 22 from the registry) among them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

// semver comes with fastify (a direct dependency); only its two functions used here are typed.
const semver = createRequire(import.meta.url)('semver') as { subset(sub: string, sup: string): boolean; satisfies(version: string, range: string): boolean };

interface LockPackage {
  engines?: { node?: string } | string[];
}

const read = (file: string) => JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as Record<string, unknown>;

describe('engines', () => {
  const declared = (read('package.json').engines as { node: string }).node;
  const lock = read('package-lock.json').packages as Record<string, LockPackage>;

  it('is the same in package.json and the lock', () => {
    expect((lock['']!.engines as { node: string }).node).toBe(declared);
  });

  it('is within every dependency’s own range, so npm never warns EBADENGINE on a supported Node', () => {
    const outside = Object.entries(lock)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return range && !semver.subset(declared, range) ? [`${path.replace(/^.*node_modules\//, '')}: ${range}`] : [];
      });
    expect(outside).toEqual([]);
  });

  it('includes the Node 22 of the Docker image and of CI', () => {
    expect(semver.satisfies('22.23.3', declared)).toBe(true);
    expect(semver.satisfies('24.15.0', declared)).toBe(true);
  });
});
