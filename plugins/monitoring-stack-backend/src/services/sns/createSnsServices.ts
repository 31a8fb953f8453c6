import {
  AuditorService,
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { TenantDirectory } from '@internal/plugin-monitoring-stack-node';
import { SigningCertificates } from './SigningCertificates';
import { MonitoringStackAwsClients } from '@internal/plugin-monitoring-stack-node';
import { readSnsConfig, SnsConfig } from './snsConfig';
import { SnsDeliveryStatus } from './SnsDeliveryStatus';
import { SnsReceiver } from './SnsReceiver';
import { scheduleSnsRetention } from './snsRetention';
import { SnsStore } from './SnsStore';
import { knownTopicArns, topicOwners } from './snsTopics';

const CERTIFICATE_TIMEOUT_MS = 5_000;

/** What the SNS routes need, built once by the plugin. */
export type SnsServices = {
  config: SnsConfig;
  store: SnsStore;
  receiver: SnsReceiver;
  status: SnsDeliveryStatus;
  /** Who owns each topic of a tenant or of the admin stack: tenant ids, `*` for the admin topics. */
  topicOwners: () => Promise<Map<string, Set<string>>>;
  /** Records the delivery reports. */
  auditor: AuditorService;
};

/** Reads `monitoringStack.sns`, builds the SNS services and schedules the retention task. */
export async function createSnsServices(deps: {
  config: Config;
  knex: Knex;
  cache: CacheService;
  auditor: AuditorService;
  logger: LoggerService;
  scheduler: SchedulerService;
  registry: TenantDirectory;
  awsClients: MonitoringStackAwsClients;
}): Promise<SnsServices> {
  const config = readSnsConfig(deps.config);
  const store = new SnsStore(deps.knex);
  await scheduleSnsRetention({
    scheduler: deps.scheduler,
    store,
    retentionDays: config.retentionDays,
    logger: deps.logger,
  });
  return {
    config,
    store,
    topicOwners: () => topicOwners(deps.registry, config.adminTopicArns),
    auditor: deps.auditor,
    receiver: new SnsReceiver({
      certificates: new SigningCertificates({
        timeoutMs: CERTIFICATE_TIMEOUT_MS,
      }),
      store,
      knownTopicArns: () =>
        knownTopicArns(deps.registry, config.adminTopicArns),
      maxMessageAgeSeconds: config.maxMessageAgeSeconds,
      logger: deps.logger,
    }),
    status: new SnsDeliveryStatus(deps.awsClients, deps.cache, deps.logger),
  };
}
