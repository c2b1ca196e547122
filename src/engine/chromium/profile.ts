// The fresh profile of one session's Chromium: preferences written before the browser starts,
// command-line switches, and an environment that keeps everything the browser writes (its
// "home", caches, NSS database, temp files) inside the session's RAM-backed directory.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Guard } from '../page-guard';

const BLOCK = 2;

/**
 * Content settings denied by default. Each one is a prompt (or a device chooser) a page could
 * open; `--deny-permission-prompts` answers the rest. Grants from the démarche's config are
 * applied per allowed origin through CDP, on top of these.
 */
const DENIED_CONTENT_SETTINGS = [
  'geolocation',
  'notifications',
  'media_stream_camera',
  'media_stream_mic',
  'midi_sysex',
  'clipboard',
  'hid_guard',
  'usb_guard',
  'serial_guard',
  'bluetooth_guard',
  'bluetooth_scanning',
  'file_system_read_guard',
  'file_system_write_guard',
  'sensors',
  'idle_detection',
  'window_placement',
  'local_fonts',
  'payment_handler',
  'background_sync',
  'ar',
  'vr',
  'nfc',
  'keyboard_lock',
  'pointer_lock',
  'captured_surface_control',
  'auto_picture_in_picture',
  'local_network_access',
  'protocol_handler',
  'web_app_installation',
  'storage_access',
];

export interface ProfileOptions {
  /** Folder where downloads land while in flight (inside the session). */
  incomingDir: string;
  disabled: ReadonlySet<Guard>;
}

/** Writes the Preferences of a fresh profile. Chromium merges them with its defaults at start. */
export async function prepareProfile(profileDir: string, options: ProfileOptions): Promise<void> {
  const defaultDir = path.join(profileDir, 'Default');
  await mkdir(defaultDir, { recursive: true });
  await mkdir(options.incomingDir, { recursive: true });
  for (const dir of ['home', 'tmp', 'cache', 'config', 'data']) await mkdir(path.join(profileDir, dir), { recursive: true });
  const deny = !options.disabled.has('permissions');
  const preferences = {
    // PDFs are downloaded (then shown in the cabin's pdf.js viewer with our "Imprimer"),
    // never opened in Chromium's viewer with its Save and Print buttons.
    plugins: { always_open_pdf_externally: true },
    download: { prompt_for_download: false, directory_upgrade: true, default_directory: options.incomingDir },
    savefile: { default_directory: options.incomingDir },
    // The print dialog is never shown: window.print() is ours (see page-scripts.ts); with printing
    // off, even a print() that slipped past us opens nothing. Page.printToPDF still works.
    printing: { enabled: options.disabled.has('print') },
    translate: { enabled: false },
    credentials_enable_service: false,
    credentials_enable_autosignin: false,
    autofill: { enabled: false, profile_enabled: false, credit_card_enabled: false },
    browser: { enable_spellchecking: false, check_default_browser: false, has_seen_welcome_page: true },
    spellcheck: { dictionaries: [], use_spelling_service: false },
    safebrowsing: { enabled: false },
    search: { suggest_enabled: false },
    alternate_error_pages: { enabled: false },
    net: { network_prediction_options: 2 },
    signin: { allowed: false },
    intl: { accept_languages: 'fr-FR,fr,en' },
    session: { restore_on_startup: 5 },
    profile: {
      password_manager_enabled: false,
      exit_type: 'Normal',
      default_content_setting_values: deny ? Object.fromEntries(DENIED_CONTENT_SETTINGS.map((k) => [k, BLOCK])) : {},
    },
  };
  await writeFile(path.join(defaultDir, 'Preferences'), JSON.stringify(preferences));
  await writeFile(path.join(profileDir, 'Local State'), JSON.stringify({ background_mode: { enabled: false } }));
}

export interface ChromiumArgsOptions {
  disabled: ReadonlySet<Guard>;
  extra?: readonly string[];
}

export function chromiumArgs(options: ChromiumArgsOptions): string[] {
  const args = [
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-breakpad',
    '--disable-crash-reporter',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-speech-api',
    '--disable-session-crashed-bubble',
    '--hide-crash-restore-bubble',
    '--noerrdialogs',
    '--password-store=basic',
    '--use-mock-keychain',
    '--overscroll-history-navigation=0',
    '--lang=fr-FR',
    '--disable-features=' +
      [
        'Translate',
        'OptimizationHints',
        'MediaRouter',
        'DialMediaRouteProvider',
        'GlobalMediaControls',
        'AutofillServerCommunication',
        'InterestFeedContentSuggestions',
        'CertificateTransparencyComponentUpdater',
        'PrivacySandboxSettings4',
        'FedCm', // the browser's account chooser
        'WebOTP',
        'DigitalCredentials',
        'HttpsUpgrades',
      ].join(','),
  ];
  // The File System Access pickers (showOpenFilePicker & co.) browse the whole disk: gone.
  // Chromium reads one --disable-blink-features: every feature goes in the same list.
  const blinkOff: string[] = [];
  // The File System Access pickers (showOpenFilePicker & co.) browse the whole disk: gone.
  if (!options.disabled.has('file-chooser')) blinkOff.push('FileSystemAccessLocal', 'FileSystemAccessAPIExperimental');
  // Windows of their own over the cabin: Document picture-in-picture (an always-on-top window the page fills), and
  // EyeDropper's magnifier (takes the pointer, reads pixels outside the page). Video PiP has no switch: the
  // Permissions-Policy header of every document refuses it (src/engine/response-headers.ts).
  if (!options.disabled.has('overlays')) blinkOff.push('DocumentPictureInPictureAPI', 'EyeDropperAPI');
  if (blinkOff.length) args.push(`--disable-blink-features=${blinkOff.join(',')}`);
  if (!options.disabled.has('permissions')) {
    // No permission prompt ever; getDisplayMedia's screen picker, which is not a permission prompt and holds the
    // page while it is open, is answered "no" at once; and so is its "this tab" prompt (preferCurrentTab), which
    // --auto-reject-capture does not answer (measured, Chromium 156).
    args.push('--deny-permission-prompts', '--auto-reject-capture', '--auto-reject-this-tab-capture');
  }
  return [...args, ...(options.extra ?? [])];
}

/** Switches of Playwright's default set that would make the audit blind to an escape. */
export const IGNORED_PLAYWRIGHT_DEFAULTS = ['--disable-popup-blocking', '--enable-automation'];

/** The browser's environment: its home and caches inside the session directory (deleted by the wipe). */
export function chromiumEnv(profileDir: string, base: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    // Chromium's own words in a page (a file input's « Choisir un fichier ») follow LANGUAGE on Linux, where --lang
    // is ignored; the translations are Debian's chromium-l10n.
    LANGUAGE: 'fr',
    HOME: path.join(profileDir, 'home'),
    TMPDIR: path.join(profileDir, 'tmp'),
    XDG_CACHE_HOME: path.join(profileDir, 'cache'),
    XDG_CONFIG_HOME: path.join(profileDir, 'config'),
    XDG_DATA_HOME: path.join(profileDir, 'data'),
    ...extra,
  };
}
