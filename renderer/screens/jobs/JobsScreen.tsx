import { useEffect, useId } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useApp } from '../../state/appStore';
import { useJobs } from '../../state/jobsStore';
import { JobCard } from './JobCard';

/** Imports, exports and reverts: live progress, cancel, reports, revert. */
export function JobsScreen() {
  const jobs = useJobs((s) => s.jobs);
  const loaded = useJobs((s) => s.loaded);
  const error = useJobs((s) => s.error);
  const highlight = useApp((s) => s.highlightJob);
  const go = useApp((s) => s.go);
  const id = useId();

  useEffect(() => {
    void useJobs.getState().load();
  }, []);

  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-state={loaded ? 'ready' : 'loading'}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Jobs</h1>
        <button type="button" className="button" onClick={() => void useJobs.getState().load()}>
          Refresh
        </button>
        <button type="button" className="button button-primary" onClick={() => go('block')}>
          Blocklist Contact
        </button>
      </div>
      <ErrorNotice message={error} />
      {loaded && jobs.length === 0 ? (
        <div className="panel">
          <p>No jobs yet. Imports, pasted lists, exports and reverts appear here with their progress and report.</p>
        </div>
      ) : null}
      <div className="jobs-list">
        {jobs.map((job) => (
          <JobCard key={job.id} job={job} highlighted={job.id === highlight} />
        ))}
      </div>
    </section>
  );
}
