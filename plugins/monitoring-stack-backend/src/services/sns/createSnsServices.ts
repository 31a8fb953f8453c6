import {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { TenantRegistry } from '../TenantRegistry';
import { SigningCertificates } from './SigningCertificates';
import { MonitoringStackAwsClients } from '../aws/awsClients';
import { readSnsConfig, SnsConfig } from './snsConfig';
import { SnsDeliveryStatus } from './SnsDeliveryStatus';
import { SnsReceiver } from './SnsReceiver';
import { scheduleSnsRetention } from './snsRetention';
import { SnsStore } from './SnsStore';
import { knownTopicArns } from './snsTopics';

const CERTIFICATE_TIMEOUT_MS = 5_000;

/** What the SNS routes need, built once by the plugin. */
export type SnsServices = {
  config: SnsConfig;
  store: SnsStore;
  receiver: SnsReceiver;
  status: SnsDeliveryStatus;
  /** Topics of every tenant and of the admin stack. */
  knownTopicArns: () => Promise<Set<string>>;
};

/** Reads `monitoringStack.sns`, builds the SNS services and schedules the retention task. */
export async function createSnsServices(deps: {
  config: Config;
  knex: Knex;
  cache: CacheService;
  logger: LoggerService;
  scheduler: SchedulerService;
  registry: TenantRegistry;
  awsClients: MonitoringStackAwsClients;
}): Promise<SnsServices> {
  const config = readSnsConfig(deps.config);
  const store = new SnsStore(deps.knex);
  const known = () => knownTopicArns(deps.registry, config.adminTopicArns);
  await scheduleSnsRetention({
    scheduler: deps.scheduler,
    store,
    retentionDays: config.retentionDays,
    logger: deps.logger,
  });
  return {
    config,
    store,
    knownTopicArns: known,
    receiver: new SnsReceiver({
      certificates: new SigningCertificates(deps.cache, CERTIFICATE_TIMEOUT_MS),
      store,
      knownTopicArns: known,
      maxMessageAgeSeconds: config.maxMessageAgeSeconds,
      logger: deps.logger,
    }),
    status: new SnsDeliveryStatus(deps.awsClients, deps.cache, deps.logger),
  };
}
