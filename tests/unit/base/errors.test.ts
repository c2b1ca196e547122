import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../src/base/errors';

describe('messageOf', () => {
  it('the message of an Error (and of its subclasses), without the class name', () => {
    expect(messageOf(new Error('disk full'))).toBe('disk full');
    expect(messageOf(new TypeError('not a function'))).toBe('not a function');
  });

  it('anything else thrown, as a string', () => {
    expect(messageOf('could not read from HID device')).toBe('could not read from HID device');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf(null)).toBe('null');
    expect(messageOf({ code: 'EIO' })).toBe('[object Object]');
  });
});
