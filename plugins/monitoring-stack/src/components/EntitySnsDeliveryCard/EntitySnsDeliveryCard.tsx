import { InfoCard, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  AwsNotConfigured,
  DeliveryOutcome,
  SnsTopicStatus,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { monitoringStackApiRef } from '../../api';
import { useEntityTenant } from '../../hooks/useEntityTenant';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { relativeTime } from '../../lib/relativeTime';
import { AsyncContent } from '../AsyncContent';
import { DeliveryChart } from './DeliveryChart';

/** Props of {@link EntitySnsDeliveryCard}. @public */
export type EntitySnsDeliveryCardProps = {
  /** How many hours back to count deliveries; 24 by default. */
  windowHours?: number;
  /** How often the status is read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * Whether the tenant's SNS notifications arrive: delivered vs failed over the
 * window, subscriptions, latest failures and what the notifier delivered.
 * @public
 */
export function EntitySnsDeliveryCard(props: EntitySnsDeliveryCardProps) {
  const { tenant } = useEntityTenant();
  if (!tenant) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  return <SnsDelivery tenant={tenant} {...props} />;
}

function SnsDelivery(
  props: EntitySnsDeliveryCardProps & { tenant: TenantRef },
) {
  const { tenant, windowHours = 24, refreshIntervalMs } = props;
  const api = useApi(monitoringStackApiRef);
  const { value, error } = useRefreshingAsync(
    () => api.getSnsDelivery(tenant.id, windowHours),
    [api, tenant.id, windowHours],
    refreshIntervalMs,
  );
  return (
    <InfoCard
      title="SNS delivery"
      subheader={`Tenant ${tenant.title} · last ${windowHours} hours`}
    >
      <AsyncContent
        value={value}
        error={error}
        isEmpty={v => v.topics.length === 0 && v.deliveries.length === 0}
        empty="No SNS topic carries this tenant's notifications."
      >
        {v => (
          <>
            {v.aws && <AwsNotice aws={v.aws} />}
            {v.topics.map(topic => (
              <TopicStatus
                key={topic.topicArn}
                topic={topic}
                unread={v.aws?.topicArns.includes(topic.topicArn) ?? false}
                now={new Date()}
              />
            ))}
            <Typography variant="subtitle2" gutterBottom>
              Notifier deliveries
            </Typography>
            <NotifierDeliveries deliveries={v.deliveries} />
            <Typography variant="caption" color="textSecondary">
              {v.received.length} notification(s) received by the portal in this
              window.
            </Typography>
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}

const topicName = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/** AWS not set up: one notice for the card, naming what to configure. */
function AwsNotice(props: { aws: AwsNotConfigured }) {
  return (
    <Box mb={2}>
      <Alert severity="info">
        <AlertTitle>AWS is not configured</AlertTitle>
        Subscriptions, delivery counts and failures are read from AWS.{' '}
        {props.aws.message}.
      </Alert>
    </Box>
  );
}

function TopicStatus(props: {
  topic: SnsTopicStatus;
  /** Not read from AWS, which is not configured for its account. */
  unread: boolean;
  now: Date;
}) {
  const { topic, unread, now } = props;
  const name = topicName(topic.topicArn);
  if (unread) {
    return (
      <Box mb={3}>
        <Typography variant="h6">{name}</Typography>
        <Typography variant="body2" color="textSecondary">
          Not read from AWS.
        </Typography>
      </Box>
    );
  }
  return (
    <Box mb={3}>
      <Typography variant="h6">{name}</Typography>
      {topic.counts && (
        <Typography variant="body2">
          {topic.counts.published} published · {topic.counts.delivered}{' '}
          delivered · {topic.counts.failed} failed · {topic.counts.filteredOut}{' '}
          filtered out
        </Typography>
      )}
      {topic.errors.map(e => (
        <Box my={1} key={e}>
          <Alert severity="warning">{e}</Alert>
        </Box>
      ))}
      {topic.series.length > 0 && (
        <DeliveryChart
          series={topic.series}
          title={`Delivered and failed notifications of ${name}`}
        />
      )}
      <Typography variant="subtitle2">Subscriptions</Typography>
      {topic.subscriptions.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No subscriptions.
        </Typography>
      ) : (
        <List dense disablePadding>
          {topic.subscriptions.map(s => (
            <ListItem key={s.subscriptionArn ?? `${s.protocol}:${s.endpoint}`}>
              <ListItemText primary={`${s.protocol} ${s.endpoint}`} />
              <Chip
                size="small"
                variant="outlined"
                label={
                  s.pendingConfirmation ? 'pending confirmation' : 'confirmed'
                }
                color={s.pendingConfirmation ? 'secondary' : 'default'}
              />
            </ListItem>
          ))}
        </List>
      )}
      {topic.failures.length > 0 && (
        <>
          <Typography variant="subtitle2">Latest failures</Typography>
          <List dense disablePadding>
            {topic.failures.map(f => (
              <ListItem key={`${f.at}-${f.messageId ?? f.reason}`}>
                <ListItemText
                  primary={f.reason}
                  secondary={[
                    relativeTime(f.at, now),
                    f.endpoint,
                    f.statusCode && `HTTP ${f.statusCode}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </Box>
  );
}

function NotifierDeliveries(props: { deliveries: DeliveryOutcome[] }) {
  if (props.deliveries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The notifier reported no deliveries in this window.
      </Typography>
    );
  }
  const now = new Date();
  return (
    <Table<DeliveryOutcome>
      options={{ paging: false, toolbar: false, padding: 'dense' }}
      data={props.deliveries}
      columns={[
        { title: 'When', field: 'at', render: d => relativeTime(d.at, now) },
        { title: 'Channel', field: 'channel' },
        { title: 'Target', field: 'target' },
        { title: 'Status', field: 'status' },
        { title: 'Attempts', field: 'attempts', type: 'numeric' },
        { title: 'Error', field: 'error' },
      ]}
    />
  );
}
