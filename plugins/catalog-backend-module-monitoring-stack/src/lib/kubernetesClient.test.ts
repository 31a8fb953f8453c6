import { ConfigReader } from '@backstage/config';
import { clusterConnection, readKubernetesClusters } from './kubernetesClient';

describe('readKubernetesClusters', () => {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'eks',
              url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com/',
              authProvider: 'aws',
              assumeRole: 'arn:aws:iam::123456789012:role/backstage',
              caData: 'LS0tLS1CRUdJTi...',
            },
            {
              name: 'in-cluster',
              url: 'https://kubernetes.default.svc',
              authProvider: 'serviceAccount',
              caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
            },
            {
              name: 'lab',
              url: 'https://lab.example.com',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'tok',
              skipTLSVerify: true,
            },
            {
              name: 'gke-1',
              url: 'https://gke.example.com',
              authProvider: 'google',
            },
          ],
        },
        { type: 'localKubectlProxy' },
        { type: 'catalog' },
        { type: 'gke', projectId: 'p' },
      ],
    },
  });

  it("reads the config and localKubectlProxy locators' clusters with their CA and TLS settings", () => {
    expect(readKubernetesClusters(config).clusters).toEqual([
      {
        name: 'eks',
        url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
        authMetadata: {
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/backstage',
        },
        caData: 'LS0tLS1CRUdJTi...',
        skipTLSVerify: false,
      },
      {
        name: 'in-cluster',
        url: 'https://kubernetes.default.svc',
        authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
        skipTLSVerify: false,
      },
      {
        name: 'lab',
        url: 'https://lab.example.com',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'tok',
        },
        skipTLSVerify: true,
      },
      {
        name: 'local',
        url: 'http://localhost:8001',
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
      },
    ]);
  });

  it('reports clusters that need a signed-in user and locators it does not read', () => {
    const { unsupported, skippedLocators } = readKubernetesClusters(config);
    expect(unsupported).toEqual(['gke-1 (authProvider google)']);
    expect(skippedLocators).toEqual([
      expect.stringMatching(/^catalog \(its clusters are catalog entities/),
      expect.stringMatching(/^gke \(/),
    ]);
  });

  it('uses the configured URL and CA outside a pod', () => {
    const [eks, inCluster] = readKubernetesClusters(config).clusters;
    expect(clusterConnection(eks)).toEqual({
      server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      caData: 'LS0tLS1CRUdJTi...',
      skipTLSVerify: false,
    });
    expect(
      clusterConnection(inCluster, { inClusterPathPrefix: '/nonexistent' }),
    ).toEqual({
      server: 'https://kubernetes.default.svc',
      caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      skipTLSVerify: false,
    });
  });
});
