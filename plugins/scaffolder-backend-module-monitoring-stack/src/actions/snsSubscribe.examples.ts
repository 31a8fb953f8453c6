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
            tenantId: 'team-a',
            protocol: 'email',
            endpoint: 'team-a@example.com',
          },
        },
      ],
    }),
  },
  {
    description: 'Page the on-call phone through one of several topics',
    example: yaml.stringify({
      steps: [
        {
          id: 'subscribe',
          action: 'monitoring-stack:sns:subscribe',
          name: 'Subscribe the on-call phone',
          input: {
            tenantId: 'data-platform',
            topicArn:
              'arn:aws:sns:eu-central-1:123456789012:data-platform-oncall',
            protocol: 'sms',
            endpoint: '+4915112345678',
          },
        },
      ],
    }),
  },
];
