#!/usr/bin/env bash
# Runs every check: type check, lint, and all tests (unit, database tests on
# SQLite and a real PostgreSQL 15, integration tests against real Prometheus
# and Alertmanager, end-to-end tests in Chromium). Installs what it needs.
source "$(dirname "$0")/env.sh"
export CI=true

started=$(date +%s)
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  echo "==> $name"
  "$@"
  echo "==> $name took $(( $(date +%s) - t0 ))s"
}

step "install Debian packages" apt_install libsecret-1-dev python3 make g++ \
  postgresql prometheus prometheus-alertmanager chromium
step "yarn install" yarn_install
cd "$ROOT"
step "type check" yarn tsc
# The published packages' metadata is what `backstage-cli repo fix --publish`
# makes it (repository directory, pluginPackages, exports, typesVersions).
step "package metadata (repo fix --publish --check)" yarn fix --check
# The checked-in API reports (plugins/*/report*.api.md) must match what the
# packages export. api-extractor reads the declarations `yarn tsc` emits into
# dist-types; they are compiled afresh, as `yarn build:api-reports` (which
# updates the reports) does, since an incremental build can order union
# members differently.
api_reports() { rm -rf "$ROOT/dist-types" && yarn tsc && yarn build:api-reports:only --ci; }
step "API reports (api-extractor, --ci)" api_reports
step "lint" yarn lint:all

source "$ROOT/scripts/postgres.sh"
trap stop_postgres EXIT

results="$(mktemp /tmp/jest-results.XXXXXX.json)"
step "tests" yarn test --json --outputFile="$results"
node -e '
  const r = require(process.argv[1]);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' "$results"

# Faults with real processes (plugins/monitoring-stack-backend/src/__faults__):
# upstreams that die, reset, stall or garble; PostgreSQL stopped and started;
# two backend replicas on one PostgreSQL. The soak runs as its own step.
faults() {
  (cd "$ROOT/plugins/monitoring-stack-backend" &&
    backstage-cli package test --runInBand --testMatch "**/__faults__/**/$1.faults.ts")
}
# The Kubernetes tab through the real Kubernetes backend, which loads
# @kubernetes/client-node (native ESM) with import(): jest needs Node's vm modules.
step "Kubernetes tab (the Kubernetes backend with the module)" bash -c \
  'cd "$0/plugins/kubernetes-backend-module-monitoring-stack" && NODE_OPTIONS=--experimental-vm-modules backstage-cli package test --testMatch "**/*.test.vm.ts"' "$ROOT"
step "fault tests (upstream faults, PostgreSQL restart, replicas)" faults '*Faults'
step "soak (60 s, 32 clients)" faults soak

step "end-to-end tests (Chromium, real Prometheus and Alertmanager)" yarn test:e2e
step "install check (yarn pack into a fresh app from @backstage/create-app)" bash "$ROOT/scripts/install-check.sh"

echo "==> all checks passed in $(( $(date +%s) - started ))s"
