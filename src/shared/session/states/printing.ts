// Printing, inside the démarche: prepare (count the pages), confirm the copies against the
// session's page limit, send and follow the job; then back where the print was asked from.
import { faultOf, machineSetup } from '../setup';
import type { PrintFault } from '../types';

export const printing = machineSetup.createStateConfig({
  initial: 'preparing',
  // Nothing of a print flow outlives it (its fault has been shown).
  exit: 'clearPrint',
  on: { CANCEL: '.leaving', BACK: '.leaving' },
  states: {
    preparing: {
      invoke: {
        id: 'preparePrint',
        src: 'preparePrint',
        input: ({ context }) => ({ target: context.print.target ?? { kind: 'page' } }),
        onDone: { target: 'confirming', actions: { type: 'setPrintPages', params: ({ event }) => ({ pages: event.output.pages }) } },
        onError: { target: 'fault', actions: { type: 'setPrintFault', params: ({ event }) => ({ fault: faultOf<PrintFault>(event.error, 'unknown') }) } },
      },
    },
    confirming: {
      on: {
        PRINT_CONFIRM: [
          { guard: 'withinPageLimit', target: 'sending', actions: { type: 'setPrintCopies', params: ({ event }) => ({ copies: event.copies }) } },
          { target: 'fault', actions: { type: 'setPrintFault', params: { fault: 'page-limit' } } },
        ],
      },
    },
    // Left any way but PRINT_DONE, the printer may keep sheets of the job: the cabin asks for an agent after the wipe.
    sending: {
      exit: 'noteJobLeft',
      invoke: {
        id: 'printJob',
        src: 'printJob',
        input: ({ context }) => ({ target: context.print.target ?? { kind: 'page' }, copies: context.print.copies }),
      },
      on: {
        PRINT_PROGRESS: { actions: { type: 'setPrintProgress', params: ({ event }) => ({ pagesDone: event.pagesDone }) } },
        PRINT_DONE: { target: 'done', actions: { type: 'countPrinted', params: ({ event }) => ({ pages: event.pages }) } },
        // The pages that came out stay counted (PRINT_PROGRESS); the others are given back to the session.
        PRINT_FAILED: { target: 'fault', actions: { type: 'setPrintFault', params: ({ event }) => ({ fault: event.fault }) } },
      },
    },
    // "Vos feuilles sont prêtes" stays until « D'accord »: a resident who reads slowly must not see it vanish
    // (the session's inactivity warning still applies).
    done: { on: { ACCEPT: 'leaving' } },
    fault: {
      on: { RETRY: { guard: 'printFaultRetryable', target: 'sending', actions: 'clearPrintFault' } },
    },
    leaving: {
      always: [
        { guard: 'printReturnsToViewer', target: '#demarche.viewingDocument' },
        { guard: 'printReturnsToDocuments', target: '#demarche.documents' },
        { target: '#demarche.browsing' },
      ],
    },
  },
});
