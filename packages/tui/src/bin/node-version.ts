// The Node.js version check the entry points run first. This module imports nothing, so
// it loads on any Node.js that runs ES modules and can say what is wrong in one line.

/** The oldest major version devup runs on (package.json "engines"). */
export const MINIMUM_NODE_MAJOR = 22;

/** The line to print when `version` (process.version, "v20.20.2") is too old; undefined when it will do. */
export const nodeVersionProblem = (version: string, execPath: string): string | undefined => {
  const major = Number.parseInt(/^v?(\d+)\./.exec(version)?.[1] ?? '', 10);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return (
    `dev: devup needs Node.js ${MINIMUM_NODE_MAJOR} or newer, found ${version} (${execPath}); ` +
    `install Node.js ${MINIMUM_NODE_MAJOR}+ (https://nodejs.org, or \`nvm install ${MINIMUM_NODE_MAJOR}\`) and run dev with it`
  );
};
