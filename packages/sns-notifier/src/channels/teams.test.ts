import type { Notification } from '../notification';
import { adaptiveCardMessage, messageCard } from './teams';

// Every string here is alert-controlled (names, summaries, labels).
const hostile: Notification = {
  source: 'alertmanager',
  severity: 'critical',
  title: '[FIRING:1] <at>Alex</at> **urgent** (critical)',
  details: [
    'FIRING X: [login](https://evil.example) _now_ & \\ <https://evil.example>',
    '- not a list',
    '12. not a list either',
  ],
  link: 'https://grafana.example.com/explore?orgId=1&left=%7B%7D',
};

describe('adaptiveCardMessage', () => {
  it('escapes the TextBlock Markdown, mentions and links of alert text and keeps its own link', () => {
    const { content } = adaptiveCardMessage(hostile).attachments[0];

    expect(content.body.map(block => block.text)).toEqual([
      '\\[FIRING:1\\] \\<at\\>Alex\\</at\\> \\*\\*urgent\\*\\* \\(critical\\)',
      'FIRING X: \\[login\\]\\(https://evil.example\\) \\_now\\_ \\& \\\\ \\<https://evil.example\\>',
      '\\- not a list',
      '12\\. not a list either',
    ]);
    expect(content.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open source',
        url: 'https://grafana.example.com/explore?orgId=1&left=%7B%7D',
      },
    ]);
    expect(JSON.stringify(content)).not.toMatch(/<at>|\]\(/);
  });
});

describe('messageCard', () => {
  it('escapes the Markdown and HTML of alert text and keeps its own link', () => {
    const card = messageCard({
      ...hostile,
      details: [
        'FIRING X: <a href="https://evil.example">login</a> [login](https://evil.example) ![i](https://evil.example/i.png)',
        '# not a heading',
        '> not a quote',
        '- not a list',
        '~~x~~ `code` *em* _em_ & <at>Alex</at> \\',
      ],
    });

    expect(card.text).toBe(
      [
        'FIRING X: &lt;a href="https://evil.example"&gt;login&lt;/a&gt; \\[login\\]\\(https://evil.example\\) !\\[i\\]\\(https://evil.example/i.png\\)',
        '\\# not a heading',
        '&gt; not a quote',
        '\\- not a list',
        '\\~\\~x\\~\\~ \\`code\\` \\*em\\* \\_em\\_ &amp; &lt;at&gt;Alex&lt;/at&gt; \\\\',
      ].join('  \n'),
    );
    // Teams formats a card's text only; title and summary are shown as they are.
    expect(card.title).toBe(hostile.title);
    expect(card.summary).toBe(hostile.title);
    expect(card.potentialAction).toEqual([
      {
        '@type': 'OpenUri',
        name: 'Open source',
        targets: [{ os: 'default', uri: hostile.link }],
      },
    ]);
  });
});
