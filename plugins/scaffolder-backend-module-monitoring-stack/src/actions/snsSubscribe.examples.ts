import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Subscribe the team's mailing list to its alerts topic",
    example: yaml.stringify({
      steps: [
        {
          id: 'subscribe',
          action: 'monitoring-stack:sns:subscribe',
          name: 'Subscribe team-a@example.com',
          input: {
            topicArn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
            protocol: 'email',
            endpoint: 'team-a@example.com',
          },
        },
      ],
    }),
  },
];
