// Polls `check` until it stops throwing or `timeoutMs` passes, then rethrows its last
// error. For tests: wait for a state instead of sleeping "a bit".

export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 20): Promise<T> => {
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
