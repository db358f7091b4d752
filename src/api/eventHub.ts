import type { DeskEvent, DeskEventName } from './events';

export type EventListener = <N extends DeskEventName>(name: N, payload: DeskEvent<N>) => void;

/**
 * Where the core announces job progress and job ends. Each host forwards to its
 * subscribers: the HTTP host as Server-Sent Events, Electron over IPC and as a desktop
 * notification. A listener that throws does not stop the others.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<N extends DeskEventName>(name: N, payload: DeskEvent<N>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch {
        // one broken subscriber (a closed socket) must not starve the rest
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
