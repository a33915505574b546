// The policy an image is pulled by, as `up --pull` and a service's `pull_policy` say it.

export type PullPolicy = 'always' | 'missing' | 'never' | 'build';

/**
 * The policy a service's image is pulled by: `--pull`, else its `pull_policy`, else
 * missing. Compose's other spellings: if_not_present is missing; refresh pulls like always;
 * daily and weekly (pull when older) are treated as missing.
 */
export const effectivePullPolicy = (flag: PullPolicy | undefined, servicePolicy: string | undefined): PullPolicy => {
  switch (flag ?? servicePolicy ?? 'missing') {
    case 'always':
    case 'refresh':
      return 'always';
    case 'never':
      return 'never';
    case 'build':
      return 'build';
    default:
      return 'missing';
  }
};
