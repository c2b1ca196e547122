// IPC channel names, alone in their module so that the sandboxed preload bundles nothing else.
export const CHANNELS = {
  /** main → renderer: the view state, after every change. */
  state: 'cabine:state',
  /** renderer → main (send): a UI event for the session machine. */
  event: 'cabine:event',
  /** renderer → main (invoke): a question with an answer (state, documents, diagnostics…). */
  query: 'cabine:query',
  /** renderer → main (send): the on-screen keyboard typing into the démarche page. */
  keyboard: 'cabine:keyboard',
  /** renderer → main (send): where the démarche view goes on screen (null: hidden behind our screens). */
  demarcheArea: 'cabine:demarche-area',
  /** renderer → main (send): where the video call's view goes (issue 17; null: no call on screen). */
  callArea: 'cabine:call-area',
  /** renderer → main (send): the démarche's zoom, the resident's text size (A+ / A−). */
  demarcheZoom: 'cabine:demarche-zoom',
} as const;
