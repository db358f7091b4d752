import { SampleFileLink } from '../../components/SampleFileLink';
import { useApp } from '../../state/appStore';

/** The listing of an empty database: what the desk is for and how to start. */
export function FirstRun() {
  const go = useApp((s) => s.go);
  const dataFolder = useApp((s) => s.settings?.dataFolder);
  return (
    <div className="panel welcome" data-testid="first-run">
      <h2>Your blocklist is empty</h2>
      <p className="subtle">
        Blocklist Desk keeps the contacts you must not message — per channel: Email, SMS, WhatsApp and RCS — on this computer, with the
        reason, source and date of every block.
      </p>
      <ol>
        <li>
          <strong>Blocklist Contact</strong> (Ctrl+N): upload a CSV, TXT or ZIP file, or paste a list of customer IDs, emails or mobile numbers.
        </li>
        <li>Choose the channels, a category (manual, unsubscribe, opt-out…) and a reason, then Save. The import runs as a job you can follow and revert.</li>
        <li>Search, browse and export the list here; every change is kept in the Audit log.</li>
      </ol>
      <div className="row">
        <button type="button" className="button button-primary" onClick={() => go('block')}>
          Blocklist contacts
        </button>
        <SampleFileLink className="button" />
      </div>
      {dataFolder ? (
        <p className="subtle small" style={{ marginTop: 12 }}>
          Data folder: <code>{dataFolder}</code>
        </p>
      ) : null}
    </div>
  );
}
