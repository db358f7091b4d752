import { useApp, type Screen } from './state/appStore';
import { isFinished, useJobs } from './state/jobsStore';

const ITEMS: { screen: Screen; label: string; hint?: string; shortcut?: string }[] = [
  { screen: 'listing', label: 'Contacts' },
  { screen: 'summary', label: 'Summary' },
  { screen: 'block', label: 'Blocklist Contact', hint: 'Ctrl+N', shortcut: 'Control+N Meta+N' },
  { screen: 'scrub', label: 'Audience scrub' },
  { screen: 'keywords', label: 'Keywords' },
  { screen: 'jobs', label: 'Jobs' },
  { screen: 'download', label: 'Download' },
  { screen: 'audit', label: 'Audit log' },
  { screen: 'sync', label: 'Sync' },
  { screen: 'settings', label: 'Settings' },
];

export function Navigation() {
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const running = useJobs((s) => s.jobs.filter((j) => !isFinished(j)).length);
  const dataFolder = useApp((s) => s.settings?.dataFolder);

  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <a
              href={`#/${item.screen}`}
              aria-current={screen === item.screen ? 'page' : undefined}
              aria-keyshortcuts={item.shortcut}
              title={item.hint}
              onClick={(event) => {
                event.preventDefault();
                go(item.screen);
              }}
            >
              {item.label}
              {item.screen === 'jobs' && running > 0 ? (
                <span className="nav-badge" aria-label={`${running} running`}>
                  {running}
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
      {dataFolder ? (
        <p className="nav-hint" title={dataFolder}>
          Offline · data kept on this computer
        </p>
      ) : null}
    </nav>
  );
}
