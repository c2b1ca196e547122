// The session's flow region: its storage is claimed, the catalog, and a démarche with our own
// screens around the site (blocked host, offline, file picker, documents, viewer, print, scan).
import { machineSetup } from '../setup';
import { printing } from './printing';
import { scanning } from './scanning';

const demarche = machineSetup.createStateConfig({
  // Short id for the targets of the print and scan flows: '#demarche.browsing'…
  id: 'demarche',
  entry: 'openDemarche',
  exit: ['closeDemarche', 'leaveDemarche'],
  initial: 'browsing',
  on: {
    HOME: '#cabine.cabin.session.flow.catalog',
    DOWNLOAD_DONE: [
      {
        guard: 'downloadIsPdf',
        target: '.viewingDocument',
        actions: ['countDownload', { type: 'setViewingDocument', params: ({ event }) => ({ documentId: event.documentId }) }],
      },
      { actions: 'countDownload' },
    ],
    DOWNLOAD_REFUSED: { actions: { type: 'setDownloadRefused', params: ({ event }) => ({ reason: event.reason }) } },
    // The engine cancelled an HTTP login (never a native dialog): a banner says so until the
    // resident dismisses it, another site asks, or the démarche is left.
    AUTH_REFUSED: { actions: { type: 'setAuthRefusedHost', params: ({ event }) => ({ host: event.host }) } },
    NETWORK_DOWN: '.offline',
  },
  states: {
    browsing: {
      on: {
        BACK: { actions: 'backInDemarche' },
        NAVIGATION_BLOCKED: { target: 'blocked', actions: { type: 'rememberBlockedHost', params: ({ event }) => ({ host: event.host }) } },
        FILE_CHOOSER_OPENED: {
          target: 'pickingFile',
          actions: { type: 'openFileChooser', params: ({ event }) => ({ accept: event.accept, multiple: event.multiple }) },
        },
        PAGE_PRINT_REQUESTED: { target: 'printing', actions: { type: 'startPrint', params: { target: { kind: 'page' }, returnTo: 'browsing' } } },
        PRINT_REQUEST: {
          target: 'printing',
          actions: { type: 'startPrint', params: ({ event }) => ({ target: event.target, returnTo: 'browsing' as const }) },
        },
        SCAN_REQUEST: { target: 'scanning', actions: { type: 'startScan', params: { returnTo: 'browsing' } } },
        DOCUMENTS_OPEN: 'documents',
        DOCUMENT_OPEN: { target: 'viewingDocument', actions: { type: 'setViewingDocument', params: ({ event }) => ({ documentId: event.documentId }) } },
        DOWNLOAD_REFUSED: { actions: { type: 'setDownloadRefused', params: ({ event }) => ({ reason: event.reason }) } },
      },
    },
    // "Ce site n'est pas disponible dans la cabine": the view stayed where it was.
    // In an assisted session, the agent's panel may open that host for the rest of the session (./assisted.ts).
    blocked: {
      on: {
        BACK: { target: 'browsing', actions: 'forgetBlockedHost' },
        AGENT_OPEN_SITE: { guard: 'canOpenBlockedSite', target: 'openingSite' },
      },
    },
    // The engine grants the host for the session and loads the refused page; only then is it counted. Refused
    // (the engine's own check, no view): the blocked screen again.
    openingSite: {
      invoke: {
        id: 'openSiteForSession',
        src: 'openSiteForSession',
        input: ({ context }) => ({ host: context.blockedHost ?? '' }),
        onDone: { target: 'browsing', actions: ['countSiteOpened', { type: 'recordAgentAction', params: { action: 'site_opened' } }, 'forgetBlockedHost'] },
        onError: 'blocked',
      },
    },
    offline: {
      on: {
        RETRY: { target: 'browsing', actions: 'reloadDemarche' },
        NETWORK_UP: { target: 'browsing', actions: 'reloadDemarche' },
      },
    },
    // Our picker, never the OS dialog: only this session's documents.
    pickingFile: {
      on: {
        FILES_CHOSEN: 'settingFiles',
        CANCEL: { target: 'browsing', actions: ['cancelFileChooser', 'clearFileChooser'] },
        SCAN_REQUEST: { target: 'scanning', actions: { type: 'startScan', params: { returnTo: 'pickingFile' } } },
      },
    },
    settingFiles: {
      invoke: {
        id: 'setFiles',
        src: 'setFiles',
        input: ({ context, event }) => ({
          documentIds: event.type === 'FILES_CHOSEN' ? event.documentIds : [],
          accept: context.fileChooser?.accept ?? [],
          multiple: context.fileChooser?.multiple ?? false,
        }),
        onDone: { target: 'browsing', actions: 'clearFileChooser' },
        onError: { target: 'browsing', actions: ['cancelFileChooser', 'clearFileChooser'] },
      },
    },
    documents: {
      on: {
        BACK: 'browsing',
        DOCUMENT_OPEN: { target: 'viewingDocument', actions: { type: 'setViewingDocument', params: ({ event }) => ({ documentId: event.documentId }) } },
        PRINT_REQUEST: {
          target: 'printing',
          actions: { type: 'startPrint', params: ({ event }) => ({ target: event.target, returnTo: 'documents' as const }) },
        },
        SCAN_REQUEST: { target: 'scanning', actions: { type: 'startScan', params: { returnTo: 'documents' } } },
      },
    },
    // Our PDF viewer (pdf.js): Chromium's, with its Save button, is never shown.
    viewingDocument: {
      on: {
        BACK: { target: 'documents', actions: 'closeViewedDocument' },
        PRINT_REQUEST: {
          target: 'printing',
          actions: { type: 'startPrint', params: ({ event }) => ({ target: event.target, returnTo: 'viewingDocument' as const }) },
        },
      },
    },
    printing,
    scanning,
  },
});

export const flow = machineSetup.createStateConfig({
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        id: 'startSession',
        src: 'startSession',
        onDone: { target: 'catalog', actions: { type: 'setSessionId', params: ({ event }) => ({ sessionId: event.output.sessionId }) } },
        onError: { actions: { type: 'raiseEnd', params: { reason: 'start-failed' } } },
      },
    },
    catalog: {
      on: {
        OPEN_DEMARCHE: { guard: 'knownDemarche', target: 'demarche', actions: 'setDemarche' },
      },
    },
    demarche,
  },
});
