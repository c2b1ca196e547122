import { describe, expect, it } from 'vitest';
import { DANGEROUS_EXTENSIONS, dangerousContent, decideDownload, extensionOf, safeDownloadName, sniffContent } from '../../../../src/shared/policy/downloads';

const bytes = (s: string | number[]) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));

describe('download policy', () => {
  it.each([
    'exe',
    'msi',
    'sh',
    'desktop',
    'apk',
    'bat',
    'jar',
    'cmd',
    'ps1',
    'vbs',
    'lnk',
    'deb',
    'rpm',
    'AppImage',
    'dmg',
    'html',
    'svg',
    'jnlp',
    'scr',
    'hta',
  ])('refuses .%s as a dangerous type', (ext) => {
    expect(decideDownload({ filename: `facture.${ext}` })).toEqual({ accept: false, reason: 'dangerous-type' });
  });

  it('sees through double extensions and the trailing dots and spaces Windows drops', () => {
    expect(decideDownload({ filename: 'avis.pdf.exe' })).toMatchObject({ accept: false });
    expect(decideDownload({ filename: 'avis.exe.' })).toMatchObject({ accept: false });
    expect(decideDownload({ filename: 'avis.exe   ' })).toMatchObject({ accept: false });
    expect(decideDownload({ filename: 'AVIS.EXE' })).toMatchObject({ accept: false });
  });

  it('refuses program MIME types whatever the name', () => {
    expect(decideDownload({ filename: 'avis.pdf', mime: 'application/x-msdownload' })).toEqual({ accept: false, reason: 'dangerous-type' });
    expect(decideDownload({ filename: 'x', mime: 'application/vnd.android.package-archive' })).toMatchObject({ accept: false });
    expect(decideDownload({ filename: 'x', mime: 'text/html; charset=utf-8' })).toMatchObject({ accept: false });
  });

  it('accepts documents and refuses what is announced too large', () => {
    expect(decideDownload({ filename: 'avis-impot-2025.pdf', mime: 'application/pdf', bytes: 180_000 })).toEqual({
      accept: true,
      filename: 'avis-impot-2025.pdf',
    });
    expect(decideDownload({ filename: 'photo.jpg', mime: 'image/jpeg' })).toMatchObject({ accept: true });
    expect(decideDownload({ filename: 'big.pdf', bytes: 200 * 1024 * 1024 })).toEqual({ accept: false, reason: 'too-large' });
    expect(decideDownload({ filename: 'big.pdf', bytes: 2000 }, 1000)).toEqual({ accept: false, reason: 'too-large' });
  });

  it('makes names safe to create in the session folder', () => {
    expect(safeDownloadName('../../etc/passwd')).toBe('passwd');
    expect(safeDownloadName('C:\\Windows\\system32\\x.pdf')).toBe('x.pdf');
    expect(safeDownloadName('.bashrc')).toBe('bashrc');
    expect(safeDownloadName('a\u0000b\u202e.pdf')).toBe('a_b_.pdf');
    expect(safeDownloadName('...')).toBe('document');
    const long = safeDownloadName(`${'a'.repeat(300)}.pdf`);
    expect(long.length).toBe(120);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('README')).toBe('');
  });

  it('covers at least the types the brief names', () => {
    for (const ext of ['exe', 'msi', 'sh', 'desktop', 'apk', 'bat', 'jar']) expect(DANGEROUS_EXTENSIONS).toContain(ext);
  });

  it('sniffs what the bytes really are', () => {
    expect(sniffContent(bytes('%PDF-1.7\n%âãÏÓ'))).toBe('pdf');
    expect(sniffContent(bytes('MZ\x90\x00\x03'))).toBe('executable');
    expect(sniffContent(bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBe('executable');
    expect(sniffContent(bytes('#!/bin/sh\nrm -rf ~'))).toBe('script');
    expect(sniffContent(bytes('[Desktop Entry]\nExec=sh'))).toBe('script');
    expect(sniffContent(bytes('PK\x03\x04\x14\x00META-INF/MANIFEST.MF'))).toBe('executable');
    expect(sniffContent(bytes('PK\x03\x04\x14\x00word/document.xml'))).toBe('zip');
    expect(sniffContent(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('png');
    expect(sniffContent(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffContent(bytes('<!DOCTYPE html><script>'))).toBe('html');
    expect(sniffContent(bytes('hello'))).toBe('unknown');
    expect(dangerousContent('executable')).toBe(true);
    expect(dangerousContent('pdf')).toBe(false);
  });
});
