import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Let the SRE group view team-a's dashboards",
    example: yaml.stringify({
      steps: [
        {
          id: 'grant',
          action: 'monitoring-stack:grafana:grant',
          name: 'Grant Grafana access',
          input: {
            tenantId: 'team-a',
            group: 'group:default/sre',
            members: ['carol@example.com'],
            permission: 'View',
          },
        },
      ],
    }),
  },
];
