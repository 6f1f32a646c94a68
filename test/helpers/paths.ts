/**
 * Where tests find the repository and the shared conformance suites (`../shared` beside the
 * repository, as laid out for developers and CI).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root (tests run compiled from `dist/test/...`). */
export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const SHARED = resolve(REPO, '../shared');
export const CONFORMANCE = resolve(SHARED, 'conformance');
