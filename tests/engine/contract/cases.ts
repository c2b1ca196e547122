// The engine contract: what every adapter of src/engine/port.ts must do, proved on real pages
// served by tests/fixtures/escape. Written with node:assert so that vitest (Chromium) and
// Playwright's runner (Electron) run the very same cases.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { GrantablePermission } from '../../../src/shared/config/schema';
import type { DemarcheView } from '../../../src/engine/port';
import { FIXTURE_ALLOW } from '../../fixtures/escape/server';
import { NoticeLog, sleep, until, type ContractHarness, type PageDriver, type SessionUnderTest } from './harness';

export interface ContractContext {
  h: ContractHarness;
  /** One session shared by the cases that do not test the session itself. */
  shared: SessionUnderTest;
}

export interface ContractCase {
  name: string;
  run(ctx: ContractContext): Promise<void>;
}

interface Opened {
  view: DemarcheView;
  log: NoticeLog;
  page: PageDriver;
  url: (p: string, host?: string) => string;
}

async function openAt(
  ctx: ContractContext,
  pathname: string,
  permissions: GrantablePermission[] = [],
  s: SessionUnderTest = ctx.shared,
  extraAllow: string[] = [],
): Promise<Opened> {
  const { h } = ctx;
  const url = (p: string, host = 'app.localhost') => h.fixtures.url(host, p);
  const view = await s.session.open({ id: 'contract', startUrl: url(pathname), allow: [...FIXTURE_ALLOW, ...extraAllow], permissions });
  const log = new NoticeLog(view);
  const page = h.driver(view);
  await until(async () => (await page.evaluate<string>('document.readyState')) === 'complete', `${pathname} loaded`);
  return { view, log, page, url };
}

function noEvilHits(ctx: ContractContext, since: number): void {
  const hits = ctx.h.fixtures.offListHits().filter((hit) => hit.at >= since);
  assert.deepEqual(hits, [], 'the off-list host was contacted');
}

export function contractCases(): ContractCase[] {
  return [
    {
      name: 'a session runs its own processes on its own profile, and destroy() ends them all',
      async run({ h }) {
        const s = await h.newSession();
        const pids = s.session.pids();
        assert.ok(pids.length >= 1, 'the session has processes');
        assert.ok(await h.pathExists(s.profileDir), 'the profile directory is used');
        await s.session.destroy();
        for (const pid of pids) assert.equal(await h.processRunning(pid), false, `process ${pid} survived destroy()`);
        assert.deepEqual(s.session.pids(), []);
      },
    },
    {
      name: 'sessions do not share cookies or storage (fresh profile each)',
      async run(ctx) {
        const a = await ctx.h.newSession();
        const b = await ctx.h.newSession();
        try {
          const first = await openAt(ctx, '/storage.html', [], a);
          assert.equal(await first.page.text('#before'), 'cookie=;local=');
          await until(async () => (await a.session.countStorageEntries()) !== 0, 'storage counted');
          assert.ok(((await a.session.countStorageEntries()) ?? 0) >= 2, 'cookie + localStorage counted');
          const second = await openAt(ctx, '/storage.html', [], b);
          assert.equal(await second.page.text('#before'), 'cookie=;local=', 'session B saw session A’s data');
        } finally {
          await Promise.all([a.session.destroy(), b.session.destroy()]);
        }
      },
    },
    {
      name: 'opens the démarche at its start URL and reports navigations',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        assert.equal(o.view.currentUrl(), o.url('/'));
        await o.page.click('#second');
        await o.log.wait('navigated', (n) => n.url.endsWith('/second.html'));
        await until(() => o.view.currentUrl().endsWith('/second.html'), 'second page');
        await o.view.goBack();
        await until(() => o.view.currentUrl() === o.url('/'), 'back on the start page');
      },
    },
    {
      name: 'refuses navigate() off the allow-list and to browser/disk/javascript URLs, without moving',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/');
        for (const [url, reason] of [
          [o.url('/', 'evil.localhost'), 'host-not-allowed'],
          ['file:///etc/passwd', 'scheme-refused'],
          ['chrome://settings', 'scheme-refused'],
          ['view-source:' + o.url('/'), 'scheme-refused'],
          ['javascript:alert(1)', 'javascript-url'],
          ['data:text/html,<h1>x</h1>', 'data-url'],
        ] as const) {
          await o.view.navigate(url);
          const n = await o.log.wait('navigation-blocked', (b) => b.url === url);
          assert.equal(n.reason, reason, url);
          assert.equal(n.kind, 'top');
        }
        assert.equal(o.view.currentUrl(), o.url('/'));
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'a link off the allow-list is refused before any request leaves, and the page stays',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/');
        await o.page.click('#evil');
        const n = await o.log.wait('navigation-blocked');
        assert.deepEqual([n.host, n.kind, n.reason], ['evil.localhost', 'top', 'host-not-allowed']);
        await sleep(300);
        assert.equal(o.view.currentUrl(), o.url('/'));
        assert.equal(await o.page.text('h1'), 'Démarche de test');
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'a redirect off the allow-list is refused at the hop',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/');
        await o.page.click('#redirect-evil');
        const n = await o.log.wait('navigation-blocked');
        assert.deepEqual([n.host, n.kind], ['evil.localhost', 'redirect']);
        assert.equal(o.view.currentUrl(), o.url('/'));
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'a redirect chain through the identity provider (a second allowed host) comes back',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#login');
        await until(() => o.view.currentUrl() === o.url('/second.html?from=idp'), 'back from the identity provider');
        assert.equal(await o.page.text('#query'), '?from=idp');
        assert.deepEqual(o.log.of('navigation-blocked'), []);
      },
    },
    {
      name: 'sub-frames off the allow-list are refused: src, self-navigation, meta refresh; top navigation from a frame too',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/frames.html');
        await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/iframe') && n.kind === 'subframe');
        await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/frame-self-nav'));
        await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/frame-meta-refresh'));
        // Without a click, Chromium itself refuses a cross-site frame's top navigation; with one,
        // it is ours to refuse.
        await o.page.click('#frame-top-nav', 'top-nav-evil.html');
        const top = await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/frame-top-nav-click'));
        assert.equal(top.kind, 'top');
        assert.equal(o.view.currentUrl(), o.url('/frames.html'));
        assert.equal(await o.page.text('#ok'), 'page restée');
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'a meta refresh off the allow-list is refused',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/second.html');
        await o.view.navigate(o.url('/meta-refresh.html'));
        await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/meta-refresh'));
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'a popup inside the allow-list opens in the cabin, with a way back that closes it',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        const before = await o.page.pageCount();
        await o.page.click('#popup-allowed');
        const opened = await o.log.wait('popup-opened');
        assert.equal(opened.url, o.url('/popup.html'));
        await until(() => o.view.currentUrl() === o.url('/popup.html'), 'the popup is shown');
        assert.equal(await o.page.text('h1'), 'Aide');
        await o.page.click('#popup-evil-link');
        await o.log.wait('navigation-blocked', (n) => n.url.endsWith('/from-popup'));
        await o.view.goBack();
        await o.log.wait('popup-closed');
        assert.equal(o.view.currentUrl(), o.url('/'));
        await until(async () => (await o.page.pageCount()) === before, 'the popup window is gone');
      },
    },
    {
      name: 'a popup closed by its page (window.close) gives the page back',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#popup-allowed');
        await o.log.wait('popup-opened');
        await until(() => o.view.currentUrl().endsWith('/popup.html'), 'popup shown');
        await o.page.click('#close');
        await o.log.wait('popup-closed');
        assert.equal(o.view.currentUrl(), o.url('/'));
      },
    },
    {
      name: 'popups off the allow-list and blank popups are refused and closed',
      async run(ctx) {
        const since = Date.now();
        const o = await openAt(ctx, '/');
        const before = await o.page.pageCount();
        await o.page.click('#popup-evil');
        const n = await o.log.wait('navigation-blocked', (b) => b.kind === 'popup' && b.host === 'evil.localhost');
        assert.equal(n.reason, 'host-not-allowed');
        await o.page.click('#popup-blank');
        await o.log.wait('navigation-blocked', (b) => b.kind === 'popup' && b.reason === 'about-url');
        await until(async () => (await o.page.pageCount()) === before, 'refused windows closed');
        assert.deepEqual(o.log.of('popup-opened'), []);
        assert.equal(o.view.currentUrl(), o.url('/'));
        noEvilHits(ctx, since);
      },
    },
    {
      name: 'mailto: and other external protocols are refused',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#mailto');
        const n = await o.log.wait('navigation-blocked', (b) => b.url.startsWith('mailto:'));
        assert.deepEqual([n.host, n.reason], ['mailto:', 'external-protocol']);
        assert.equal(o.view.currentUrl(), o.url('/'));
      },
    },
    {
      name: 'a PDF download lands in the session folder, flagged for our viewer; an inline PDF too',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#pdf');
        const done = await o.log.wait('download-done', (d) => d.filename === 'avis-de-situation.pdf');
        assert.equal(done.isPdf, true);
        assert.equal(done.mime, 'application/pdf');
        assert.equal(path.dirname(done.path), ctx.shared.filesDir);
        const bytes = await ctx.h.readFile(done.path);
        assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
        assert.equal(done.bytes, bytes.length);
        await o.page.click('#pdf-inline');
        const inline = await o.log.wait('download-done', (d) => d.filename === 'inline.pdf');
        assert.equal(inline.isPdf, true);
        assert.equal(o.view.currentUrl(), o.url('/'), 'Chromium’s PDF viewer never opened');
      },
    },
    {
      name: 'dangerous downloads are refused, also a program disguised as a PDF; nothing lands',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        const before = await ctx.h.listFiles(ctx.shared.filesDir);
        await o.page.click('#exe');
        const exe = await o.log.wait('download-refused', (d) => d.filename === 'setup.exe');
        assert.equal(exe.reason, 'dangerous-type');
        await o.page.click('#fake-pdf');
        const fake = await o.log.wait('download-refused', (d) => d.filename === 'avis-impot.pdf');
        assert.equal(fake.reason, 'dangerous-type');
        await sleep(300);
        const after = await ctx.h.listFiles(ctx.shared.filesDir);
        assert.deepEqual(
          after.filter((f) => !before.includes(f) && !f.startsWith('.incoming')),
          [],
        );
        assert.deepEqual(o.log.of('download-done'), []);
      },
    },
    {
      name: 'the file chooser is ours: notice with accept/multiple, session files only, no native dialog',
      async run(ctx) {
        const { h, shared } = ctx;
        const scan = path.join(shared.filesDir, 'scan-1.pdf');
        await h.writeFile(scan, '%PDF-1.4\n% scan\n');
        const photo = path.join(shared.filesDir, 'photo.jpg');
        await h.writeFile(photo, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
        const outside = path.join(path.dirname(shared.filesDir), 'outside.pdf');
        await h.writeFile(outside, '%PDF-1.4\n');
        const o = await openAt(ctx, '/');

        await o.page.click('#file-single');
        const chooser = await o.log.wait('file-chooser');
        assert.deepEqual(chooser, { type: 'file-chooser', accept: ['.pdf', 'image/*'], multiple: false });
        await assert.rejects(o.view.setFiles([outside]), /outside-session/);
        await assert.rejects(o.view.setFiles(['/etc/passwd']), /outside-session/);
        await assert.rejects(o.view.setFiles([scan, photo]), /too-many-files/);
        await o.view.setFiles([scan]);
        await until(async () => (await o.page.text('#files-chosen')) === 'file-single:scan-1.pdf/16', 'the page got the scan');

        o.log.clear();
        await o.page.click('#file-multiple');
        const multi = await o.log.wait('file-chooser');
        assert.deepEqual([multi.accept, multi.multiple], [[], true]);
        await o.view.setFiles([scan, photo]);
        await until(async () => (await o.page.text('#files-chosen')) === 'file-multiple:scan-1.pdf/16,photo.jpg/4', 'the page got both files');

        o.log.clear();
        await o.page.click('#file-single');
        await o.log.wait('file-chooser');
        await o.view.cancelFileChooser();
        await until(async () => (await o.page.text('#files-chosen')) === 'file-single:cancel', 'the page saw the cancel');
        await assert.rejects(o.view.setFiles([scan]), /no-chooser/);
      },
    },
    {
      name: 'the file chooser of a cross-site frame (identity provider) is ours too',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#frame-file', 'login.idp.localhost');
        const chooser = await o.log.wait('file-chooser');
        assert.deepEqual(chooser.accept, ['.pdf']);
        await o.view.cancelFileChooser();
      },
    },
    {
      name: 'the File System Access pickers do not exist',
      async run(ctx) {
        const o = await openAt(ctx, '/permissions.html');
        await o.page.click('#fsa');
        assert.equal(await o.page.text('#fsa-result'), 'undefined/undefined/undefined');
      },
    },
    {
      name: 'window.print() becomes a print request (page keeps running); printToPdf gives the page',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#print');
        await o.log.wait('print-requested');
        assert.equal(await o.page.text('#after-print'), 'print() a rendu la main');
        const pdf = await o.view.printToPdf();
        assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
        assert.ok(pdf.length > 1000);
        // A page cannot take back the real print(): it is not configurable.
        const restored = await o.page.evaluate<string>(
          '(() => { try { delete window.print; } catch (e) { return "refused"; } return typeof window.print; })()',
        );
        assert.notEqual(restored, 'undefined');
      },
    },
    {
      name: 'print() borrowed from a fresh iframe, and print() in a cross-site frame, are ours too',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await sleep(1100); // print requests are rate-limited (a page calling print() in a loop)
        await o.page.evaluate(
          '(() => { const f = document.createElement("iframe"); document.body.append(f); f.contentWindow.print.call(window); f.contentWindow.print(); return 1; })()',
        );
        await o.log.wait('print-requested');
        await sleep(1100);
        o.log.clear();
        await o.page.click('#frame-print', 'login.idp.localhost');
        await o.log.wait('print-requested');
      },
    },
    {
      name: 'Ctrl+P is a print request; browser shortcuts do nothing (no new window, no navigation)',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        const before = await o.page.pageCount();
        await o.page.click('#nom');
        await o.page.press('Control+p');
        await o.log.wait('print-requested');
        for (const combo of [
          'Control+n',
          'Control+t',
          'Control+Shift+n',
          'Control+o',
          'Control+s',
          'Control+u',
          'Control+l',
          'F5',
          'Control+r',
          'Control+w',
          'F12',
          'Control+Shift+i',
          'Alt+ArrowLeft',
        ]) {
          await o.page.press(combo);
        }
        await sleep(800);
        assert.equal(await o.page.pageCount(), before);
        assert.equal(o.view.currentUrl(), o.url('/'));
        assert.equal(await o.page.text('h1'), 'Démarche de test');
      },
    },
    {
      name: 'JS dialogs never show: alert is acknowledged, confirm answered "Annuler"',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#alert');
        await o.log.wait('dialog-dismissed', (d) => d.dialog === 'alert');
        await until(async () => (await o.page.text('#dialog-result')) === 'alert', 'alert returned');
        await o.page.click('#confirm');
        await o.log.wait('dialog-dismissed', (d) => d.dialog === 'confirm');
        await until(async () => (await o.page.text('#dialog-result')) === 'confirm:false', 'confirm answered');
      },
    },
    {
      // Chromium shows its own "Sign in" dialog over the page (held); Electron cancels unless told otherwise.
      name: 'an HTTP login (Basic) is refused at once, never a dialog: the resident is told, the page stays usable',
      async run(ctx) {
        const o = await openAt(ctx, '/overlays.html');
        await o.page.click('#auth-fetch');
        await o.log.wait('auth-refused', (n) => n.origin === new URL(o.url('/')).origin);
        await until(async () => (await o.page.text('#auth-result')) === '401', 'the script got the 401 answer');
        await o.page.click('#auth-link');
        await until(async () => (await o.page.text('#denied').catch(() => '')) === 'Accès protégé', 'the 401 page is shown, not held');
        assert.equal(o.log.of('auth-refused').length >= 2, true, 'both challenges reported');
        // Still usable: a click reaches the page and "Retour" works.
        await o.view.goBack();
        await until(async () => o.view.currentUrl() === o.url('/overlays.html'), 'back on the démarche');
        await o.page.click('#tab-capture');
      },
    },
    {
      name: 'screen capture of the current tab (preferCurrentTab) is refused at once, with no prompt',
      async run(ctx) {
        const o = await openAt(ctx, '/overlays.html');
        await o.page.click('#tab-capture');
        // Chromium answers NotAllowedError; Electron's handler answering null gives INVALID_DISPLAY_CAPTURE_CONSTRAINTS
        // (electron_browser_context.cc DisplayMediaDeviceChosen): refused at once either way, never a stream.
        await until(async () => (await o.page.text('#capture-result')) !== '', 'getDisplayMedia answered');
        assert.notEqual(await o.page.text('#capture-result'), 'captured');
      },
    },
    {
      name: 'no window of its own: video and document picture-in-picture, EyeDropper are unavailable',
      async run(ctx) {
        const o = await openAt(ctx, '/overlays.html');
        await o.page.click('#pip');
        await until(async () => (await o.page.text('#pip-result')) !== '', 'requestPictureInPicture answered');
        // Refused by the page-world override (NotAllowedError), else by the Permissions-Policy header (SecurityError).
        assert.ok(['NotAllowedError', 'SecurityError'].includes(await o.page.text('#pip-result')), `picture-in-picture: ${await o.page.text('#pip-result')}`);
        assert.equal(await o.page.evaluate<boolean>('document.pictureInPictureEnabled'), false);
        // A pristine prototype borrowed from a fresh frame is refused too.
        assert.equal(
          await o.page.evaluate<boolean>(
            `(() => { const f = document.createElement('iframe'); document.body.append(f); const ok = f.contentWindow.HTMLVideoElement.prototype.requestPictureInPicture === HTMLVideoElement.prototype.requestPictureInPicture || !f.contentDocument.pictureInPictureEnabled; f.remove(); return ok; })()`,
          ),
          true,
        );
        assert.equal(await o.page.evaluate<string>('typeof documentPictureInPicture'), 'undefined');
        assert.equal(await o.page.evaluate<string>('typeof EyeDropper'), 'undefined');
      },
    },
    {
      name: 'the démarche’s history starts at its start URL: back from it stays, and a page never stays blank',
      async run(ctx) {
        // The shared session's page has shown other démarches before: none of them can be reached.
        const o = await openAt(ctx, '/overlays.html');
        const start = o.url('/overlays.html');
        for (const button of ['#history-back', '#history-go']) {
          await o.page.click(button);
          await sleep(700);
          assert.equal(o.view.currentUrl(), start, `${button} left the démarche`);
          assert.equal(await o.page.evaluate<string>('location.href'), start);
        }
        await o.page.click('#go-blank');
        await until(async () => (await o.page.evaluate<string>('location.href').catch(() => '')) === start, 'the page came back from about:blank');
        await sleep(500);
        assert.equal(await o.page.evaluate<string>('location.href'), start);
      },
    },
    {
      // Electron answers beforeunload "stay" unless will-prevent-unload is cancelled (docs/electron-notes.md).
      name: 'a page that warns about unsaved changes (beforeunload) holds neither navigate(), goBack() nor close()',
      async run(ctx) {
        const o = await openAt(ctx, '/unsaved.html');
        const arm = async () => {
          await o.page.click('#field');
          await until(async () => await o.page.evaluate<boolean>('window.armed === true'), 'the page warns before leaving');
        };
        const reopen = async () => {
          await o.view.navigate(o.url('/unsaved.html'));
          await until(
            async () => o.view.currentUrl() === o.url('/unsaved.html') && (await o.page.evaluate<string>('document.readyState')) === 'complete',
            'the form again',
          );
          await arm();
        };
        await arm();
        await o.view.navigate(o.url('/second.html'));
        // Loaded to the end: a navigation that starts while a page still loads may replace its history entry.
        await until(
          async () => o.view.currentUrl() === o.url('/second.html') && (await o.page.evaluate<string>('document.readyState')) === 'complete',
          'navigate() left the page that warns',
        );
        await reopen();
        await o.view.goBack();
        await until(async () => o.view.currentUrl() === o.url('/second.html'), 'goBack() left the page that warns');
        await reopen();
        const started = Date.now();
        await o.view.close();
        assert.ok(Date.now() - started < 10_000, `close() took ${Date.now() - started} ms`);
      },
    },
    {
      name: 'permissions are denied unless the démarche grants one, and then only on allowed hosts',
      async run(ctx) {
        const o = await openAt(ctx, '/permissions.html');
        const states = await o.page.evaluate<Record<string, string>>('window.permissionStates()');
        for (const name of ['geolocation', 'notifications', 'camera', 'microphone', 'clipboard-read']) assert.equal(states[name], 'denied', name);
        await o.view.close();
        const granted = await openAt(ctx, '/permissions.html', ['camera']);
        const after = await granted.page.evaluate<Record<string, string>>('window.permissionStates()');
        assert.equal(after.camera, 'granted');
        assert.equal(after.microphone, 'denied');
        assert.equal(after.geolocation, 'denied');
      },
    },
    {
      name: 'typing for the on-screen keyboard goes into the focused field (accents included)',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.click('#nom');
        await o.log.wait('text-field-focused');
        await o.view.typeText('Élodie Dupréx');
        await o.view.pressKey('Backspace');
        await o.view.pressKey('Space');
        await o.view.typeText('ç');
        assert.equal(await o.page.inputValue('#nom'), 'Élodie Dupré ç');
        await o.view.pressKey('Tab');
        await o.view.typeText('ligne');
        assert.equal(await o.page.inputValue('#commentaire'), 'ligne');
      },
    },
    {
      name: 'user input is reported as activity (for the inactivity timer); a page cannot fake it',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.page.evaluate(
          '(() => { for (let i = 0; i < 5; i++) document.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true })); return 1; })()',
        );
        await sleep(300);
        assert.deepEqual(o.log.of('activity'), [], 'synthetic events counted as activity');
        await o.page.click('h1');
        await o.log.wait('activity');
      },
    },
    {
      name: 'a lost connection is reported (NETWORK_DOWN), and its return (NETWORK_UP)',
      async run(ctx) {
        // An allowed host whose name does not resolve: what a cabin sees when its line is down.
        const o = await openAt(ctx, '/', [], ctx.shared, ['nowhere.invalid']);
        await o.view.navigate('https://nowhere.invalid/');
        await o.log.wait('network', (n) => !n.online);
        await o.view.navigate(o.url('/second.html'));
        await o.log.wait('network', (n) => n.online);
      },
    },
    {
      name: 'setZoom zooms the démarche like a browser: it reflows, clicks land, and it holds across hosts and in popups',
      async run(ctx) {
        const o = await openAt(ctx, '/zoom.html');
        // How many 100-pixel boxes fit across the window, and how many lines the long paragraph takes: both
        // adapters' zooms change them (Electron's lays the page out on a narrower viewport, Chromium's zooms the root).
        type Seen = { across: number; lines: number };
        const seen2 = (on: Opened) =>
          on.page.evaluate<Seen>(
            `(() => { const box = (id) => document.getElementById(id).getBoundingClientRect();
              return { across: innerWidth / box('hundred').width, lines: Math.round(box('long').height / box('one').height) }; })()`,
          );
        const seen = () => seen2(o);
        const before = await seen();
        assert.ok(before.across > 9, `the test page needs a wide window (${before.across})`);
        let shown = o.view;
        try {
          await o.view.setZoom(1.5);
          const zoomed = (await until(async () => ((await seen()).across < before.across - 1 ? seen() : null), 'the page zoomed'))!;
          assert.ok(Math.abs(zoomed.across - before.across / 1.5) < 0.1, `${zoomed.across} boxes across at 150 % (${before.across} at 100 %)`);
          assert.ok(zoomed.lines > before.lines, `the text wraps on more lines (${before.lines} → ${zoomed.lines})`);
          // A real click where the button is drawn now.
          await o.page.click('#press');
          assert.equal(await o.page.text('#pressed'), 'oui');
          // Another document, on another host: still zoomed.
          await o.view.navigate(o.url('/zoom.html', 'login.idp.localhost'));
          await until(async () => (await o.page.evaluate<string>('location.host')).startsWith('login.idp.localhost'), 'on the other host');
          await until(async () => (await o.page.evaluate<string>('document.readyState')) === 'complete', 'loaded');
          assert.ok(Math.abs((await seen()).across - zoomed.across) < 0.1, 'the zoom holds across a cross-site navigation');
          // A popup opens at the démarche's zoom.
          await o.page.click('#popup-zoom');
          await o.log.wait('popup-opened');
          await until(() => o.view.currentUrl().endsWith('/second.html'), 'the popup is shown');
          const popupAcross = (await until(async () => {
            const a = await o.page.evaluate<number>(`(() => { const e = document.createElement('div'); e.style.width = '100px'; document.body.append(e);
              const w = e.getBoundingClientRect().width; e.remove(); return innerWidth / w; })()`);
            return a < before.across - 1 ? a : null;
          }, 'the popup is zoomed'))!;
          assert.ok(Math.abs(popupAcross - zoomed.across) < 0.1, `popup: ${popupAcross} boxes across`);
          await o.view.goBack();
          await o.log.wait('popup-closed');
          await assert.rejects(o.view.setZoom(0), RangeError);
          await assert.rejects(o.view.setZoom(Number.NaN), RangeError);
          // The session's next démarche opens at the session's zoom.
          const next = await openAt(ctx, '/zoom.html');
          shown = next.view;
          await until(async () => Math.abs((await seen2(next)).across - zoomed.across) < 0.1, 'the next démarche zoomed');
        } finally {
          await shown.setZoom(1);
        }
        const last = await openAt(ctx, '/zoom.html');
        await until(async () => Math.abs((await seen2(last)).across - before.across) < 0.1, 'back to 100 %');
      },
    },
    {
      name: 'closing the view stops its notices and empties the page',
      async run(ctx) {
        const o = await openAt(ctx, '/');
        await o.view.close();
        o.log.clear();
        await sleep(200);
        assert.equal(o.log.all.length, 0);
      },
    },
  ];
}
