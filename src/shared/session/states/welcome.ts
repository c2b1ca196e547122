// The screens of nobody in particular: attract and welcome. Nothing personal exists here.
import { machineSetup } from '../setup';

/** A referent's code opens an assisted session, a technician's the maintenance (also on goodbye). */
export const unlockedOnScreen = machineSetup.createStateConfig({
  on: {
    UNLOCKED: [
      { guard: 'isReferent', target: 'session', actions: 'startAssisted' },
      { guard: 'isTechnician', target: 'maintenance' },
    ],
  },
}).on.UNLOCKED;

// Nobody engaged. Nothing personal exists in this state.
export const attract = machineSetup.createStateConfig({
  always: { guard: 'essentialDeviceMissing', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'device-missing' } } },
  on: {
    TOUCH: 'welcome',
    // The package manager waits for this (src/cabin/update): only ever from attract, where nobody is engaged.
    UPDATE_PENDING: 'updating',
    PRESENCE: [
      { guard: 'presenceOccupied', target: 'welcome', actions: { type: 'setPresence', params: { presence: 'occupied' } } },
      { actions: { type: 'setPresence', params: { presence: 'empty' } } },
    ],
    UNLOCKED: unlockedOnScreen,
  },
});

// What the cabin does and keeps (nothing), and the language. Still nothing personal.
export const welcome = machineSetup.createStateConfig({
  after: { welcome: 'attract' },
  on: {
    SET_LOCALE: { guard: 'localeAvailable', actions: 'setLocale' },
    ACCEPT: 'session',
    CANCEL: 'attract',
    PRESENCE: [
      { guard: 'presenceEmpty', target: 'attract', actions: { type: 'setPresence', params: { presence: 'empty' } } },
      { actions: { type: 'setPresence', params: { presence: 'occupied' } } },
    ],
    UNLOCKED: unlockedOnScreen,
  },
});

// The system is installing updates (issue 16): nobody may start a session until it is done, and the cabin
// usually starts again on the new version from here. Nothing personal exists in this state; a technician may
// still unlock the maintenance.
export const updating = machineSetup.createStateConfig({
  on: {
    UPDATE_DONE: 'attract',
    UNLOCKED: { guard: 'isTechnician', target: 'maintenance' },
  },
});
