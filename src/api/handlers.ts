import { auditHandlers } from './auditHandlers';
import { contactsHandlers } from './contactsHandlers';
import type { AreaName } from './contract';
import { filesHandlers } from './filesHandlers';
import type { AreaHandlers } from './handler';
import { jobsHandlers } from './jobsHandlers';
import { settingsHandlers } from './settingsHandlers';
import { syncHandlers } from './syncHandlers';

/** Every operation's handler; the type makes a contract operation without one a build error. */
export const handlers: { [A in AreaName]: AreaHandlers<A> } = {
  contacts: contactsHandlers,
  jobs: jobsHandlers,
  audit: auditHandlers,
  settings: settingsHandlers,
  files: filesHandlers,
  sync: syncHandlers,
};
