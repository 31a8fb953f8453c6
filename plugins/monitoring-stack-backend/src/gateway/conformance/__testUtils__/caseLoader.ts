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

/** The prom-label-proxy cases, kept beside the test (see its README for their source and licence). */
export const CONFORMANCE_DATA_DIR = path.join(
  __dirname,
  '..',
  '__fixtures__',
  'prom-label-proxy',
);

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
