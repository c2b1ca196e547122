// Scanning, inside the démarche: first what is scanned (a document, or an ID card's two sides), then page
// after page, one question at a time: « Cette page est-elle lisible ? » (yes, or take it again), then, for a
// document, « Une autre page ? ». A card is its front, « Retournez la carte », its back, and it is done.
// The pages go into one PDF of the session's folder; then back where the scan was asked from.
import { faultOf, machineSetup } from '../setup';
import type { ScanFault } from '../types';

const scanFailed = {
  type: 'setScanFault',
  params: ({ event }: { event: { error: unknown } }) => ({ fault: faultOf<ScanFault>(event.error, 'unknown') }),
} as const;

/** Acquiring a page and retaking the last one are the same state but for the driver's input. */
const scanningPage = (retake: boolean) =>
  machineSetup.createStateConfig({
    invoke: {
      id: 'scanPage',
      src: 'scanPage',
      input: ({ context }) => ({ retake, layout: context.scan.layout }),
      onDone: { target: 'review', actions: { type: 'setScanResult', params: ({ event }) => ({ pages: event.output.pages }) } },
      onError: { target: 'fault', actions: scanFailed },
    },
  });

export const scanning = machineSetup.createStateConfig({
  initial: 'choosing',
  exit: 'clearScan',
  on: { CANCEL: { target: '.leaving', actions: 'discardScan' } },
  states: {
    // « Un document » / « Une carte (recto et verso) »
    choosing: {
      on: { SCAN_LAYOUT: { target: 'ready', actions: { type: 'setScanLayout', params: ({ event }) => ({ layout: event.layout }) } } },
    },
    // "Posez le document, face vers la vitre" (a card: its front, then « Retournez la carte »)
    ready: { on: { SCAN_PAGE: 'acquiring' } },
    acquiring: scanningPage(false),
    retaking: scanningPage(true),
    review: {
      initial: 'readable',
      on: {
        SCAN_RETAKE: '#demarche.scanning.retaking',
        SCAN_PAGE: { guard: 'scanMayAddPage', target: '#demarche.scanning.acquiring' },
        SCAN_FINISH: { guard: 'scanMayFinish', target: '#demarche.scanning.finishing' },
      },
      states: {
        // « Cette page est-elle lisible ? »: « Oui » / « Refaire cette page »
        readable: {
          on: {
            SCAN_PAGE_OK: [
              { guard: 'scanCardNeedsBack', target: '#demarche.scanning.ready' },
              { guard: 'scanIsCard', target: '#demarche.scanning.finishing' },
              { target: 'another' },
            ],
          },
        },
        // « Une autre page ? »: « Oui, une autre page » / « Non, c'est fini » (a document only)
        another: {},
      },
    },
    finishing: {
      invoke: {
        id: 'finishScan',
        src: 'finishScan',
        onDone: { target: 'leaving', actions: 'countScan' },
        onError: { target: 'fault', actions: scanFailed },
      },
    },
    fault: {
      on: {
        RETRY: [
          { guard: 'scanHasPages', target: 'review', actions: 'clearScanFault' },
          { target: 'ready', actions: 'clearScanFault' },
        ],
      },
    },
    leaving: {
      always: [
        { guard: 'scanReturnsToPicker', target: '#demarche.pickingFile' },
        { guard: 'scanReturnsToDocuments', target: '#demarche.documents' },
        { target: '#demarche.browsing' },
      ],
    },
  },
});
