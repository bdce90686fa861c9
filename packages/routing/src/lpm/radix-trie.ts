import type { Ipv4Addr } from "@pktsim/core";
import { checkPrefix, MASKS, type Lpm, type LpmEntry } from "./lpm";

class Node<V> {
  left: Node<V> | null = null;
  right: Node<V> | null = null;
  readonly mask: number;
  constructor(
    readonly key: Ipv4Addr,
    readonly len: number,
    public value: V | undefined,
    public hasValue: boolean,
  ) {
    this.mask = MASKS[len]!;
  }
}

/** Bit `pos` (0 = most significant) of a uint32. */
function bit(addr: number, pos: number): number {
  return (addr >>> (31 - pos)) & 1;
}

/**
 * Path-compressed binary (Patricia) trie on numeric keys: the default LPM for tables that
 * change. A node exists for every stored prefix and for every branching point; a node without
 * a value always has two children. Lookups walk at most 33 nodes and allocate nothing.
 */
export class RadixTrie<V> implements Lpm<V> {
  private root: Node<V> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(prefix: Ipv4Addr, prefixLen: number, value: V): void {
    checkPrefix(prefix, prefixLen);
    let parent: Node<V> | null = null;
    let dir = 0;
    let n = this.root;
    while (n !== null) {
      const common = Math.min(prefixLen, n.len, Math.clz32(prefix ^ n.key));
      if (common < n.len) {
        // The new prefix sits above n, or beside it under a new branching node.
        let top: Node<V>;
        if (common === prefixLen) {
          top = new Node(prefix, prefixLen, value, true);
          setChild(top, bit(n.key, prefixLen), n);
        } else {
          top = new Node<V>((prefix & MASKS[common]!) >>> 0, common, undefined, false);
          setChild(top, bit(prefix, common), new Node(prefix, prefixLen, value, true));
          setChild(top, bit(n.key, common), n);
        }
        this.replaceChild(parent, dir, top);
        this.count++;
        return;
      }
      if (n.len === prefixLen) {
        if (!n.hasValue) this.count++;
        n.hasValue = true;
        n.value = value;
        return;
      }
      parent = n;
      dir = bit(prefix, n.len);
      n = dir ? n.right : n.left;
    }
    this.replaceChild(parent, dir, new Node(prefix, prefixLen, value, true));
    this.count++;
  }

  remove(prefix: Ipv4Addr, prefixLen: number): boolean {
    let grand: Node<V> | null = null;
    let grandDir = 0;
    let parent: Node<V> | null = null;
    let dir = 0;
    let n = this.root;
    while (n !== null && n.len < prefixLen && ((prefix ^ n.key) & n.mask) === 0) {
      grand = parent;
      grandDir = dir;
      parent = n;
      dir = bit(prefix, n.len);
      n = dir ? n.right : n.left;
    }
    if (n === null || n.len !== prefixLen || n.key !== prefix || !n.hasValue) return false;
    n.hasValue = false;
    n.value = undefined;
    this.count--;
    if (n.left !== null && n.right !== null) return true; // stays as a branching node
    const child = n.left ?? n.right;
    this.replaceChild(parent, dir, child);
    if (child === null && parent !== null && !parent.hasValue) {
      // The parent was a branching node and now has one child: splice it out.
      this.replaceChild(grand, grandDir, parent.left ?? parent.right);
    }
    return true;
  }

  get(prefix: Ipv4Addr, prefixLen: number): V | undefined {
    let n = this.root;
    while (n !== null && n.len < prefixLen && ((prefix ^ n.key) & n.mask) === 0) {
      n = bit(prefix, n.len) ? n.right : n.left;
    }
    return n !== null && n.len === prefixLen && n.key === prefix && n.hasValue ? n.value : undefined;
  }

  lookup(addr: Ipv4Addr, maxLen = 32): V | undefined {
    let best: Node<V> | null = null;
    let n = this.root;
    while (n !== null && n.len <= maxLen && ((addr ^ n.key) & n.mask) === 0) {
      if (n.hasValue) best = n;
      if (n.len === 32) break;
      n = (addr >>> (31 - n.len)) & 1 ? n.right : n.left;
    }
    return best === null ? undefined : best.value;
  }

  forEachMatch(addr: Ipv4Addr, visit: (value: V, prefixLen: number) => boolean | void): void {
    const path: Node<V>[] = [];
    let n = this.root;
    while (n !== null && ((addr ^ n.key) & n.mask) === 0) {
      if (n.hasValue) path.push(n);
      if (n.len === 32) break;
      n = bit(addr, n.len) ? n.right : n.left;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const m = path[i]!;
      if (visit(m.value as V, m.len) === true) return;
    }
  }

  *entries(): IterableIterator<LpmEntry<V>> {
    if (this.root === null) return;
    for (const n of walk(this.root)) yield { prefix: n.key, prefixLen: n.len, value: n.value as V };
  }

  [Symbol.iterator](): IterableIterator<LpmEntry<V>> {
    return this.entries();
  }

  private replaceChild(parent: Node<V> | null, dir: number, child: Node<V> | null): void {
    if (parent === null) this.root = child;
    else if (dir) parent.right = child;
    else parent.left = child;
  }
}

function setChild<V>(parent: Node<V>, dir: number, child: Node<V>): void {
  if (dir) parent.right = child;
  else parent.left = child;
}

/**
 * Dump order: ascending address and, for one address, the longer prefix first. Prefixes
 * sharing n's address form the chain of left children with n's key; they come first (deepest
 * first), then the rest of the deepest one's left subtree, then the right subtrees bottom-up.
 */
function* walk<V>(n: Node<V>): Generator<Node<V>> {
  const chain: Node<V>[] = [n];
  let c = n;
  while (c.left !== null && c.left.key === n.key) {
    c = c.left;
    chain.push(c);
  }
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i]!.hasValue) yield chain[i]!;
  if (c.left !== null) yield* walk(c.left);
  for (let i = chain.length - 1; i >= 0; i--) {
    const right = chain[i]!.right;
    if (right !== null) yield* walk(right);
  }
}
