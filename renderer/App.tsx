import { useEffect } from 'react';
import { emitAppEvent } from './bridge/appEvents';
import { Toasts } from './components/Toasts';
import { WaitingNotice } from './components/WaitingNotice';
import { formatCount, JOB_KIND_LABELS } from './format/display';
import { problemCount } from './format/problems';
import { AuditScreen } from './screens/audit/AuditScreen';
import { BlocklistContactScreen } from './screens/block/BlocklistContactScreen';
import { DownloadScreen } from './screens/download/DownloadScreen';
import { JobsScreen } from './screens/jobs/JobsScreen';
import { KeywordsScreen } from './screens/keywords/KeywordsScreen';
import { ListingScreen } from './screens/listing/ListingScreen';
import { ScrubScreen } from './screens/scrub/ScrubScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SummaryScreen } from './screens/summary/SummaryScreen';
import { SyncScreen } from './screens/sync/SyncScreen';
import { isScreen, useApp, type Screen } from './state/appStore';
import { desk } from './state/desk';
import { landed, useJobs } from './state/jobsStore';
import { useListing } from './state/listingStore';
import { Navigation } from './Navigation';

function screenFromHash(): Screen | null {
  const name = window.location.hash.replace(/^#\/?/, '');
  return isScreen(name) ? name : null;
}

/** Kinds of job that change the blocklist: the listing and counts follow when one ends. */
const CHANGING_KINDS = new Set(['import', 'paste', 'revert', 'keywords', 'sync', 'bulk']);

export function App() {
  const screen = useApp((s) => s.screen);
  const settings = useApp((s) => s.settings);

  useEffect(() => {
    const app = useApp.getState();
    const initial = screenFromHash();
    if (initial) useApp.setState({ screen: initial });
    emitAppEvent('desk:screen', { screen: initial ?? 'listing' });
    void app.loadSettings();
    void app.refreshCounts();
    void useJobs.getState().load();

    const bridge = desk();
    const offProgress = bridge.on('job:progress', (progress) => useJobs.getState().onProgress(progress));
    const offFinished = bridge.on('job:finished', ({ job, report }) => {
      useJobs.getState().onFinished(job, report);
      if (CHANGING_KINDS.has(job.kind) && landed(job)) {
        void useApp.getState().refreshCounts();
        void useListing.getState().reload();
      }
      const what = `${JOB_KIND_LABELS[job.kind] ?? job.kind}${job.label ? `: ${job.label}` : ''}`;
      if (job.status === 'succeeded') useApp.getState().toast('ok', `${what} — done.`);
      else if (job.status === 'succeeded_with_problems') useApp.getState().toast('info', `${what} — done, with ${problemCount(job.report?.problems ?? 0, formatCount)}: see its report under Jobs.`);
      else if (job.status === 'failed') useApp.getState().toast('error', `${what} — failed: ${job.error?.message ?? 'see its report under Jobs'}`);
    });
    const offMenu = bridge.on('menu:command', ({ command }) => {
      if (command === 'new-block') useApp.getState().go('block');
      else useApp.getState().focusSearch();
    });

    const onHash = () => {
      const next = screenFromHash();
      if (next && next !== useApp.getState().screen) useApp.setState({ screen: next });
    };
    // Electron's menu sends these as menu:command; in the browser the page handles the keys.
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'n') {
        event.preventDefault();
        useApp.getState().go('block');
      } else if (key === 'f') {
        event.preventDefault();
        useApp.getState().focusSearch();
      }
    };
    // Another process (the CLI, a second window) may have changed the list meanwhile.
    const onFocus = () => void useApp.getState().refreshCounts();
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    window.addEventListener('keydown', onKey);
    window.addEventListener('focus', onFocus);
    return () => {
      offProgress();
      offFinished();
      offMenu();
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  return (
    <div className="shell" data-state={settings ? 'ready' : 'loading'} data-screen={screen}>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            B
          </span>
          Blocklist Desk
        </div>
        <div className="topbar-spacer" />
        <div className="topbar-meta">
          {settings ? (
            <>
              <span>
                Primary key: <strong>{settings.primary_key === 'email' ? 'Email' : 'Customer ID'}</strong>
              </span>
              <span>
                Default country: <strong>{settings.country}</strong>
              </span>
            </>
          ) : null}
        </div>
      </header>
      <Navigation />
      <main className="main" id="main">
        <WaitingNotice />
        {screen === 'listing' ? <ListingScreen /> : null}
        {screen === 'summary' ? <SummaryScreen /> : null}
        {screen === 'block' ? <BlocklistContactScreen /> : null}
        {screen === 'keywords' ? <KeywordsScreen /> : null}
        {screen === 'scrub' ? <ScrubScreen /> : null}
        {screen === 'jobs' ? <JobsScreen /> : null}
        {screen === 'download' ? <DownloadScreen /> : null}
        {screen === 'audit' ? <AuditScreen /> : null}
        {screen === 'sync' ? <SyncScreen /> : null}
        {screen === 'settings' ? <SettingsScreen /> : null}
      </main>
      <Toasts />
    </div>
  );
}
