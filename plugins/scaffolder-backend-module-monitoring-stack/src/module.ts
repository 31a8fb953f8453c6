import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createSnsSubscribeAction } from './actions/snsSubscribe';

/**
 * Registers the monitoring-stack scaffolder actions.
 * @public
 */
export const scaffolderModuleMonitoringStack = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'monitoring-stack',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createSnsSubscribeAction());
      },
    });
  },
});
