// The whole renderer: it renders the machine's state (ViewState from main) and keeps only what
// is purely local to the screen: keyboard open, PIN pad open, text size, contrast, search text.
import { useEffect, useLayoutEffect, useState } from 'react';
import type { Locale } from '../shared/config/schema';
import type { UnlockRole } from '../shared/session/types';
import { AgentPanel } from './components/AgentPanel';
import { Banners } from './components/Banners';
import { ConfirmEnd, useEndQuestionAfterPrint } from './components/ConfirmEnd';
import { InactivityWarning } from './components/InactivityWarning';
import { ReferentUnreachable } from './components/ReferentUnreachable';
import { TimeWarning } from './components/TimeWarning';
import { Toolbar, ToolbarDialog, type ToolbarDialogId } from './components/Toolbar';
import { UnlockPad } from './components/UnlockPad';
import { CallPanel, ShareQuestion } from './components/VideoCall';
import { applyLocale } from './i18n';
import { KeyboardProvider } from './keyboard/context';
import { Keyboard } from './keyboard/Keyboard';
import { BootingScreen } from './screens/Booting';
import { SCREENS } from './screens';
import { screenFor } from './screens/route';
import type { ScreenProps } from './screens/types';
import { useActivityReporter } from './state/activity';
import { hideCall, hideDemarche } from './state/demarche-area';
import { forgetStartChooser } from './state/start-chooser';
import { applyPrefs, DEFAULT_PREFS, type DisplayPrefs } from './state/prefs';
import { usePublicConfig } from './state/public-config';
import { stopSpeaking } from './state/speech';
import { useViewState } from './state/view-store';

export function App() {
  const view = useViewState();
  const config = usePublicConfig();
  const [prefs, setPrefs] = useState<DisplayPrefs>(DEFAULT_PREFS);
  // A language chosen in « Affichage » during the session goes before the machine's (the welcome screen's).
  const locale: Locale =
    (prefs.locale && config?.locales.available.includes(prefs.locale) ? prefs.locale : null) ?? view?.context.locale ?? config?.locales.default ?? 'fr';
  useLayoutEffect(() => applyLocale(locale), [locale]);

  useLayoutEffect(() => applyPrefs(prefs), [prefs]);
  const [unlockRole, setUnlockRole] = useState<UnlockRole | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  // « Quitter ce site ? », « Aide », « Affichage »: opened from the toolbar.
  const [toolDialog, setToolDialog] = useState<ToolbarDialogId | null>(null);

  const top = view?.path[0] ?? 'booting';
  const assisted = view?.context.assisted ?? false;
  // A visit is welcome + session: what a resident chose (text size…) ends with it.
  const visiting = top === 'welcome' || top === 'session';
  useEffect(() => {
    if (!visiting) {
      setPrefs(DEFAULT_PREFS);
      stopSpeaking();
      forgetStartChooser();
    }
  }, [visiting]);
  // The PIN pad and the "Terminer ?" question belong to the screen they were opened on.
  useEffect(() => {
    setUnlockRole(null);
    setConfirmEnd(false);
    setToolDialog(null);
  }, [top, assisted]);
  useActivityReporter(view !== null);
  // « Imprimer » in the end question: after the print flow, the question again.
  const printFromEnd = useEndQuestionAfterPrint(view, setConfirmEnd);

  if (!view || !config) {
    hideDemarche();
    hideCall();
    return (
      <div className="app">
        <BootingScreen />
      </div>
    );
  }

  const screen = screenFor(view.path);
  const CurrentScreen = SCREENS[screen];
  const warning = view.idle === 'warning';
  const session = top === 'session';
  // Nobody could be told about the resident's call: where else to find help, until they close it.
  const unreachable = view.context.referentCall === 'unreachable' && (session || top === 'welcome');
  // The video call (issue 17), only ever in a session: the agent on screen, the question before showing the screen,
  // nobody answering (where else to find help, « Rappeler »).
  const inCall = session && view.context.referentCall === 'inCall';
  const callWindow = view.context.call.window;
  const askingShare = inCall && view.context.call.share === 'asking';
  const noAnswer = session && view.context.referentCall === 'noAnswer';
  // "Il reste 5 minutes": the session's end is near (the inactivity question comes first if both are there).
  const timeWarning = session && view.context.timeWarning !== null && !warning && !confirmEnd;
  // The agent's panel of an assisted session (issue 15), or the agent's code it asks for again.
  const agentPanel =
    session && assisted && (view.agentPanel === 'open' || view.agentPanel === 'askingCode') && !warning && !unlockRole && !timeWarning && !confirmEnd;
  const dialogOpen =
    warning || unlockRole !== null || confirmEnd || unreachable || noAnswer || askingShare || timeWarning || agentPanel || (session && toolDialog !== null);
  // What the call's questions give way to, as the unreachable dialog does.
  const callDialog = !warning && !confirmEnd && !timeWarning && !unlockRole;
  // The call panel at full size covers the screen: the démarche goes on, hidden, and nothing under it can be touched.
  const callCovers = inCall && callWindow === 'large';
  // Everything typed or chosen during a session lives under this key: it is dropped (unmounted)
  // the moment the machine leaves the session, before the wipe even starts.
  const scopeKey = session ? `session-${view.context.startedAt ?? 0}` : top;

  const props: ScreenProps = { view, config, locale, openUnlock: setUnlockRole, hideDemarche: dialogOpen || callCovers };
  return (
    <KeyboardProvider
      key={scopeKey}
      demarcheActive={screen === 'browsing'}
      textFieldFocusedAt={view.textFieldFocusedAt ?? null}
      oneTimeCodeField={view.oneTimeCodeField ?? false}
    >
      <div className="app" data-screen={screen}>
        <div className="app-content" inert={dialogOpen}>
          <Banners view={view} config={config} locale={locale} />
          {session && screen !== 'starting' && (
            <Toolbar
              screen={screen}
              view={view}
              config={config}
              onDialog={setToolDialog}
              onEnd={() => setConfirmEnd(true)}
              onUnlock={() => setUnlockRole('referent')}
            />
          )}
          {/* The screen, and beside it or over it the call panel (data-call-window); without a call both wrappers lay out nothing. */}
          <div className="stage" data-call-window={inCall ? callWindow : undefined}>
            <div className="stage-screen" inert={callCovers}>
              <CurrentScreen {...props} />
            </div>
            {inCall && <CallPanel view={view} covered={dialogOpen} />}
          </div>
          {session && <Keyboard />}
        </div>
        {warning && <InactivityWarning view={view} />}
        {timeWarning && !unlockRole && <TimeWarning view={view} config={config} onFinished={() => setConfirmEnd(true)} />}
        {confirmEnd && !warning && <ConfirmEnd onClose={() => setConfirmEnd(false)} onPrint={printFromEnd} />}
        {unreachable && callDialog && <ReferentUnreachable config={config} locale={locale} />}
        {noAnswer && callDialog && <ReferentUnreachable config={config} locale={locale} noAnswer />}
        {askingShare && callDialog && <ShareQuestion />}
        {agentPanel && <AgentPanel view={view} config={config} />}
        {session && toolDialog && callDialog && !unreachable && !noAnswer && !askingShare && (
          <ToolbarDialog dialog={toolDialog} view={view} config={config} locale={locale} prefs={prefs} onPrefs={setPrefs} onClose={() => setToolDialog(null)} />
        )}
        {unlockRole && !warning && <UnlockPad role={unlockRole} view={view} config={config} onRole={setUnlockRole} onClose={() => setUnlockRole(null)} />}
      </div>
    </KeyboardProvider>
  );
}
