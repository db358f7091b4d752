import { useJobs } from '../state/jobsStore';
import { useWaiting } from '../state/waitingStore';

/** Says why a change has not come back yet: the blocklist is busy applying an import. */
export function WaitingNotice() {
  const slow = useWaiting((s) => s.slow);
  const applying = useJobs((s) => Object.values(s.progress).some((p) => p.phase === 'applying'));
  if (slow === 0) return null;
  return (
    <p className="notice notice-warn waiting-notice" role="status" data-testid="waiting-notice">
      {applying
        ? 'Waiting for the import to finish applying — your change goes through as soon as it is done.'
        : 'Waiting for the blocklist — another change is being saved.'}
    </p>
  );
}
