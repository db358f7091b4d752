import { useState } from 'react';
import { emitAppEvent } from '../bridge/appEvents';
import { useApp } from '../state/appStore';
import { desk, errorText } from '../state/desk';

/** "Download sample file": the core names the file; the bridge saves or downloads it. */
export function SampleFileLink({ className = 'link-button', label = 'Download sample file' }: { className?: string; label?: string }) {
  const toast = useApp((s) => s.toast);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        const sample = await desk().files.sample({});
        if (!sample.ok) {
          toast('error', errorText(sample.error));
          setBusy(false);
          return;
        }
        const saved = await desk().downloadFile(sample.value.file);
        setBusy(false);
        if (!saved.ok) toast('error', errorText(saved.error));
        else emitAppEvent('desk:download', { name: sample.value.file.name, ref: sample.value.file.ref });
      }}
    >
      {label}
    </button>
  );
}
