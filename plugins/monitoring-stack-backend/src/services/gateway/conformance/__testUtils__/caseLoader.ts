import fs from 'node:fs';
import path from 'node:path';

/** One record of prom-label-proxy's test tables, as extracted to JSONL. */
export type ConformanceCase = {
  id: string;
  suite: string;
  kind: 'promql-enforce' | 'http' | 'config';
  name: string;
  endpoint: string | null;
  method: string | null;
  query: string | null;
  body_query?: string | null;
  /** Enforced label name(s): a list for multi-label unit tests. */
  label: string | string[];
  value: string | string[] | null;
  values: string[] | null;
  match?: string[];
  filters?: string[];
  url_params?: Record<string, string>;
  headers?: Record<string, string[]> | null;
  request_body?: unknown;
  options: Record<string, unknown>;
  enforced_matcher?: string | null;
  enforced_matcher_type?: '=' | '!=' | '=~' | '!~';
  upstream?: string | string[] | null;
  upstream_fixture?: string | null;
  expect_query?: string | null;
  expect_body_query?: string | null;
  expect_match?: string[] | null;
  expect_match_location?: 'url' | 'post_form';
  expect_filters?: string[] | null;
  expect_upstream_param?: string | null;
  expect_upstream_values?: string[] | null;
  expect_upstream_param_absent?: string | null;
  /** match[] the rules API must receive (label_matchers_for_rules_api). */
  expect_upstream_match?: string[] | null;
  expect_status: number | null;
  expect_forwarded?: boolean;
  expect_error?: string | null;
  expect_body?: string | null;
  expect_golden?: string | null;
};

/** The repository root: the closest folder above `from` (Jest runs in the package) with the Yarn lockfile. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'yarn.lock'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No yarn.lock above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Where CI keeps the prom-label-proxy data: `shared/` beside the clone. It is
 * not copied into the repo, so a missing folder is an error that says where
 * to put it.
 */
export function conformanceDataDir(repoRoot: string = findRepoRoot()): string {
  const dir = path.resolve(
    repoRoot,
    '..',
    'shared',
    'conformance',
    'prom-label-proxy',
  );
  if (!fs.existsSync(path.join(dir, 'prom-label-proxy-cases.jsonl'))) {
    throw new Error(
      `The prom-label-proxy conformance data is missing: expected ${dir}/prom-label-proxy-cases.jsonl (a copy of shared/ beside the repository clone)`,
    );
  }
  return dir;
}

/** Reads every case of the JSONL file, one object a line. */
export function loadCases(dataDir: string): ConformanceCase[] {
  return fs
    .readFileSync(path.join(dataDir, 'prom-label-proxy-cases.jsonl'), 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => JSON.parse(line) as ConformanceCase);
}

/**
 * Reads a golden or upstream fixture; the cases name them under the
 * extractor's `prom-label-proxy-testdata/` folder, stored here as `testdata/`.
 */
export function readTestdata(dataDir: string, name: string): string {
  return fs.readFileSync(
    path.join(dataDir, 'testdata', path.basename(name)),
    'utf8',
  );
}
