export * from './goStrings';
export * from './tenantScope';
export * from './topicArn';
export * from './groupRef';
export * from './urls';
export * from './awsNames';
export * from './tenantGrafanaUrl';
export * from './alertOwnership';
