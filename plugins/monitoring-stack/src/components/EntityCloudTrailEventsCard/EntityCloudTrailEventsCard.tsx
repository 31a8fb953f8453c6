import { InfoCard, Progress, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  CloudTrailEvent,
} from '@internal/plugin-monitoring-stack-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { isMonitoringStackAdmin } from '../../lib/isMonitoringStackAdmin';
import { relativeTime } from '../../lib/relativeTime';
import { LoadErrorPanel } from '../LoadErrorPanel';

/** Props of {@link EntityCloudTrailEventsCard}. @public */
export type EntityCloudTrailEventsCardProps = {
  /** How often the events are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * The latest EKS API events from CloudTrail, for the admin stack's System
 * (tenant `*`); notified events are highlighted.
 * @public
 */
export function EntityCloudTrailEventsCard(
  props: EntityCloudTrailEventsCardProps,
) {
  const { entity } = useEntity();
  if (!entity.metadata.annotations?.[ANNOTATION_TENANT_ID]) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  if (!isMonitoringStackAdmin(entity)) {
    return (
      <InfoCard title="EKS API events">
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
  let content;
  if (error) {
    content = (
      <LoadErrorPanel
        error={error}
        forbiddenMessage="Only monitoring-stack admins may see CloudTrail events."
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.events.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No EKS API events have been read yet.
      </Typography>
    );
  } else {
    content = (
      <Table<CloudTrailEvent>
        options={{
          paging: false,
          toolbar: false,
          padding: 'dense',
          rowStyle: e =>
            e.notified ? { backgroundColor: 'rgba(255, 193, 7, 0.15)' } : {},
        }}
        data={value.events}
        columns={[
          {
            title: 'When',
            field: 'eventTime',
            defaultSort: 'desc',
            render: e => (
              <span title={e.eventTime}>{relativeTime(e.eventTime, now)}</span>
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
  return (
    <InfoCard
      title="EKS API events"
      subheader={
        value?.lastRunAt
          ? `CloudTrail, read ${relativeTime(value.lastRunAt, now)}`
          : 'CloudTrail'
      }
    >
      {content}
    </InfoCard>
  );
}
