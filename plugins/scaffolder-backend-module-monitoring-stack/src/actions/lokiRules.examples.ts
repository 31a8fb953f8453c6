import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Alert when team-a's checkout service logs errors",
    example: yaml.stringify({
      steps: [
        {
          id: 'rules',
          action: 'monitoring-stack:loki:rules',
          name: 'Write Loki alert rules',
          input: {
            tenantId: 'team-a',
            namespace: 'team-a',
            groups: [
              {
                name: 'checkout',
                interval: '1m',
                rules: [
                  {
                    alert: 'CheckoutErrors',
                    expr: 'sum(count_over_time({namespace="team-a", app="checkout"} |= "error" [5m])) > 10',
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                      summary: 'checkout logs more than 10 errors in 5 minutes',
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
    }),
  },
];
