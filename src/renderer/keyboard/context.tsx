// Where the on-screen keyboard types: into the last of our own text fields that had focus
// (search…), or, when none is on screen, into the démarche page through cabine.keyboard().
// This provider lives inside the session's scope: when the session ends it unmounts, and the
// keyboard's state and targets go with it (nothing typed outlives the wipe).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KeyboardInput } from '../../shared/ipc/contract';
import { cabine } from '../state/cabine';

/** One of our fields, as the keyboard sees it. */
export interface TextTarget {
  apply(input: KeyboardInput): void;
}

/** What the docked panel shows: the letters, or the big code keypad (« Regardez votre téléphone »). */
export type KeyboardPanel = 'keys' | 'code';

interface KeyboardContextValue {
  open: boolean;
  setOpen(open: boolean): void;
  panel: KeyboardPanel;
  /** Opens the panel on the letters or on the code keypad. */
  show(panel: KeyboardPanel): void;
  /** When the démarche page's field last got focus (the code keypad starts a new code then). */
  focusedAt: number | null;
  /** Registers the field that has focus; returns the function that unregisters it. */
  focusTarget(target: TextTarget): () => void;
  type(input: KeyboardInput): void;
  /** Where typing goes now (the keyboard shows it). */
  destination(): 'field' | 'demarche' | 'none';
}

const KeyboardContext = createContext<KeyboardContextValue | null>(null);

export function KeyboardProvider({
  demarcheActive,
  textFieldFocusedAt,
  oneTimeCodeField = false,
  children,
}: {
  demarcheActive: boolean;
  /** When a text field of the démarche page last got focus (main tells): the keyboard opens. */
  textFieldFocusedAt: number | null;
  /** That field is a one-time code field: the code keypad opens instead of the letters. */
  oneTimeCodeField?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [panel, setPanel] = useState<KeyboardPanel>('keys');
  const seenFocus = useRef(textFieldFocusedAt);
  useEffect(() => {
    if (textFieldFocusedAt !== null && textFieldFocusedAt !== seenFocus.current && demarcheActive) {
      setOpen(true);
      setPanel(oneTimeCodeField ? 'code' : 'keys');
    }
    seenFocus.current = textFieldFocusedAt;
  }, [textFieldFocusedAt, oneTimeCodeField, demarcheActive]);
  const show = useCallback((p: KeyboardPanel) => {
    setPanel(p);
    setOpen(true);
  }, []);
  const target = useRef<TextTarget | null>(null);
  const demarche = useRef(demarcheActive);
  demarche.current = demarcheActive;

  const focusTarget = useCallback((t: TextTarget) => {
    target.current = t;
    return () => {
      if (target.current === t) target.current = null;
    };
  }, []);
  const type = useCallback((input: KeyboardInput) => {
    if (target.current) target.current.apply(input);
    else if (demarche.current) cabine().keyboard(input);
  }, []);
  const destination = useCallback(() => (target.current ? 'field' : demarche.current ? 'demarche' : 'none'), []);

  const value = useMemo(
    () => ({ open, setOpen, panel, show, focusedAt: textFieldFocusedAt, focusTarget, type, destination }),
    [open, panel, show, textFieldFocusedAt, focusTarget, type, destination],
  );
  return <KeyboardContext.Provider value={value}>{children}</KeyboardContext.Provider>;
}

export function useKeyboard(): KeyboardContextValue | null {
  return useContext(KeyboardContext);
}
