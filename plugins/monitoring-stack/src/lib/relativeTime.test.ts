import { relativeTime } from './relativeTime';

const now = new Date('2024-05-01T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    ['2024-05-01T11:59:30Z', 'just now'],
    ['2024-05-01T11:59:00Z', '1 minute ago'],
    ['2024-05-01T11:15:00Z', '45 minutes ago'],
    ['2024-05-01T09:00:00Z', '3 hours ago'],
    ['2024-04-28T12:00:00Z', '3 days ago'],
    ['2024-05-01T14:00:00Z', 'in 2 hours'],
    [undefined, ''],
    ['not a time', ''],
  ])('%s → %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
