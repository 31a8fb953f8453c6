export * from './alertLabels';
export * from './logql';
export * from './lokiRuler';
export * from './ruleGroups';
export * from './upstreamCall';
