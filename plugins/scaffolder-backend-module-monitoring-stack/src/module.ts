import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGrafanaGrantAction } from './actions/grafanaGrant';
import { createGrafanaProvisionAction } from './actions/grafanaProvision';
import { createLokiRulesAction } from './actions/lokiRules';
import { createSnsSubscribeAction } from './actions/snsSubscribe';
import { createTenantRenderAction } from './actions/tenantRender';

/**
 * Registers the monitoring-stack scaffolder actions.
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
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createSnsSubscribeAction(),
          createGrafanaProvisionAction({ config }),
          createGrafanaGrantAction({ config }),
          createLokiRulesAction({ config }),
          createTenantRenderAction({ config }),
        );
      },
    });
  },
});
