import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render the shared stack, every tenant merged in, into stack/ of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'monitoring-stack:stack:render',
          name: 'Render the shared stack',
        },
      ],
    }),
  },
  {
    description: 'Render it into a folder of a larger GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'monitoring-stack:stack:render',
          name: 'Render the shared stack',
          input: { targetPath: 'clusters/eks-shared/monitoring' },
        },
      ],
    }),
  },
];
