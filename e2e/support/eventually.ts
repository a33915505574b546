// Polls `check` until it stops throwing or `timeoutMs` passes, then rethrows its last
// error. Tests wait for a state this way instead of sleeping.

export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};
