import { describe, expect, it } from 'vitest';
import { canonicalPermission, decidePermission, electronMediaPermissions } from '../../../../src/shared/policy/permissions';

const policy = { allow: ['visio.example.fr'] };

describe('permission policy', () => {
  it.each([
    'geolocation',
    'notifications',
    'camera',
    'microphone',
    'clipboard-read',
    'midi',
    'midiSysex',
    'hid',
    'usb',
    'serial',
    'bluetooth',
    'fullscreen',
    'pointerLock',
    'openExternal',
    'display-capture',
    'idle-detection',
    'something-new',
  ])('denies %s when the démarche grants nothing', (permission) => {
    expect(decidePermission(policy, [], { permission, requestingUrl: 'https://visio.example.fr/' })).toBe(false);
  });

  it('grants a configured permission to allowed pages only', () => {
    expect(decidePermission(policy, ['camera'], { permission: 'videoCapture', requestingUrl: 'https://visio.example.fr/room' })).toBe(true);
    expect(decidePermission(policy, ['camera'], { permission: 'camera', requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(decidePermission(policy, ['camera'], { permission: 'camera', requestingUrl: 'http://visio.example.fr/' })).toBe(false);
    expect(decidePermission(policy, ['camera'], { permission: 'microphone', requestingUrl: 'https://visio.example.fr/' })).toBe(false);
  });

  it('never grants what the config cannot grant, even if named', () => {
    // @ts-expect-error geolocation is not grantable by the config schema
    expect(decidePermission(policy, ['geolocation'], { permission: 'geolocation', requestingUrl: 'https://visio.example.fr/' })).toBe(false);
  });

  it('maps every engine’s names onto ours', () => {
    expect(canonicalPermission('audioCapture')).toBe('microphone');
    expect(canonicalPermission('clipboardReadWrite')).toBe('clipboard-read');
    expect(canonicalPermission('clipboard-sanitized-write')).toBe('clipboard-write');
    expect(canonicalPermission('whatever')).toBe('unknown');
    expect(electronMediaPermissions(['video'])).toEqual(['camera']);
    expect(electronMediaPermissions(['audio', 'video'])).toEqual(['camera', 'microphone']);
    expect(electronMediaPermissions(undefined)).toEqual(['camera', 'microphone']);
  });
});
