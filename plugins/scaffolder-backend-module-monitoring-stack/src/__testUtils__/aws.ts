import { MonitoringStackAwsClients } from '@tenant-monitoring/plugin-monitoring-stack-node';

/** AWS clients for tests: the given ones, and a failure for any other service. */
export function fakeAwsClients(
  clients: Partial<MonitoringStackAwsClients>,
): MonitoringStackAwsClients {
  const none = async () => {
    throw new Error('this test expects no call to that AWS service');
  };
  return {
    sns: none,
    cloudWatch: none,
    logs: none,
    cloudTrail: none,
    secretsManager: none,
    ...clients,
  };
}
