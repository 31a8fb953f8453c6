#!/usr/bin/env bash
# Starts the portal (frontend on http://localhost:3000, backend on :7007) with app-config.yaml and
# app-config.development.yaml (BACKSTAGE_ENV=development): in-memory SQLite, guest sign-in and the example tenants. By default it also starts the local
# demo stack (Debian's Prometheus and Alertmanager and a demo exporter, on loopback), so the
# cards show firing alerts, health and metrics from the first start. `--no-demo` (or
# MONITORING_STACK_DEMO=0) starts the portal alone, against the configured upstreams.
source "$(dirname "$0")/env.sh"
demo="${MONITORING_STACK_DEMO:-1}"
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-demo" ]; then demo=0; else args+=("$arg"); fi
done
if [ "$demo" = 1 ]; then
  apt_install libsecret-1-dev python3 make g++ prometheus prometheus-alertmanager
else
  apt_install libsecret-1-dev python3 make g++
fi
yarn_install
cd "$ROOT"
if [ "$demo" = 1 ]; then
  source "$ROOT/scripts/demo/demo-stack.sh"
  start_demo_stack
  # Not exec: the demo stack is stopped when the portal ends (Ctrl-C included).
  yarn start ${args[@]+"${args[@]}"}
else
  exec yarn start ${args[@]+"${args[@]}"}
fi
