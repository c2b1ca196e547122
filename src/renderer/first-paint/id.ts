/** The element holding the pre-rendered attract (before #root in the built index.html; the app removes it). */
export const FIRST_PAINT_ID = 'first-paint';

/** How long the pre-rendered attract waits for the first state before the app shows « La cabine démarre ». */
export const FIRST_STATE_WAIT_MS = 2000;
