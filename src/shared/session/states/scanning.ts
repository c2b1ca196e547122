// Scanning, inside the démarche: page after page (or the last one again) into one PDF of the
// session's folder; then back where the scan was asked from.
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
      input: { retake },
      onDone: { target: 'review', actions: { type: 'setScanResult', params: ({ event }) => ({ pages: event.output.pages }) } },
      onError: { target: 'fault', actions: scanFailed },
    },
  });

export const scanning = machineSetup.createStateConfig({
  initial: 'ready',
  exit: 'clearScan',
  on: { CANCEL: { target: '.leaving', actions: 'discardScan' } },
  states: {
    // "Posez le document, face vers la vitre"
    ready: { on: { SCAN_PAGE: 'acquiring' } },
    acquiring: scanningPage(false),
    retaking: scanningPage(true),
    review: { on: { SCAN_PAGE: 'acquiring', SCAN_RETAKE: 'retaking', SCAN_FINISH: 'finishing' } },
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
