// Orphans as Compose treats them: containers of services no longer in the config are left
// in place and reported, and removed only with --remove-orphans (or COMPOSE_REMOVE_ORPHANS);
// COMPOSE_IGNORE_ORPHANS silences the report.

const isTrue = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes)$/i.test(value.trim());

/** Whether orphans go: the option, else COMPOSE_REMOVE_ORPHANS. */
export const removeOrphansWanted = (option: boolean | undefined, env: Record<string, string | undefined>): boolean =>
  option === true || isTrue(env['COMPOSE_REMOVE_ORPHANS']);

/** The warning for orphans left in place, in Compose's words; undefined when there is nothing to say. */
export const orphanWarning = (
  command: 'up' | 'down',
  orphans: readonly string[] | undefined,
  env: Record<string, string | undefined>,
): string | undefined => {
  if (orphans === undefined || orphans.length === 0 || isTrue(env['COMPOSE_IGNORE_ORPHANS'])) return undefined;
  const kept = command === 'down' ? ' They were left in place, and so were the networks and volumes they may use.' : '';
  return (
    `dev: warning: found orphan containers (${orphans.join(', ')}) for this project.${kept} ` +
    `If you removed or renamed this service in your compose file, run dev ${command} --remove-orphans to clean it up.`
  );
};
