export type * from './engine/engine.js';
