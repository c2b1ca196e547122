// What a download may become in the cabin. Decided twice: on the announced name and type when
// the download starts (so a refused file never lands), and on the first bytes once it has landed
// (so `facture.pdf` that is really a Windows program is refused too).
import type { DownloadRefusal } from '../session/types';

/** Files that run code when opened somewhere, on any of the systems a cabin or a resident's USB key may meet. */
export const DANGEROUS_EXTENSIONS: readonly string[] = [
  // Windows programs, installers and scripts
  'exe',
  'msi',
  'msp',
  'msix',
  'msixbundle',
  'appx',
  'appxbundle',
  'appinstaller',
  'com',
  'scr',
  'pif',
  'cpl',
  'dll',
  'ocx',
  'sys',
  'drv',
  'bat',
  'cmd',
  'ps1',
  'psm1',
  'psd1',
  'vbs',
  'vbe',
  'js',
  'jse',
  'wsf',
  'wsh',
  'wsc',
  'hta',
  'lnk',
  'reg',
  'inf',
  'scf',
  'url',
  'msc',
  'gadget',
  'application',
  'xbap',
  'vhd',
  'vhdx',
  'iso',
  'img',
  'chm',
  'settingcontent-ms',
  'library-ms',
  'search-ms',
  // Linux / Unix
  'sh',
  'bash',
  'zsh',
  'csh',
  'ksh',
  'fish',
  'run',
  'bin',
  'elf',
  'out',
  'so',
  'ko',
  'appimage',
  'deb',
  'rpm',
  'snap',
  'flatpak',
  'flatpakref',
  'flatpakrepo',
  'desktop',
  'service',
  // macOS
  'app',
  'dmg',
  'pkg',
  'mpkg',
  'command',
  'tool',
  'dylib',
  'workflow',
  'terminal',
  'webloc',
  // Android, Java, interpreters, browsers
  'apk',
  'aab',
  'xapk',
  'apks',
  'ipa',
  'jar',
  'jnlp',
  'class',
  'py',
  'pyc',
  'pyw',
  'pl',
  'rb',
  'php',
  'lua',
  'crx',
  'xpi',
  // Local web pages (they would open as file: pages, with file: privileges)
  'html',
  'htm',
  'xhtml',
  'xht',
  'shtml',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
];

const DANGEROUS = new Set(DANGEROUS_EXTENSIONS);

/** Default ceiling of one download: a tax notice is ~200 kB, a scanned form a few MB. */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

export interface DownloadAnnounce {
  /** The name the site proposes (Content-Disposition, `download` attribute or URL). */
  filename: string;
  mime?: string;
  /** Announced size, when known (negative or 0 means unknown). */
  bytes?: number;
}

export type DownloadDecision = { accept: true; filename: string } | { accept: false; reason: DownloadRefusal };

/** MIME types that say "program" whatever the file is called. */
const DANGEROUS_MIME =
  /^(application\/(x-(ms)?dos-?executable|x-msdownload|x-msi|x-ms-installer|x-executable|x-elf|x-sharedlib|x-sh|x-shellscript|x-csh|vnd\.android\.package-archive|java-archive|x-java-archive|x-java-jnlp-file|x-apple-diskimage|x-debian-package|x-rpm|x-redhat-package-manager|x-desktop|x-bat|x-msdos-program|hta|x-ms-shortcut|x-ms-application|vnd\.microsoft\.portable-executable|x-appimage|x-xpinstall|x-chrome-extension|xhtml\+xml)|text\/(html|x-shellscript|x-sh|x-python|x-perl|javascript|x-desktop)|image\/svg\+xml)\b/i;

/** Lower-case extension after the last dot, ignoring the trailing dots and spaces Windows drops. */
export function extensionOf(filename: string): string {
  const name = filename.trim().replace(/[. ]+$/, '');
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Characters refused in file names on Windows, or that reverse the displayed text (bidi overrides). */
const UNSAFE_IN_NAME = /[<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const isControl = (c: string) => {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

/**
 * A name safe to create in the session folder: no directories, no control or reserved
 * characters, no leading dot (hidden), no trailing dots/spaces, at most 120 characters.
 */
export function safeDownloadName(filename: string, fallback = 'document'): string {
  let name = filename.split(/[\\/]/).pop() ?? '';
  name = name
    .normalize('NFC')
    .replace(/./gsu, (c) => (UNSAFE_IN_NAME.test(c) || isControl(c) ? '_' : c))
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '');
  if (!name) name = fallback;
  if (name.length > 120) {
    const ext = extensionOf(name);
    const keep = ext && ext.length < 12 ? `.${ext}` : '';
    name = name.slice(0, 120 - keep.length) + keep;
  }
  return name;
}

export function decideDownload(announce: DownloadAnnounce, maxBytes = MAX_DOWNLOAD_BYTES): DownloadDecision {
  const filename = safeDownloadName(announce.filename);
  if (DANGEROUS.has(extensionOf(filename))) return { accept: false, reason: 'dangerous-type' };
  if (announce.mime && DANGEROUS_MIME.test(announce.mime)) return { accept: false, reason: 'dangerous-type' };
  if (announce.bytes !== undefined && announce.bytes > maxBytes) return { accept: false, reason: 'too-large' };
  return { accept: true, filename };
}

export type SniffedKind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'executable' | 'script' | 'html' | 'unknown';

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What the first bytes of a file are (at least 512 bytes should be given). */
export function sniffContent(head: Uint8Array): SniffedKind {
  // PDF: the header may follow a little garbage (the spec tolerates up to 1024 bytes).
  const text = String.fromCharCode(...head.subarray(0, Math.min(head.length, 1024)));
  if (text.startsWith('%PDF-') || (text.includes('%PDF-') && text.indexOf('%PDF-') < 1024)) return 'pdf';
  if (startsWith(head, [0x4d, 0x5a])) return 'executable'; // MZ: Windows PE, DOS
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'executable'; // ELF
  if (startsWith(head, [0xca, 0xfe, 0xba, 0xbe]) || startsWith(head, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(head, [0xce, 0xfa, 0xed, 0xfe]))
    return 'executable'; // Mach-O / Java class
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) && /\.msi|Installer/i.test(text)) return 'executable'; // MSI (an OLE file)
  if (startsWith(head, ascii('#!'))) return 'script';
  if (/^\s*\[Desktop Entry\]/.test(text)) return 'script';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF8'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Zip: Java and Android archives name their manifest near the start.
    if (/META-INF\/MANIFEST\.MF|AndroidManifest\.xml|classes\.dex/.test(text)) return 'executable';
    return 'zip';
  }
  if (/^\s*(<!doctype html|<html|<script|<svg|<\?xml)/i.test(text)) return 'html';
  return 'unknown';
}

/** Contents refused whatever the name said. */
export function dangerousContent(kind: SniffedKind): boolean {
  return kind === 'executable' || kind === 'script' || kind === 'html';
}
