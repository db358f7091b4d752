import type { ContactView } from '../../../src/api/contract';
import { Dialog } from '../../components/Dialog';
import { ContactHistory } from '../audit/ContactHistory';
import { contactName } from '../../format/contactLabel';
import { categoryLabel, CHANNEL_LABELS, formatInstant, sourceLabel } from '../../format/display';
import { useApp } from '../../state/appStore';
import { useContactDialog } from '../../state/contactDialogStore';
import { isProtected, type ChannelName } from '../../state/vocabulary';

/** What a Yes (or Whitelisted) stands for: category, reason, date, source, actor; and the contact's history. */
export function BlockDetailsDialog({ contact, channel }: { contact: ContactView; channel: ChannelName }) {
  const close = useContactDialog((s) => s.close);
  const show = useContactDialog((s) => s.show);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const view = contact.channels[channel];
  const what = view.status === 'whitelisted' ? 'whitelisted' : 'blocked';
  return (
    <Dialog
      title={`${CHANNEL_LABELS[channel]} ${what === 'blocked' ? 'block' : 'whitelist'}: ${contactName(contact, primaryKey)}`}
      onClose={close}
      wide
      testId="block-details"
      footer={
        <>
          <button type="button" className="button" onClick={() => show({ kind: 'consent', contact })}>
            Manage Consent
          </button>
          <button type="button" className="button button-primary" onClick={close} data-autofocus>
            Close
          </button>
        </>
      }
    >
      <dl className="details">
        <dt>Status</dt>
        <dd>{what === 'blocked' ? `Blocked on ${CHANNEL_LABELS[channel]}` : 'Whitelisted (explicitly allowed)'}</dd>
        <dt>Category</dt>
        <dd>
          {categoryLabel(view.category)}
          {isProtected(view.category) ? <span className="subtle small"> — the contact&apos;s own wish or the network&apos;s verdict</span> : null}
        </dd>
        <dt>Reason</dt>
        <dd>{view.reason || <span className="subtle">No reason given</span>}</dd>
        <dt>Date</dt>
        <dd>
          {formatInstant(view.at, true)} <span className="subtle small">({view.at ?? '—'})</span>
        </dd>
        <dt>Source</dt>
        <dd title={view.source ?? undefined}>{sourceLabel(view.source)}</dd>
        <dt>Actor</dt>
        <dd>{view.actor ?? '—'}</dd>
      </dl>
      <ContactHistory contactId={contact.id} />
    </Dialog>
  );
}
