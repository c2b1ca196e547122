// Booting: the sweep of what a crash or a power cut left, before anything is shown.
// Only a clean sweep, a valid config on RAM storage and the essential devices lead to attract.
import { machineSetup } from '../setup';

export const booting = machineSetup.createStateConfig({
  invoke: {
    id: 'bootSweep',
    src: 'bootSweep',
    onDone: [
      { guard: 'configInvalid', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'invalid-config' } } },
      {
        guard: ({ event }) => event.output.storageNotRam,
        target: 'outOfService',
        actions: { type: 'assignOutOfService', params: { reason: 'storage-not-ram' } },
      },
      { guard: 'essentialDeviceMissing', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'device-missing' } } },
      // Sheets of the last resident's job may still be in the printer (the process died): an agent looks first.
      { guard: ({ event }) => event.output.printerToCheck === true, target: 'printerCheck', actions: 'notePrinterToCheckAtBoot' },
      { target: 'attract' },
    ],
    onError: [
      { guard: 'configInvalid', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'invalid-config' } } },
      { target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'boot-failed' } } },
    ],
  },
});
