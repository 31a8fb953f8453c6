import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  awsClientsServiceRef,
  tenancyServiceRef,
  tenantGrafanaCredentialsServiceRef,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { createGatewayTokenAction } from './actions/gatewayToken';
import { createGrafanaGrantAction } from './actions/grafanaGrant';
import { createGrafanaProvisionAction } from './actions/grafanaProvision';
import { createLokiRulesAction } from './actions/lokiRules';
import { createSnsSubscribeAction } from './actions/snsSubscribe';
import { createStackRenderAction } from './actions/stackRender';
import { createTenantOffboardAction } from './actions/tenantOffboard';
import { createTenantRenderAction } from './actions/tenantRender';

/**
 * Registers the monitoring-stack scaffolder actions. They decide with the
 * same tenant directory and permission policy as the gateway, reach the
 * tenants' Grafanas with the same credentials as the backend, and read the
 * shared settings once, here.
 * @public
 */
export const scaffolderModuleMonitoringStack = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'monitoring-stack',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        tenancy: tenancyServiceRef,
        auditor: coreServices.auditor,
        awsClients: awsClientsServiceRef,
        grafanaCredentials: tenantGrafanaCredentialsServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        scaffolder,
        config,
        tenancy,
        auditor,
        awsClients,
        grafanaCredentials,
        discovery,
        auth,
      }) {
        // Throws on a bad setting, naming its key: the backend does not start.
        const settings = readMonitoringStackSettings(config);
        const { authorizer } = tenancy;
        const options = { settings, authorizer, auditor };
        scaffolder.addActions(
          createSnsSubscribeAction({ authorizer, awsClients }),
          createGrafanaProvisionAction({ ...options, grafanaCredentials }),
          createGrafanaGrantAction({ ...options, grafanaCredentials }),
          createGatewayTokenAction({
            ...options,
            grafanaCredentials,
            discovery,
            auth,
          }),
          createLokiRulesAction(options),
          createTenantRenderAction({ ...options, config }),
          createStackRenderAction(options),
          createTenantOffboardAction({ ...options, discovery, auth }),
        );
      },
    });
  },
});
