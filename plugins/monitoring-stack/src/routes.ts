import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the portal page. */
export const rootRouteRef = createRouteRef({ id: 'monitoring-stack' });
