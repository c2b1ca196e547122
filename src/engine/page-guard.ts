// What the engine does in every target of a démarche view (its page, its popups and their
// out-of-process frames), identically in Electron and in Chromium, through CDP:
//   file chooser → our picker; window.print()/Ctrl+P → `print-requested`; JS dialogs answered
//   (never a native dialog); activity and text-field focus reported; browser shortcuts blocked;
//   network loss and renderer crashes reported.
import { DisposableStore, toDisposable } from '../base/lifecycle';
import { classifyShortcut } from '../shared/policy/shortcuts';
import { fieldDescriptorOf, isOneTimeCodeField } from '../shared/policy/one-time-code';
import { sendQuietly, type CdpParams, type CdpSession } from './cdp';
import type { FileChooserGate } from './file-chooser';
import type { NoticeSink } from './notices';
import {
  blockedShortcutNames,
  ISOLATED_WORLD,
  isolatedWorldScript,
  NOTICE_BINDING,
  overlayOverrideScript,
  PRINT_BINDING,
  printOverrideScript,
} from './page-scripts';

/** Engine-level switches the escape audit's self-test turns off to prove it catches each escape. */
export const GUARDS = [
  'navigation',
  'popups',
  'downloads',
  'file-chooser',
  'print',
  'permissions',
  'external-protocols',
  'shortcuts',
  'dialogs',
  // HTTP login challenges; windows and grabs of their own (picture-in-picture, EyeDropper); history before the démarche.
  'auth',
  'overlays',
  'history',
  // The payment rule, made too loose (any http(s) host, any window, any time): the audit must catch it.
  'payment',
] as const;
export type Guard = (typeof GUARDS)[number];

export interface PageGuardOptions {
  emit: NoticeSink;
  chooser: FileChooserGate;
  /** Guards switched off (audit self-test only; empty in the cabin). */
  disabled?: ReadonlySet<Guard>;
  /** Whether this target is a whole page (true) or an out-of-process frame. */
  isPage: boolean;
  /** Whether the open démarche may go fullscreen (config grant); otherwise fullscreen is left at once. */
  allowFullscreen?: () => boolean;
}

/** Network errors that mean "no connection", as opposed to a site refusing or failing. */
const OFFLINE_ERRORS =
  /^net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|ADDRESS_UNREACHABLE|NETWORK_CHANGED|NETWORK_ACCESS_DENIED|CONNECTION_TIMED_OUT|TIMED_OUT|PROXY_CONNECTION_FAILED)$/;

let blockedNames: string[] | null = null;

export interface PageGuard {
  dispose(): void;
}

/** Guards one target. Resolves once every interception is in place (call before the target navigates). */
export async function guardTarget(cdp: CdpSession, options: PageGuardOptions): Promise<PageGuard> {
  const { emit, disabled = new Set<Guard>() } = options;
  const offs = new DisposableStore();
  let lastPrint = 0;
  let offline = false;

  const printRequested = () => {
    // A page calling print() in a loop must not flood the cabin with print screens.
    const now = Date.now();
    if (now - lastPrint < 1000) return;
    lastPrint = now;
    emit({ type: 'print-requested' });
  };

  offs.add(
    toDisposable(
      cdp.on('Runtime.bindingCalled', (e: CdpParams) => {
        if (e.name === PRINT_BINDING) return printRequested();
        if (e.name !== NOTICE_BINDING || typeof e.payload !== 'string') return;
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(e.payload) as Record<string, unknown>;
        } catch {
          return;
        }
        if (message.type === 'fullscreen') {
          if (!disabled.has('permissions') && !options.allowFullscreen?.()) {
            void sendQuietly(cdp, 'Runtime.evaluate', { expression: 'document.fullscreenElement && document.exitFullscreen().catch(() => {})' });
            emit({ type: 'permission-denied', permission: 'fullscreen', origin: '' });
          }
        } else if (message.type === 'activity') emit({ type: 'activity' });
        else if (message.type === 'text-field-focused') {
          // The field's attributes and label stay here: only the heuristic's answer goes on.
          const field = fieldDescriptorOf(message.field);
          emit({ type: 'text-field-focused', oneTimeCode: field !== null && isOneTimeCodeField(field) });
        } else if (message.type === 'shortcut') {
          const action = classifyShortcut({
            type: 'keyDown',
            key: String(message.key ?? ''),
            code: String(message.code ?? ''),
            control: message.control === true,
            alt: message.alt === true,
            shift: message.shift === true,
            meta: message.meta === true,
          });
          if (action.action === 'print') printRequested();
        }
      }),
    ),
  );

  if (!disabled.has('dialogs'))
    offs.add(
      toDisposable(
        cdp.on('Page.javascriptDialogOpening', (e: CdpParams) => {
          const type = e.type === 'confirm' || e.type === 'prompt' || e.type === 'beforeunload' ? e.type : 'alert';
          // Never a native dialog. Leaving a page is always allowed (the cabin decides when to leave);
          // a confirm/prompt is answered "Annuler" so nothing is confirmed behind the resident's back.
          void sendQuietly(cdp, 'Page.handleJavaScriptDialog', { accept: type === 'beforeunload' || type === 'alert' });
          emit({ type: 'dialog-dismissed', dialog: type });
        }),
      ),
    );

  if (options.isPage) {
    offs.add(toDisposable(cdp.on('Inspector.targetCrashed', () => emit({ type: 'crashed', reason: 'renderer-crashed' }))));
    offs.add(
      toDisposable(
        cdp.on('Network.loadingFailed', (e: CdpParams) => {
          if (e.type !== 'Document' || e.canceled === true) return;
          if (typeof e.errorText === 'string' && OFFLINE_ERRORS.test(e.errorText) && !offline) {
            offline = true;
            emit({ type: 'network', online: false });
          }
        }),
      ),
    );
    offs.add(
      toDisposable(
        cdp.on('Page.frameNavigated', (e: CdpParams) => {
          const frame = e.frame as { parentId?: string; url?: string } | undefined;
          if (!frame || frame.parentId) return;
          if (offline && /^https?:/.test(frame.url ?? '')) {
            offline = false;
            emit({ type: 'network', online: true });
          }
        }),
      ),
    );
  }

  await cdp.send('Page.enable');
  await cdp.send('Runtime.enable');
  if (options.isPage) {
    // WebAuthn's "use your security key" dialog holds the page (measured): requests go to an
    // empty virtual authenticator environment instead, with no UI; they fail, nothing shows.
    if (!disabled.has('dialogs')) await sendQuietly(cdp, 'WebAuthn.enable', { enableUI: false });
    await sendQuietly(cdp, 'Inspector.enable');
    await sendQuietly(cdp, 'Network.enable', { maxResourceBufferSize: 0, maxTotalBufferSize: 0 });
  }
  if (!disabled.has('file-chooser')) offs.add(toDisposable(await options.chooser.attach(cdp)));

  if (!disabled.has('print')) {
    await cdp.send('Runtime.addBinding', { name: PRINT_BINDING });
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: printOverrideScript(), runImmediately: true });
  }
  if (!disabled.has('overlays')) await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: overlayOverrideScript(), runImmediately: true });
  if (!disabled.has('shortcuts')) blockedNames ??= blockedShortcutNames();
  await cdp.send('Runtime.addBinding', { name: NOTICE_BINDING, executionContextName: ISOLATED_WORLD });
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
    source: isolatedWorldScript({ blocked: disabled.has('shortcuts') ? [] : (blockedNames ?? []), releasePointerLock: !disabled.has('permissions') }),
    worldName: ISOLATED_WORLD,
    runImmediately: true,
  });

  return {
    dispose() {
      offs.dispose();
    },
  };
}
