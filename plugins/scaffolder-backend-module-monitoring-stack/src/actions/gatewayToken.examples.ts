import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Make the gateway token of team-a's Grafana and store it where its ExternalSecret reads it",
    example: yaml.stringify({
      steps: [
        {
          id: 'gatewayToken',
          action: 'monitoring-stack:tenant:gateway-token',
          name: "Store the Grafana's gateway token",
          input: { tenantId: 'team-a' },
        },
      ],
    }),
  },
];
