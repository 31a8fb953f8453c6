import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Render team-a's manifests into tenants/team-a",
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'monitoring-stack:tenant:render',
          name: 'Render tenant manifests',
          input: {
            tenantId: 'team-a',
            owner: 'group:default/team-a',
            namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
            notificationTargets: [
              { type: 'email', address: 'team-a@example.com' },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a tenant_id tenant with its own retention into a chosen folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'monitoring-stack:tenant:render',
          name: 'Render tenant manifests',
          input: {
            tenantId: 'data-platform',
            owner: 'group:default/data-platform',
            seriesLabel: 'tenant_id',
            cluster: 'eks-shared',
            namespaces: ['airflow', 'spark'],
            retention: {
              rawDays: 14,
              glacierAfterDays: 30,
              expireAfterDays: 180,
              logsDays: 14,
            },
            targetPath: 'clusters/eks-shared/tenants/data-platform',
            awsRegion: 'eu-central-1',
            awsAccountId: '210987654321',
          },
        },
      ],
    }),
  },
];
