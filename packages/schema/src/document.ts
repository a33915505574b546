// One loaded document: a tree with its source map and merge tags, and what went wrong.
import type { ConfigIssue } from './model.js';
import type { MergeTag } from './phases/parse.js';
import type { SourceMap } from './source-map.js';
import type { TreeMap } from './tree.js';

export interface LoadedDocument {
  tree: TreeMap;
  sourceMap: SourceMap;
  tags: Map<string, MergeTag>;
  issues: ConfigIssue[];
}
