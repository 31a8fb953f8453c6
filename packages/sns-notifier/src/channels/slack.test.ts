import type { Notification } from '../notification';
import { slackPayload } from './slack';

// Every string here is alert-controlled (names, summaries, labels, the query).
const hostile: Notification = {
  source: 'alertmanager',
  severity: 'critical',
  title: '[FIRING:1] <!here> & <@U123> (critical)',
  details: [
    'FIRING X: <!channel> <https://evil.example|login> [namespace=<#C123>]',
    '  LogQL: {app="a"} |= "<b>" & <!subteam^S123>',
  ],
  link: 'https://grafana.example.com/explore?orgId=1&left=%7B%7D',
};

describe('slackPayload', () => {
  it('escapes &, < and > in every alert-controlled string and keeps its own link a link', () => {
    expect(slackPayload(hostile)).toEqual({
      text: [
        '[FIRING:1] &lt;!here&gt; &amp; &lt;@U123&gt; (critical)',
        '',
        'FIRING X: &lt;!channel&gt; &lt;https://evil.example|login&gt; [namespace=&lt;#C123&gt;]',
        '  LogQL: {app="a"} |= "&lt;b&gt;" &amp; &lt;!subteam^S123&gt;',
        '',
        'https://grafana.example.com/explore?orgId=1&amp;left=%7B%7D',
      ].join('\n'),
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: '[FIRING:1] &lt;!here&gt; &amp; &lt;@U123&gt; (critical)',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'FIRING X: &lt;!channel&gt; &lt;https://evil.example|login&gt; [namespace=&lt;#C123&gt;]\n  LogQL: {app="a"} |= "&lt;b&gt;" &amp; &lt;!subteam^S123&gt;',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '<https://grafana.example.com/explore?orgId=1&amp;left=%7B%7D|Open source>',
            },
          ],
        },
      ],
    });
  });

  it('keeps a link with | or > from ending the link markup early', () => {
    const { blocks } = slackPayload({
      ...hostile,
      link: 'https://grafana.example.com/a|<!channel>',
    });

    expect(blocks[2]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '<https://grafana.example.com/a%7C&lt;!channel&gt;|Open source>',
        },
      ],
    });
  });

  it('does not cut an escape in half when it truncates', () => {
    const { blocks } = slackPayload({
      ...hostile,
      details: [`${'x'.repeat(2998)}<`],
    });

    expect(blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `${'x'.repeat(2998)}…` },
    });
  });
});
