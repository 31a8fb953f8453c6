import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Provision team-a's Grafana organisation, team, folder and data sources",
    example: yaml.stringify({
      steps: [
        {
          id: 'grafana',
          action: 'monitoring-stack:grafana:provision',
          name: 'Provision Grafana',
          input: {
            tenantId: 'team-a',
            owner: 'group:default/team-a',
            members: ['alice@example.com', 'bob@example.com'],
            gatewayToken: '${{ secrets.gatewayToken }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Provision against another Grafana path and gateway',
    example: yaml.stringify({
      steps: [
        {
          id: 'grafana',
          action: 'monitoring-stack:grafana:provision',
          name: 'Provision Grafana',
          input: {
            tenantId: 'data-platform',
            owner: 'group:default/data-platform',
            gatewayToken: '${{ secrets.gatewayToken }}',
            gatewayBaseUrl: 'https://backstage.example.com',
            grafanaUrl: 'https://grafana.example.com/shared',
          },
        },
      ],
    }),
  },
];
