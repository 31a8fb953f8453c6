# Sourced by scripts/start.sh: starts the local demo stack on loopback —
# Debian's Prometheus (:9090) and Alertmanager (:9093) and the demo exporter
# (:9101) — and stops it when the calling shell exits.
DEMO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

start_demo_stack() {
  local data; data="$(mktemp -d /tmp/monitoring-stack-demo.XXXXXX)"
  local pids=()
  for port in 9090 9093 9101; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "==> port $port is taken: stop what runs there, or set MONITORING_STACK_DEMO=0 to start the portal alone" >&2
      return 1
    fi
  done
  echo "==> starting the demo stack (Prometheus :9090, Alertmanager :9093, exporter :9101); logs in $data"
  node "$DEMO_DIR/exporter.mjs" 9101 >"$data/exporter.log" 2>&1 &
  pids+=($!)
  /usr/bin/prometheus-alertmanager --config.file="$DEMO_DIR/alertmanager.yml" \
    --storage.path="$data/alertmanager" --web.listen-address=127.0.0.1:9093 \
    --cluster.listen-address= >"$data/alertmanager.log" 2>&1 &
  pids+=($!)
  /usr/bin/prometheus --config.file="$DEMO_DIR/prometheus.yml" \
    --storage.tsdb.path="$data/prometheus" --web.listen-address=127.0.0.1:9090 \
    >"$data/prometheus.log" 2>&1 &
  pids+=($!)
  DEMO_PIDS="${pids[*]}"
  DEMO_DATA="$data"
  trap stop_demo_stack EXIT
  trap 'exit 130' INT TERM
}

stop_demo_stack() {
  [ -n "${DEMO_PIDS:-}" ] || return 0
  echo "==> stopping the demo stack"
  # shellcheck disable=SC2086
  kill $DEMO_PIDS 2>/dev/null || true
  # shellcheck disable=SC2086
  wait $DEMO_PIDS 2>/dev/null || true
  rm -rf "$DEMO_DATA"
  DEMO_PIDS=""
}
