// A minimal publish/subscribe channel for one kind of value.

export interface Topic<T> {
  publish(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export const createTopic = <T>(): Topic<T> => {
  const listeners = new Set<(value: T) => void>();
  return {
    publish: (value) => {
      for (const listener of listeners) listener(value);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
