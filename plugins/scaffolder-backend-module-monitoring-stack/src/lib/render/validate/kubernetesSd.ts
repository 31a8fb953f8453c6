import { z } from 'zod';

/**
 * `kubernetes_sd_config` as Prometheus 3.5 documents it
 * (https://prometheus.io/docs/prometheus/3.5/configuration/configuration/#kubernetes_sd_config),
 * the fields we render and their neighbours. Debian's promtool (2.42) is
 * built without Kubernetes discovery and refuses the block, so it is
 * checked here and promtool checks the rest of the file.
 */
const kubernetesSdConfig = z
  .object({
    role: z.enum([
      'node',
      'service',
      'pod',
      'endpoints',
      'endpointslice',
      'ingress',
    ]),
    api_server: z.string().url().optional(),
    kubeconfig_file: z.string().optional(),
    namespaces: z
      .object({
        own_namespace: z.boolean().optional(),
        names: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    selectors: z
      .array(
        z
          .object({
            role: z.string(),
            label: z.string().optional(),
            field: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    attach_metadata: z
      .object({
        node: z.boolean().optional(),
        namespace: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type ScrapeConfig = Record<string, unknown> & { job_name?: string };

/** Problems of the `kubernetes_sd_configs` of a Prometheus configuration. */
export function kubernetesSdProblems(config: {
  scrape_configs?: ScrapeConfig[];
}): string[] {
  return (config.scrape_configs ?? []).flatMap(job => {
    const blocks = job.kubernetes_sd_configs;
    if (blocks === undefined) return [];
    const parsed = z.array(kubernetesSdConfig).safeParse(blocks);
    return parsed.success
      ? []
      : parsed.error.issues.map(
          issue =>
            `job ${job.job_name}: kubernetes_sd_configs.${issue.path.join(
              '.',
            )}: ${issue.message}`,
        );
  });
}

/**
 * The configuration with every Kubernetes discovery block replaced by a
 * static target, for a promtool that has no Kubernetes discovery.
 */
export function withoutKubernetesSd(config: {
  scrape_configs?: ScrapeConfig[];
}) {
  return {
    ...config,
    scrape_configs: config.scrape_configs?.map(job => {
      if (job.kubernetes_sd_configs === undefined) return job;
      const { kubernetes_sd_configs: _, ...rest } = job;
      return { ...rest, static_configs: [{ targets: ['localhost:9090'] }] };
    }),
  };
}
