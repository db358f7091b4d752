import { FileGrants, type GrantEntry } from '../src/api/localFiles';
import { DeskError } from '../src/domain/errors';
import type { InvokeEventLike } from './ipc';

/** What the registry reads of a WebContents: its id and two of its events. */
export interface ContentsLike {
  readonly id: number;
  on(event: 'did-navigate' | 'destroyed', listener: () => void): unknown;
}

/**
 * The file grants of each window (keyed by its web contents), so a ref one page was given
 * is worthless to another. A page's grants end with its document: a reload or a
 * navigation of the main frame ('did-navigate'; in-page route changes do not fire it) and
 * the contents' end revoke them.
 */
export class WindowFileGrants {
  private readonly byContents = new Map<number, FileGrants>();
  /** A call that names no sender gets this one, which nothing is ever granted to. */
  private readonly nobody = new FileGrants();

  private of(contentsId: number): FileGrants {
    let grants = this.byContents.get(contentsId);
    if (grants === undefined) {
      grants = new FileGrants();
      this.byContents.set(contentsId, grants);
    }
    return grants;
  }

  /** The calling window's grants as they stand, sent with its call to the database thread. */
  entriesFor(event: InvokeEventLike): GrantEntry[] {
    const id = event.sender?.id;
    return typeof id === 'number' ? (this.byContents.get(id)?.entries() ?? []) : [];
  }

  /** Where a dialog's or a drop's paths are recorded: the calling window's grants. */
  grantsTo(event: InvokeEventLike): FileGrants {
    const id = event.sender?.id;
    if (typeof id !== 'number') throw new DeskError('internal', 'the call names no window to grant files to');
    return this.of(id);
  }

  /** Called for every web contents as it is created (main.ts). */
  watch(contents: ContentsLike): void {
    // The id is read now: a destroyed WebContents throws on property access.
    const id = contents.id;
    const revoke = () => {
      this.byContents.get(id)?.revokeAll();
      this.byContents.delete(id);
    };
    contents.on('did-navigate', revoke);
    contents.on('destroyed', revoke);
  }
}
