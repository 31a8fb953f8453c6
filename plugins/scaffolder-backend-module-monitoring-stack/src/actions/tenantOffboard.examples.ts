import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Retire team-a: revoke its tokens and write the retirement of tenants/team-a',
    example: yaml.stringify({
      steps: [
        {
          id: 'offboard',
          action: 'monitoring-stack:tenant:offboard',
          name: 'Retire the tenant',
          input: { tenantId: 'team-a', confirm: 'team-a' },
        },
      ],
    }),
  },
];
