export { type Lpm, type LpmEntry } from "./lpm/lpm";
export { LinearLpm } from "./lpm/linear-lpm";
export { RadixTrie } from "./lpm/radix-trie";
export { DirLpm, type DirLpmOptions } from "./lpm/dir-lpm";
