import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { tenancyServiceRef } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { MonitoringStackPermissionPolicy } from './MonitoringStackPermissionPolicy';

/**
 * Installs {@link MonitoringStackPermissionPolicy} as the permission policy.
 * Adopters with a policy of their own call the same checks from it instead.
 * @public
 */
export const permissionModuleMonitoringStackPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'monitoring-stack-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        tenancy: tenancyServiceRef,
      },
      async init({ policy, config, tenancy }) {
        policy.setPolicy(
          new MonitoringStackPermissionPolicy(
            readMonitoringStackSettings(config).adminGroup,
            tenancy.directory,
          ),
        );
      },
    });
  },
});
