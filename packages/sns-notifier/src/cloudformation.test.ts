import { validateManifests } from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import { stringify } from 'yaml';
import { notifierTemplate as template } from './__testUtils__/cloudFormation';
import { loadSettings } from './config';

/** Every logical id the template refers to through Ref, GetAtt or ${} in Sub. */
function referencedIds(node: unknown): string[] {
  if (Array.isArray(node)) {
    return node.flatMap(referencedIds);
  }
  if (typeof node !== 'object' || node === null) {
    return [];
  }
  return Object.entries(node).flatMap(([key, value]) => {
    if (key === 'Ref') return [value as string];
    if (key === 'Fn::GetAtt') return [(value as string[])[0]];
    if (key === 'Fn::Sub') {
      const text = Array.isArray(value) ? value[0] : value;
      return [...(text as string).matchAll(/\$\{([^}.!]+)/g)].map(m => m[1]);
    }
    return referencedIds(value);
  });
}

const resource = (id: string) => template.Resources[id];

// What CloudFormation resolves the routing document's bucket to.
const BUCKET = 'eks-shared-notifier-routingdocumentbucket-1a2b3c4d5e6f';
const PSEUDO: Record<string, string> = {
  RoutingDocumentBucket: BUCKET,
  'RoutingDocumentBucket.Arn': `arn:aws:s3:::${BUCKET}`,
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
};

/** A `Fn::Sub` string with the bucket and pseudo parameters resolved. */
function sub(value: unknown): string {
  const text = (value as { 'Fn::Sub': string })['Fn::Sub'];
  return text.replace(/\$\{([^}]+)\}/g, (_, name) => {
    if (!(name in PSEUDO)) throw new Error(`unresolved \${${name}}`);
    return PSEUDO[name];
  });
}

const roleStatements = (): any[] =>
  resource('FunctionRole').Properties.Policies.flatMap(
    (p: any) => p.PolicyDocument.Statement,
  );

describe('cloudformation/notifier.yaml', () => {
  it('defines the topics, subscriptions, function, dead-letter queue and permissions', () => {
    const types = Object.values(template.Resources).map(r => r.Type);

    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::SNS::Topic',
        'AWS::SNS::Subscription',
        'AWS::Lambda::Function',
        'AWS::Lambda::Permission',
        'AWS::SQS::Queue',
        'AWS::IAM::Role',
        'AWS::Logs::LogGroup',
      ]),
    );
  });

  it('points every Ref, GetAtt and Sub variable at a defined resource or parameter', () => {
    const defined = new Set([
      ...Object.keys(template.Resources),
      ...Object.keys(template.Parameters),
    ]);
    const ids = referencedIds(template);

    expect(ids.length).toBeGreaterThan(20);
    expect(
      ids.filter(id => !defined.has(id) && !id.startsWith('AWS::')),
    ).toEqual([]);
  });

  it('uses only defined conditions', () => {
    const conditions = [
      ...JSON.stringify(template.Resources).matchAll(/"Fn::If":\["([^"]+)"/g),
    ].map(m => m[1]);

    expect(conditions.length).toBeGreaterThan(0);
    expect(conditions.filter(c => !(c in template.Conditions))).toEqual([]);
  });

  it('runs the bundle on Node.js 22 with the DLQ as dead-letter target and DLQ_URL', () => {
    const fn = Object.values(template.Resources).find(
      r => r.Type === 'AWS::Lambda::Function',
    )!;

    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: '../dist',
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      },
    });
    expect(resource('DeadLetterQueue').Type).toBe('AWS::SQS::Queue');
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual([
      'BACKEND_TOKEN',
      'BACKEND_URL',
      'DLQ_URL',
      'EMAIL_FROM',
      'NODE_OPTIONS',
      'NOTIFIER_CONFIG_REFRESH_SECONDS',
      'NOTIFIER_CONFIG_S3',
    ]);
    expect(fn.Properties.Environment.Variables.DLQ_URL).toEqual({
      Ref: 'DeadLetterQueue',
    });
  });

  it('subscribes the function to every topic and lets each topic invoke it', () => {
    // The heartbeat topic is only counted by its alarm: nothing delivers it.
    const topics = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::SNS::Topic')
      .map(([id]) => id)
      .filter(id => id !== 'HeartbeatTopic');
    const byType = (type: string) =>
      Object.values(template.Resources).filter(r => r.Type === type);

    expect(topics).toHaveLength(2);
    expect(
      byType('AWS::SNS::Subscription').map(s => [
        s.Properties.TopicArn.Ref,
        s.Properties.Protocol,
        s.Properties.Endpoint,
      ]),
    ).toEqual(
      topics.map(t => [
        t,
        'lambda',
        { 'Fn::GetAtt': ['NotifierFunction', 'Arn'] },
      ]),
    );
    expect(
      byType('AWS::Lambda::Permission').map(p => [
        p.Properties.Principal,
        p.Properties.SourceArn.Ref ?? p.Properties.SourceArn['Fn::Sub'],
        p.Properties.FunctionName.Ref,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ...topics.map(t => ['sns.amazonaws.com', t, 'NotifierFunction']),
        // Every tenant's topic, in one statement.
        [
          'sns.amazonaws.com',
          'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*-alerts',
          'NotifierFunction',
        ],
      ]),
    );
    expect(byType('AWS::Lambda::Permission')).toHaveLength(topics.length + 1);
  });

  it('grants the role only what the function needs', () => {
    const statements = roleStatements();

    expect(statements.map((s: any) => [s.Effect, s.Action])).toEqual([
      ['Allow', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['Allow', 's3:GetObject'],
      ['Allow', 'ses:SendEmail'],
      ['Allow', 'sns:Publish'],
      ['Deny', 'sns:Publish'],
      ['Allow', 'sqs:SendMessage'],
    ]);
    expect(
      statements.find((s: any) => s.Action === 'sqs:SendMessage').Resource,
    ).toEqual({
      'Fn::GetAtt': ['DeadLetterQueue', 'Arn'],
    });
    expect(JSON.stringify(statements)).not.toMatch(
      /"Action":"\*"|:\*"\]|"[a-z]+:\*"/,
    );
  });

  it('reads the routing document from the one S3 object its role may read, and from nothing else', () => {
    const fn = resource('NotifierFunction');
    const uri = sub(fn.Properties.Environment.Variables.NOTIFIER_CONFIG_S3);
    const s3Statements = roleStatements().filter((st: any) =>
      [st.Action].flat().some((a: string) => a.startsWith('s3:')),
    );

    // What the function makes of its environment is the object the role names.
    expect(loadSettings({ NOTIFIER_CONFIG_S3: uri }).routing).toEqual({
      type: 's3',
      bucket: BUCKET,
      key: 'routing.json',
      refreshSeconds: 300,
    });
    expect(s3Statements).toEqual([
      {
        Sid: 'RoutingDocument',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Sub': '${RoutingDocumentBucket.Arn}/routing.json' },
      },
    ]);
    expect(sub(s3Statements[0].Resource)).toBe(
      `arn:aws:s3:::${BUCKET}/routing.json`,
    );
    expect(sub(template.Outputs!.RoutingDocumentUri.Value)).toBe(uri);
  });

  it('reads the routing document again every RoutingRefreshSeconds, 5 minutes unless set', () => {
    const fn = resource('NotifierFunction');

    expect(
      fn.Properties.Environment.Variables.NOTIFIER_CONFIG_REFRESH_SECONDS,
    ).toEqual({ Ref: 'RoutingRefreshSeconds' });
    expect(template.Parameters.RoutingRefreshSeconds).toMatchObject({
      Type: 'Number',
      Default: 300,
      MinValue: 0,
      MaxValue: 86400,
    });
    // The document is no stack parameter: it lives in the bucket.
    expect(Object.keys(template.Parameters)).not.toContain('NotifierConfig');
  });

  it('keeps the routing document, which holds webhook URLs, private, encrypted, versioned and TLS only', () => {
    const bucket = resource('RoutingDocumentBucket') as any;
    const policy = resource('RoutingDocumentBucketPolicy');

    expect(bucket).toMatchObject({
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    });
    expect(policy.Properties.Bucket).toEqual({ Ref: 'RoutingDocumentBucket' });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    const arn = (r: any) =>
      r['Fn::GetAtt'] ? PSEUDO[r['Fn::GetAtt'].join('.')] : sub(r);
    expect(
      policy.Properties.PolicyDocument.Statement[0].Resource.map(arn),
    ).toEqual([`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`]);
  });

  it('passes the CloudFormation resource specification once packaged', () => {
    // `aws cloudformation package` replaces the local Code path with the uploaded zip.
    const packaged = structuredClone(template);
    packaged.Resources.NotifierFunction.Properties.Code = {
      S3Bucket: 'my-artifacts-bucket',
      S3Key: 'notifier/0123456789abcdef.zip',
    };

    expect(
      validateManifests([
        {
          path: 'cloudformation/notifier.yaml',
          content: stringify(packaged),
          format: 'cloudformation',
        },
      ]),
    ).toEqual([]);
  });
});
