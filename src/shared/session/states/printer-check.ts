// "Imprimante à vérifier avant la prochaine personne" (issue 15). A print job stopped before CUPS said it completed
// (out of paper, a jam, « Annuler », the session's end): CUPS's copy is cancelled and purged with the wipe, but
// sheets already inside the printer are out of its reach, and would come out for the next person once paper is
// back. IPP cannot prove the printer's own memory is empty (an idle queue with no job says nothing of it), so the
// cabin, after a verified wipe, waits here until an agent's or a technician's code: nothing personal is left in
// the cabin, but no next session starts before someone looked at the printer.
import { machineSetup } from '../setup';

export const printerCheck = machineSetup.createStateConfig({
  on: {
    UNLOCKED: [
      // The technician sees the printer's line in maintenance; leaving it says the printer was looked at.
      { guard: 'isTechnician', target: 'maintenance' },
      { target: 'attract', actions: 'clearPrinterToCheck' },
    ],
  },
});
