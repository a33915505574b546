import { useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import { App } from './App.js';
import { keyToCommand, splitKeys, type KeyCommand } from './keys.js';
import type { Theme } from './theme.js';
import type { ViewStore } from './view-store.js';

export interface TuiRootProps {
  store: ViewStore;
  theme: Theme;
  /** Service commands and quit; view actions are handled here. */
  onCommand(command: Exclude<KeyCommand, { kind: 'view' }>): void;
}

/** Connects the store and the keyboard to the screen. */
export function TuiRoot({ store, theme, onCommand }: TuiRootProps) {
  const view = useSyncExternalStore(store.subscribe, store.getState);
  useInput((input, key) => {
    for (const [oneInput, oneKey] of splitKeys(input, key)) {
      const command = keyToCommand(oneInput, oneKey, { editingSearch: store.getState().search.draft !== undefined });
      if (command === undefined) continue;
      if (command.kind === 'view') store.dispatchNow({ kind: 'action', action: command.action });
      else onCommand(command);
    }
  });
  return <App view={view} theme={theme} />;
}
