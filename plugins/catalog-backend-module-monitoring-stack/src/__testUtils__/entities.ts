import {
  componentEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
]);
const validators = {
  System: systemEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
};

/** Expects every entity to pass the catalog's policies and its kind's validator. */
export async function expectValid(entities: Entity[]) {
  for (const entity of entities) {
    await expect(policy.enforce(entity)).resolves.toBeDefined();
    const validator = validators[entity.kind as keyof typeof validators];
    await expect(validator.check(entity)).resolves.toBe(true);
  }
}

/** The entities by name. */
export const byName = (entities: Entity[]) =>
  new Map(entities.map(e => [e.metadata.name, e]));
