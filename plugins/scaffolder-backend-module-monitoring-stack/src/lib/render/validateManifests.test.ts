import yaml from 'yaml';
import { validateManifests } from './validateManifests';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'g', namespace: 'n' },
  spec: {
    selector: { matchLabels: { app: 'g' } },
    template: {
      metadata: { labels: { app: 'g' } },
      spec: { containers: [{ name: 'g', image: 'i' }] },
    },
  },
};
const check = (doc: unknown) =>
  validateManifests([{ path: 'f.yaml', content: yaml.stringify(doc) }]);

describe('validateManifests', () => {
  it.each([
    ['a valid Deployment', deployment, []],
    [
      'a cluster-scoped object without namespace',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
      [],
    ],
    ['a plain config fragment', { overrides: { a: {} } }, []],
    [
      'no apiVersion',
      { ...deployment, apiVersion: undefined },
      ['f.yaml: apiVersion is missing'],
    ],
    [
      'no namespace',
      { ...deployment, metadata: { name: 'g' } },
      ['f.yaml: metadata.namespace is missing'],
    ],
    [
      'selector not matching the pod labels',
      {
        ...deployment,
        spec: { ...deployment.spec, selector: { matchLabels: { app: 'x' } } },
      },
      ['f.yaml: spec.template.metadata.labels does not match selector app=x'],
    ],
    [
      'a container without image',
      {
        ...deployment,
        spec: {
          ...deployment.spec,
          template: {
            ...deployment.spec.template,
            spec: { containers: [{ name: 'g' }] },
          },
        },
      },
      ['f.yaml: spec.template.spec.containers[0].image is missing'],
    ],
    [
      'a Service without ports and selector',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's', namespace: 'n' },
        spec: {},
      },
      ['f.yaml: spec.ports is empty', 'f.yaml: spec.selector is missing'],
    ],
    [
      'a ConfigMap without data',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'n' },
      },
      ['f.yaml: data is empty'],
    ],
    [
      'CloudFormation without resource types',
      { AWSTemplateFormatVersion: '2010-09-09', Resources: { T: {} } },
      ['f.yaml: Resources.T.Type is missing'],
    ],
  ])('%s', (_, doc, problems) => {
    expect(check(doc)).toEqual(problems);
  });

  it('reports YAML that does not parse, per document', () => {
    const content = `${yaml.stringify(deployment)}---\nkey: [unclosed\n`;
    expect(validateManifests([{ path: 'f.yaml', content }])).toEqual([
      expect.stringMatching(/^f\.yaml\[1\]: not valid YAML: /),
    ]);
  });
});
