import { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';

/** The group whose members see every tenant; `monitoringStack.adminGroup`. */
export function readAdminGroup(config: Config): string {
  const raw =
    config.getOptionalString('monitoringStack.adminGroup') ??
    'group:default/platform-admins';
  try {
    const ref = parseEntityRef(raw, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return `${ref.kind.toLocaleLowerCase('en-US')}:${ref.namespace}/${ref.name}`;
  } catch (e) {
    throw new Error(
      `monitoringStack.adminGroup: must be a group entity ref: ${(e as Error).message}`,
    );
  }
}
