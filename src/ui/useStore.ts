// Subscribes a component to a Store (React 18+ external store semantics).

import { useSyncExternalStore } from 'react';
import type { Store } from '../session/state/store';

export function useStore<T extends object>(store: Store<T>): T {
  return useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.get(),
  );
}
