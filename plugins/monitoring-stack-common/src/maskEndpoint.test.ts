import { maskEndpoint } from './maskEndpoint';

describe('maskEndpoint', () => {
  it.each([
    ['team@example.com', 't***@example.com'],
    [
      'https://hooks.example.com/services/T000/B000/XXXX',
      'https://hooks.example.com/***',
    ],
    [
      'https://user:secret@hooks.example.com/x',
      'https://hooks.example.com/***',
    ],
    [
      'http://hooks.example.com:8080/x?token=y',
      'http://hooks.example.com:8080/***',
    ],
    ['+4915112345678', '***78'],
    ['arn:aws:sqs:eu-west-1:123456789012:queue', 'arn:aws:sqs:eu-west-1:***'],
    [
      'arn:aws:lambda:eu-west-1:123456789012:function:notifier',
      'arn:aws:lambda:eu-west-1:***',
    ],
    ['@example.com', '***'],
    ['123', '***'],
    ['', '***'],
    ['https://', '***'],
  ])('%p → %p', (endpoint, masked) => {
    expect(maskEndpoint(endpoint)).toBe(masked);
  });
});
