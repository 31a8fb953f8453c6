import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Provision team-a's Grafana organisation, owner team, folder and data sources",
    example: yaml.stringify({
      steps: [
        {
          id: 'grafana',
          action: 'monitoring-stack:grafana:provision',
          name: 'Provision Grafana',
          input: {
            tenantId: 'team-a',
            members: ['alice@example.com', 'bob@example.com'],
            gatewayToken: '${{ secrets.gatewayToken }}',
          },
        },
      ],
    }),
  },
];
