import { InfoCard, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  CloudTrailEvent,
  eventSourceLabel,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { monitoringStackApiRef } from '../../api';
import { useEntityTenant } from '../../hooks/useEntityTenant';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { relativeTime } from '../../lib/relativeTime';
import { AsyncContent } from '../AsyncContent';

/** Props of {@link EntityCloudTrailEventsCard}. @public */
export type EntityCloudTrailEventsCardProps = {
  /** How often the events are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * The latest CloudTrail events, for the admin stack's System (tenant `*`):
 * EKS API calls and calls on the stack's own AWS resources (its buckets,
 * alert topics, notifier function and trail), each with its source;
 * notified events are highlighted.
 * @public
 */
export function EntityCloudTrailEventsCard(
  props: EntityCloudTrailEventsCardProps,
) {
  const { admin, annotated } = useEntityTenant();
  if (!annotated) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  if (!admin) {
    return (
      <InfoCard title="CloudTrail events">
        <Typography variant="body2" color="textSecondary">
          CloudTrail events belong to the admin stack (tenant <code>*</code>),
          not to a single tenant.
        </Typography>
      </InfoCard>
    );
  }
  return <CloudTrailEvents {...props} />;
}

function CloudTrailEvents(props: EntityCloudTrailEventsCardProps) {
  const api = useApi(monitoringStackApiRef);
  const { value, error } = useRefreshingAsync(
    () => api.getCloudTrailEvents(),
    [api],
    props.refreshIntervalMs,
  );
  const now = new Date();
  return (
    <InfoCard
      title="CloudTrail events"
      subheader={
        value?.lastRunAt
          ? `CloudTrail, read ${relativeTime(value.lastRunAt, now)}`
          : 'CloudTrail'
      }
    >
      <AsyncContent
        value={value}
        error={error}
        forbiddenMessage="Only monitoring-stack admins may see CloudTrail events."
        isEmpty={v => v.events.length === 0}
        empty="No CloudTrail events have been read yet."
      >
        {v => <CloudTrailEventsTable events={v.events} now={now} />}
      </AsyncContent>
    </InfoCard>
  );
}

function CloudTrailEventsTable(props: {
  events: CloudTrailEvent[];
  now: Date;
}) {
  const { events, now } = props;
  return (
    <Table<CloudTrailEvent>
      options={{
        paging: false,
        toolbar: false,
        padding: 'dense',
        rowStyle: e =>
          e.notified ? { backgroundColor: 'rgba(255, 193, 7, 0.15)' } : {},
      }}
      data={events}
      columns={[
        {
          title: 'When',
          field: 'eventTime',
          defaultSort: 'desc',
          render: e => (
            <span title={e.eventTime}>{relativeTime(e.eventTime, now)}</span>
          ),
        },
        {
          title: 'Source',
          field: 'eventSource',
          render: e => (
            <Chip
              size="small"
              variant="outlined"
              label={eventSourceLabel(e.eventSource)}
              title={e.eventSource}
            />
          ),
        },
        { title: 'Who', field: 'username' },
        { title: 'What', field: 'eventName' },
        { title: 'From', field: 'sourceIp' },
        { title: 'Error', field: 'errorCode' },
        {
          title: 'Resources',
          field: 'resources',
          sorting: false,
          render: e => e.resources.join(', '),
        },
        {
          title: 'Notified',
          field: 'notified',
          render: e =>
            e.notified ? (
              <Chip size="small" color="secondary" label="notified" />
            ) : null,
        },
      ]}
    />
  );
}
