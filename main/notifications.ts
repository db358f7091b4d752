import { Notification } from 'electron';
import type { DeskEvent } from '../src/api/events';
import { jobNotice } from './jobNotice';

/** A desktop notification when a job ends; clicking it brings the window forward. */
export function notifyJobFinished(event: DeskEvent<'job:finished'>, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notice = new Notification({ ...jobNotice(event), silent: false });
  notice.on('click', onClick);
  notice.show();
}
