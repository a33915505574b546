export type * from './model.js';
export {
  loadProject,
  normalizeProjectName,
  type LoadOptions,
  type LoadResult,
  type LocateSource,
} from './load-project.js';
export { formatIssues } from './format-issues.js';
export { serializeProject, toComposeDocument } from './serialize-project.js';
export { projectJsonSchema } from './project-schema.js';
export { parseYaml, type ParsedFile, type MergeTag } from './phases/parse.js';
export { interpolateTree, substitute, type Lookup } from './phases/interpolate.js';
export { parseDotenv } from './phases/dotenv.js';
export { applyInclude } from './phases/include.js';
export { applyExtends } from './phases/extends.js';
export { mergeTrees, stripResets, tagLookupFrom } from './phases/merge.js';
export { resolveRelativePaths } from './phases/resolve-paths.js';
export { validateTree } from './phases/validate.js';
export { canonicalizeTree, canonicalForms } from './phases/canonical.js';
export { resolveEnvironments } from './phases/environment.js';
export { applyDefaults } from './phases/defaults.js';
export { buildProject } from './phases/to-model.js';
export { definedServices, selectServices } from './phases/profiles.js';
export { checkSelectedServices, checkServiceGraph, crossCheckProject } from './phases/cross-checks.js';
export { discoverFiles } from './discover-files.js';
export { SourceMap, type SourceLocation } from './source-map.js';
export * from './parity/index.js';
