import { notifierTemplate as template } from './__testUtils__/cloudFormation';

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
      'NOTIFIER_CONFIG',
    ]);
    expect(fn.Properties.Environment.Variables.DLQ_URL).toEqual({
      Ref: 'DeadLetterQueue',
    });
  });

  it('subscribes the function to every topic and lets each topic invoke it', () => {
    const topics = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::SNS::Topic')
      .map(([id]) => id);
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
    const statements = resource('FunctionRole').Properties.Policies.flatMap(
      (p: any) => p.PolicyDocument.Statement,
    );

    expect(statements.map((s: any) => [s.Effect, s.Action])).toEqual([
      ['Allow', ['logs:CreateLogStream', 'logs:PutLogEvents']],
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
});
