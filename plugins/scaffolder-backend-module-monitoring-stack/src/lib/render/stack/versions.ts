/**
 * The upstream releases the shared stack's bundle is rendered for, pinned:
 * a rendered flag or field is only known to exist in these. Raising one is
 * a reviewed change of this file and the golden files.
 */
export const STACK_IMAGES = {
  prometheus: 'quay.io/prometheus/prometheus:v3.5.0',
  alertmanager: 'quay.io/prometheus/alertmanager:v0.28.1',
  // 0.37 or later: --receive.split-tenant-label-name without its deadlock.
  thanos: 'quay.io/thanos/thanos:v0.39.2',
  fluentBit: 'cr.fluentbit.io/fluent/fluent-bit:4.0.3',
} as const;

/** Loki runs from its Helm chart, whose values the bundle renders. */
export const LOKI_CHART = {
  repository: 'https://grafana.github.io/helm-charts',
  name: 'loki',
  version: '6.30.1',
  appVersion: '3.5.0',
} as const;
