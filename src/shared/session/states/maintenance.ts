// The technician's side: maintenance (device tests; left through a wipe), and out of service,
// a calm screen for residents and the reason for technicians, which only a technician leaves.
import { faultOf, machineSetup } from '../setup';
import type { PrintFault, ScanFault } from '../types';

export const maintenance = machineSetup.createStateConfig({
  entry: 'enterMaintenance',
  initial: 'idle',
  // The technician saw the printer's line on the maintenance screen: a job stopped half-way needs no agent's word any more.
  on: { MAINTENANCE_EXIT: { target: 'wiping', actions: 'clearPrinterToCheck' } },
  states: {
    idle: {
      after: { maintenanceIdle: '#cabine.cabin.wiping' },
      on: {
        ACTIVITY: { target: 'idle', reenter: true },
        MAINTENANCE_TEST_PRINT: 'testPrinting',
        MAINTENANCE_TEST_SCAN: 'testScanning',
      },
    },
    testPrinting: {
      invoke: {
        id: 'testPrint',
        src: 'testPrint',
        onDone: { target: 'idle', actions: { type: 'setMaintenanceTest', params: { kind: 'print', ok: true, fault: null } } },
        onError: {
          target: 'idle',
          actions: {
            type: 'setMaintenanceTest',
            params: ({ event }) => ({ kind: 'print' as const, ok: false, fault: faultOf<PrintFault>(event.error, 'unknown') }),
          },
        },
      },
    },
    testScanning: {
      invoke: {
        id: 'testScan',
        src: 'testScan',
        onDone: { target: 'idle', actions: { type: 'setMaintenanceTest', params: { kind: 'scan', ok: true, fault: null } } },
        onError: {
          target: 'idle',
          actions: {
            type: 'setMaintenanceTest',
            params: ({ event }) => ({ kind: 'scan' as const, ok: false, fault: faultOf<ScanFault>(event.error, 'unknown') }),
          },
        },
      },
    },
  },
});

export const outOfService = machineSetup.createStateConfig({
  entry: 'recordOutOfService',
  exit: 'clearOutOfService',
  on: { UNLOCKED: { guard: 'isTechnician', target: 'maintenance' } },
});
