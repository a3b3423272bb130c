// A tiny observable store: the UI subscribes; per-frame data is read by the canvas without React renders.

export type Listener<T> = (state: T) => void;

export class Store<T extends object> {
  private listeners = new Set<Listener<T>>();
  constructor(private state: T) {}

  get(): T {
    return this.state;
  }

  set(patch: Partial<T>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l(this.state));
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
