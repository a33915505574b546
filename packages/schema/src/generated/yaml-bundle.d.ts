// The one-module build of the `yaml` library (see scripts/build-yaml-bundle.mjs); typed where
// it is used, in phases/parse.ts, as `typeof import('yaml')`.
export declare const yaml: unknown;
