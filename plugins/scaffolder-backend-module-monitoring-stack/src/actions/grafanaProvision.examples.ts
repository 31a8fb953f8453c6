import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Provision the owner team and folder in team-a's own Grafana",
    example: yaml.stringify({
      steps: [
        {
          id: 'grafana',
          action: 'monitoring-stack:grafana:provision',
          name: 'Provision Grafana',
          input: {
            tenantId: 'team-a',
            members: ['alice@example.com', 'bob@example.com'],
          },
        },
      ],
    }),
  },
];
