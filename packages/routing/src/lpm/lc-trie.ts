import type { Ipv4Addr } from "@pktsim/core";
import { checkPrefix, MASKS, type Lpm, type LpmEntry } from "./lpm";

/**
 * A level-compressed trie after net/ipv4/fib_trie.c (Nilsson and Karlsson's LC-trie made
 * dynamic by Nilsson and Tikkanen): every prefix lives in the leaf keyed by its network
 * address, next to the other lengths of that address; internal nodes ("tnodes") test `bits`
 * key bits at once from bit `pos` up (2^bits children) and skip every bit their keys share
 * (path compression). After each change the nodes on the path are resized as the kernel does:
 * a tnode doubles while its would-be children stay at least half used (a third at the root),
 * halves while fewer than a quarter (a sixth at the root) are used, and one left with a single
 * child is replaced by it. A lookup descends while the key matches, then backtracks by clearing
 * the lowest set index bit of the deepest tnode that holds shorter prefixes (`slen`, the largest
 * suffix length 32 - prefixLen below a node), as fib_table_lookup does: a few dependent loads
 * per lookup where the binary RadixTrie needs about 20 at a million prefixes.
 *
 * `slen` only ever overestimates after removals (a node's is lowered when it is rebuilt), which
 * costs some backtracking but cannot hide a match: leaves check every prefix exactly.
 *
 * Departures from the kernel, for speed in JavaScript: a leaf keeps its longest prefix inline,
 * and the root's backtracking is precomputed per root index (rootBest, below), as uniformly
 * drawn addresses otherwise strip the root's 20-odd index bits one random load at a time.
 */

/** One stored prefix of a leaf. */
interface Alias<V> {
  readonly prefixLen: number;
  readonly mask: number;
  value: V;
}

/** A tnode (children !== null) or a leaf (aliases !== null): one shape, so lookups stay monomorphic. */
class KeyVector<V> {
  /** A tnode's key has the bits below pos + bits cleared; a leaf's is its prefixes' address. */
  key: number;
  pos: number;
  bits: number;
  /** Largest suffix length (32 - prefixLen) of the prefixes below; at least pos for a tnode. */
  slen: number;
  parent: KeyVector<V> | null;
  children: (KeyVector<V> | null)[] | null;
  /** Children that are absent, and children that are tnodes testing the bits right below ours. */
  emptyChildren: number;
  fullChildren: number;
  /** A leaf's prefixes, longest first (ascending suffix length, as the kernel's fa list). */
  aliases: Alias<V>[] | null;
  /** A leaf's longest prefix, its mask and length inline: most leaves hold one (two loads saved). */
  first: Alias<V> | null;
  value0: V | undefined;
  mask0: number;
  len0: number;

  constructor(key: number, pos: number, bits: number, leaf: boolean) {
    this.key = key;
    this.pos = pos;
    this.bits = bits;
    this.slen = pos;
    this.parent = null;
    this.children = leaf ? null : new Array<KeyVector<V> | null>(2 ** bits).fill(null);
    this.emptyChildren = leaf ? 0 : 2 ** bits;
    this.fullChildren = 0;
    this.aliases = leaf ? [] : null;
    this.first = null;
    this.value0 = undefined;
    this.mask0 = 0;
    this.len0 = 0;
  }

  /** Refreshes the inline copy of a leaf's longest prefix. */
  syncFirst(): void {
    const a = this.aliases![0];
    this.first = a ?? null;
    this.value0 = a?.value;
    this.mask0 = a?.mask ?? 0;
    this.len0 = a?.prefixLen ?? 0;
  }
}

const KEYLENGTH = 32;
/** fib_trie's thresholds, in percent of the children in use. */
const INFLATE_THRESHOLD = 50;
const HALVE_THRESHOLD = 25;
const INFLATE_THRESHOLD_ROOT = 30;
const HALVE_THRESHOLD_ROOT = 15;
const MAX_WORK = 10;
/** Smallest root that gets a rootBest table. */
const BEST_MIN_BITS = 8;

/** A tnode whose key keeps the bits at and above pos + bits of `key`. */
function tnodeNew<V>(key: number, pos: number, bits: number): KeyVector<V> {
  const shift = pos + bits;
  const k = shift >= KEYLENGTH ? 0 : (key & ~(2 ** shift - 1)) >>> 0;
  return new KeyVector<V>(k, pos, bits, false);
}

/** The index of `key` among n's children (get_cindex; at least 2^bits when a skipped bit differs). */
function indexOf<V>(key: number, n: KeyVector<V>): number {
  return (key ^ n.key) >>> n.pos;
}

/** A child that is a tnode testing the bits right below tn's: inflating tn absorbs its top bit. */
function isFull<V>(tn: KeyVector<V>, n: KeyVector<V> | null): boolean {
  return n !== null && n.children !== null && n.pos + n.bits === tn.pos;
}

export class LcTrie<V> implements Lpm<V> {
  private root: KeyVector<V> | null = null;
  private count = 0;
  /**
   * rootBest (not in the kernel): per root index, the longest prefix that leaves some root index
   * bits free and matches that index: what backtracking at the root would find, so a lookup
   * never strips root bits one by one, each a random load in a table of 2^bits children. Built
   * for `bestFor` (a root of at least BEST_MIN_BITS bits) on the first lookup after the root is
   * replaced, and kept up to date by insert and remove in between.
   */
  private best: (Alias<V> | null)[] | null = null;
  /** best's values, inline (one load less per lookup). */
  private bestValue: (V | undefined)[] | null = null;
  private bestFor: KeyVector<V> | null = null;

  get size(): number {
    return this.count;
  }

  // ---- lookup (fib_table_lookup) ---------------------------------------------------------

  lookup(addr: Ipv4Addr, maxLen = 32): V | undefined {
    const key = addr >>> 0;
    const root = this.root;
    if (maxLen >= KEYLENGTH && root !== null && root.children !== null && root.bits >= BEST_MIN_BITS) {
      const index = (key ^ root.key) >>> root.pos;
      if (index >>> root.bits === 0) {
        // The root's own backtracking is precomputed (rootBest): only the subtree below the
        // key's root child is searched. Whatever it finds is at least as long as the root's
        // answer: a prefix there fixes every root bit, or leaves free only bits that are zero
        // in the key's index, as the root's answer then does too, so it lies in that subtree.
        const child = root.children[index]!;
        if (child !== null) {
          if (child.children === null) {
            // A leaf right below the root (most are): its prefixes checked here, exactly.
            const diff = key ^ child.key;
            if ((diff & child.mask0) === 0) return child.value0;
            const aliases = child.aliases!;
            for (let i = 1; i < aliases.length; i++) if ((diff & aliases[i]!.mask) === 0) return aliases[i]!.value;
          } else {
            const found = this.search(key, KEYLENGTH, child, root);
            if (found !== undefined) return found.value;
          }
        }
        if (this.bestFor !== root) this.rebuildBest(root);
        return this.bestValue![index];
      }
    }
    return this.search(key, maxLen, root, null)?.value;
  }

  /** fib_table_lookup from `start` down, never backtracking into `top` (null: the whole trie). */
  private search(key: number, maxLen: number, start: KeyVector<V> | null, top: KeyVector<V> | null): Alias<V> | undefined {
    let n = start;
    if (n === null) return undefined;
    const minSlen = KEYLENGTH - maxLen;
    // The deepest tnode on the way down that holds prefixes shorter than its index bits, and
    // the index taken there: where backtracking resumes (null: the trie itself).
    let pn: KeyVector<V> | null = null;
    let cindex = 0;
    // Step 1: descend while the key matches every bit tested and skipped.
    let exact = false;
    for (;;) {
      const index: number = (key ^ n.key) >>> n.pos;
      if (n.bits < KEYLENGTH && index >>> n.bits !== 0) break;
      const children: (KeyVector<V> | null)[] | null = n.children;
      if (children === null) {
        exact = true;
        break;
      }
      if (n.slen > n.pos) {
        pn = n;
        cindex = index;
      }
      const c: KeyVector<V> | null = children[index]!;
      if (c === null) {
        n = null;
        break;
      }
      n = c;
    }
    // Step 2: the leaf, or prefix matching down the zero children, backtracking when it fails.
    for (;;) {
      if (n !== null) {
        if (exact || ((((key ^ n.key) & (n.key | -n.key)) === 0) && n.slen !== n.pos)) {
          const children: (KeyVector<V> | null)[] | null = n.children;
          if (children !== null) {
            // A tnode in prefix mode: the shorter prefixes have zeros below, so child 0.
            n = children[0]!;
            continue;
          }
          const diff = key ^ n.key;
          if ((diff & n.mask0) === 0 && n.len0 <= maxLen) return n.first!;
          const aliases = n.aliases!;
          for (let i = 1; i < aliases.length; i++) {
            const a = aliases[i]!;
            if ((diff & a.mask) === 0 && KEYLENGTH - a.prefixLen >= minSlen) return a;
          }
        }
        exact = false;
      }
      // Backtrack: clear the lowest set bit of the index, climbing when it is spent.
      while (cindex === 0) {
        if (pn === null) return undefined;
        const pkey = pn.key;
        pn = pn.parent;
        if (pn === top) return undefined;
        cindex = indexOf(pkey, pn!);
      }
      cindex &= cindex - 1;
      n = pn!.children![cindex]!;
    }
  }

  forEachMatch(addr: Ipv4Addr, visit: (value: V, prefixLen: number) => boolean | void): void {
    const key = addr >>> 0;
    for (let maxLen = 32; maxLen >= 0; ) {
      const a = this.search(key, maxLen, this.root, null);
      if (a === undefined) return;
      if (visit(a.value, a.prefixLen) === true) return;
      maxLen = a.prefixLen - 1;
    }
  }

  // ---- exact access ------------------------------------------------------------------------

  /** fib_find_node: the leaf keyed `key`, and the tnode below which it is or would be. */
  private findNode(key: number): { leaf: KeyVector<V> | null; tp: KeyVector<V> | null } {
    let tp: KeyVector<V> | null = null;
    let n = this.root;
    while (n !== null) {
      const index = indexOf(key, n);
      if (index >= 2 ** n.bits) return { leaf: null, tp };
      if (n.children === null) return { leaf: n, tp };
      tp = n;
      n = n.children[index]!;
    }
    return { leaf: null, tp };
  }

  get(prefix: Ipv4Addr, prefixLen: number): V | undefined {
    if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > 32) return undefined;
    const { leaf } = this.findNode(prefix >>> 0);
    return leaf?.aliases!.find((a) => a.prefixLen === prefixLen)?.value;
  }

  // ---- insert (fib_insert_node) ------------------------------------------------------------

  insert(prefix: Ipv4Addr, prefixLen: number, value: V): void {
    checkPrefix(prefix, prefixLen);
    const key = prefix >>> 0;
    const slen = KEYLENGTH - prefixLen;
    const { leaf, tp } = this.findNode(key);
    if (leaf !== null) {
      const aliases = leaf.aliases!;
      let at = 0;
      while (at < aliases.length && aliases[at]!.prefixLen > prefixLen) at++;
      if (at < aliases.length && aliases[at]!.prefixLen === prefixLen) {
        const a = aliases[at]!;
        a.value = value;
        leaf.syncFirst();
        this.bestSet(key, a);
        return;
      }
      const alias = { prefixLen, mask: MASKS[prefixLen]!, value };
      aliases.splice(at, 0, alias);
      leaf.syncFirst();
      this.count++;
      this.pushSuffix(leaf, slen);
      this.bestAdd(key, alias);
      return;
    }
    const l = new KeyVector<V>(key, 0, 0, true);
    const alias = { prefixLen, mask: MASKS[prefixLen]!, value };
    l.aliases!.push(alias);
    l.syncFirst();
    l.slen = slen;
    this.count++;
    let parent = tp;
    const n = this.childOf(parent, key);
    if (n !== null) {
      // The key leaves the path where it differs from n's: a binary tnode at that bit.
      const diff = (key ^ n.key) >>> 0;
      const tn = tnodeNew<V>(key, 31 - Math.clz32(diff), 1);
      tn.parent = parent;
      this.putChild(tn, indexOf(key, tn) ^ 1, n);
      this.putChildRoot(parent, key, tn);
      // node_set_parent(n, tn): n's later suffix pushes must reach tn.
      n.parent = tn;
      parent = tn;
    }
    this.pushSuffix(parent, slen);
    l.parent = parent;
    this.putChildRoot(parent, key, l);
    this.rebalance(parent);
    this.bestAdd(key, alias);
  }

  // ---- remove (fib_remove_alias) -----------------------------------------------------------

  remove(prefix: Ipv4Addr, prefixLen: number): boolean {
    if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > 32) return false;
    const key = prefix >>> 0;
    const { leaf, tp } = this.findNode(key);
    if (leaf === null) return false;
    const aliases = leaf.aliases!;
    const at = aliases.findIndex((a) => a.prefixLen === prefixLen);
    if (at < 0) return false;
    const gone = aliases[at]!;
    aliases.splice(at, 1);
    leaf.syncFirst();
    this.count--;
    if (aliases.length > 0) {
      // The leaf's own suffix is exact again; the tnodes above may keep a larger one.
      leaf.slen = KEYLENGTH - aliases[aliases.length - 1]!.prefixLen;
    } else {
      this.putChildRoot(tp, key, null);
      this.rebalance(tp);
    }
    this.bestRemove(key, gone);
    return true;
  }

  // ---- rootBest ------------------------------------------------------------------------------

  /** The root index range a prefix leaves free (partial at the root), or null when it fixes them all. */
  private bestRange(root: KeyVector<V>, key: number, prefixLen: number): [number, number] | null {
    const free = Math.min(root.bits, KEYLENGTH - root.pos - prefixLen);
    if (free <= 0) return null;
    const start = (((key ^ root.key) >>> root.pos) >>> free) * 2 ** free;
    return [start, start + 2 ** free];
  }

  private rebuildBest(root: KeyVector<V>): void {
    const best = new Array<Alias<V> | null>(2 ** root.bits).fill(null);
    const stack: KeyVector<V>[] = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.children !== null) {
        for (const c of n.children) if (c !== null) stack.push(c);
        continue;
      }
      for (const a of n.aliases!) {
        const range = this.bestRange(root, n.key, a.prefixLen);
        if (range === null) continue;
        for (let j = range[0]; j < range[1]; j++) {
          const b = best[j]!;
          if (b === null || b.prefixLen < a.prefixLen) best[j] = a;
        }
      }
    }
    this.best = best;
    this.bestValue = best.map((a) => a?.value);
    this.bestFor = root;
  }

  /** A stored prefix's value changed: the slots that hold it see the new one. */
  private bestSet(key: number, a: Alias<V>): void {
    const root = this.root;
    if (this.bestFor !== root || root === null) return;
    const range = this.bestRange(root, key, a.prefixLen);
    if (range === null) return;
    const best = this.best!;
    const values = this.bestValue!;
    for (let j = range[0]; j < range[1]; j++) if (best[j] === a) values[j] = a.value;
  }

  /** A prefix was stored: the root slots it covers take it where it is longer. */
  private bestAdd(key: number, a: Alias<V>): void {
    const root = this.root;
    if (this.bestFor !== root || root === null) return;
    const range = this.bestRange(root, key, a.prefixLen);
    if (range === null) return;
    const best = this.best!;
    const values = this.bestValue!;
    for (let j = range[0]; j < range[1]; j++) {
      const b = best[j]!;
      if (b === null || b.prefixLen < a.prefixLen) {
        best[j] = a;
        values[j] = a.value;
      }
    }
  }

  /** A prefix went: the slots that held it take the next longest partial prefix. */
  private bestRemove(key: number, a: Alias<V>): void {
    const root = this.root;
    if (this.bestFor !== root || root === null) return;
    const range = this.bestRange(root, key, a.prefixLen);
    if (range === null) return;
    const best = this.best!;
    const limit = KEYLENGTH - root.pos - 1;
    const values = this.bestValue!;
    for (let j = range[0]; j < range[1]; j++) {
      if (best[j] !== a) continue;
      const next = this.search((root.key + j * 2 ** root.pos) >>> 0, limit, root, null) ?? null;
      best[j] = next;
      values[j] = next?.value;
    }
  }

  // ---- dump --------------------------------------------------------------------------------

  *entries(): IterableIterator<LpmEntry<V>> {
    if (this.root === null) return;
    // Children in index order visit the leaves by ascending key; a leaf lists longer prefixes first.
    const stack: KeyVector<V>[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.children === null) {
        for (const a of n.aliases!) yield { prefix: n.key, prefixLen: a.prefixLen, value: a.value };
        continue;
      }
      for (let i = n.children.length - 1; i >= 0; i--) {
        const c = n.children[i]!;
        if (c !== null) stack.push(c);
      }
    }
  }

  [Symbol.iterator](): IterableIterator<LpmEntry<V>> {
    return this.entries();
  }

  // ---- structure (put_child, resize, inflate, halve, collapse) -----------------------------

  private childOf(tp: KeyVector<V> | null, key: number): KeyVector<V> | null {
    return tp === null ? this.root : tp.children![indexOf(key, tp)]!;
  }

  /** put_child: keeps the empty/full counts and raises tn's suffix length. */
  private putChild(tn: KeyVector<V>, i: number, n: KeyVector<V> | null): void {
    const children = tn.children!;
    const chi = children[i]!;
    if (n === null && chi !== null) tn.emptyChildren++;
    else if (n !== null && chi === null) tn.emptyChildren--;
    const wasFull = isFull(tn, chi);
    const nowFull = isFull(tn, n);
    if (wasFull && !nowFull) tn.fullChildren--;
    else if (!wasFull && nowFull) tn.fullChildren++;
    if (n !== null && tn.slen < n.slen) tn.slen = n.slen;
    children[i] = n;
  }

  /** put_child_root: below `tp`, or as the root when tp is the trie itself. */
  private putChildRoot(tp: KeyVector<V> | null, key: number, n: KeyVector<V> | null): void {
    if (tp === null) this.root = n;
    else this.putChild(tp, indexOf(key, tp), n);
  }

  /** node_push_suffix: a longer suffix below raises the tnodes above. */
  private pushSuffix(tn: KeyVector<V> | null, slen: number): void {
    while (tn !== null && tn.slen < slen) {
      tn.slen = slen;
      tn = tn.parent;
    }
  }

  /** trie_rebalance: resize every tnode from `tn` up to the root. */
  private rebalance(tn: KeyVector<V> | null): void {
    while (tn !== null) tn = this.resize(tn);
  }

  private shouldInflate(tp: KeyVector<V> | null, tn: KeyVector<V>): boolean {
    const length = 2 ** tn.bits;
    const threshold = length * (tp === null ? INFLATE_THRESHOLD_ROOT : INFLATE_THRESHOLD);
    const used = length - tn.emptyChildren + tn.fullChildren;
    return used > 1 && tn.pos > 0 && 50 * used >= threshold;
  }

  private shouldHalve(tp: KeyVector<V> | null, tn: KeyVector<V>): boolean {
    const length = 2 ** tn.bits;
    const threshold = length * (tp === null ? HALVE_THRESHOLD_ROOT : HALVE_THRESHOLD);
    const used = length - tn.emptyChildren;
    return used > 1 && tn.bits > 1 && 100 * used < threshold;
  }

  /** resize: inflate, else halve, else collapse a tnode left with one child; returns its parent. */
  private resize(tn: KeyVector<V>): KeyVector<V> | null {
    let tp = tn.parent;
    const cindex = tp === null ? 0 : indexOf(tn.key, tp);
    let work = MAX_WORK;
    while (work > 0 && this.shouldInflate(tp, tn)) {
      tp = this.inflate(tn);
      work--;
      tn = tp === null ? this.root! : tp.children![cindex]!;
    }
    tp = tn.parent;
    if (work !== MAX_WORK) return tp;
    while (work > 0 && this.shouldHalve(tp, tn)) {
      tp = this.halve(tn);
      work--;
      tn = tp === null ? this.root! : tp.children![cindex]!;
    }
    if (2 ** tn.bits - tn.emptyChildren < 2) return this.collapse(tn);
    return tn.parent;
  }

  /** replace: `tn` takes old's place; its full children are resized in turn. Returns the parent. */
  private replace(old: KeyVector<V>, tn: KeyVector<V>): KeyVector<V> | null {
    const tp = old.parent;
    tn.parent = tp;
    this.putChildRoot(tp, tn.key, tn);
    const children = tn.children!;
    for (const c of children) if (c !== null) c.parent = tn;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      if (isFull(tn, c)) this.resize(c);
    }
    return tp;
  }

  /** inflate: one more index bit; full children give up their top bit (split in two). */
  private inflate(old: KeyVector<V>): KeyVector<V> | null {
    const tn = tnodeNew<V>(old.key, old.pos - 1, old.bits + 1);
    const oldChildren = old.children!;
    // The bit tn tests beyond old's: the top index bit of old's full children.
    const m = 2 ** (old.pos - 1);
    for (let i = 0; i < oldChildren.length; i++) {
      const inode = oldChildren[i]!;
      if (inode === null) continue;
      if (!isFull(old, inode)) {
        // A leaf or a tnode with skipped bits: placed by the new bit of its key.
        this.putChild(tn, 2 * i + (inode.key & m ? 1 : 0), inode);
        continue;
      }
      const ic = inode.children!;
      if (inode.bits === 1) {
        // Its two children move up into the two new slots.
        this.putChild(tn, 2 * i + 1, ic[1]!);
        this.putChild(tn, 2 * i, ic[0]!);
        continue;
      }
      // Split in two tnodes of one bit less, the top index bit now taken by tn.
      const half = ic.length / 2;
      const left = tnodeNew<V>(inode.key, inode.pos, inode.bits - 1);
      const right = tnodeNew<V>(inode.key + m, inode.pos, inode.bits - 1);
      for (let j = 0; j < half; j++) {
        const a = ic[j]!;
        const b = ic[j + half]!;
        if (a !== null) {
          a.parent = left;
          this.putChild(left, j, a);
        }
        if (b !== null) {
          b.parent = right;
          this.putChild(right, j, b);
        }
      }
      right.parent = tn;
      left.parent = tn;
      this.putChild(tn, 2 * i + 1, this.settle(right));
      this.putChild(tn, 2 * i, this.settle(left));
    }
    return this.replace(old, tn);
  }

  /** halve: one index bit less; sibling pairs that are both present go under a binary tnode. */
  private halve(old: KeyVector<V>): KeyVector<V> | null {
    const tn = tnodeNew<V>(old.key, old.pos + 1, old.bits - 1);
    const oldChildren = old.children!;
    for (let i = 0; i < oldChildren.length; i += 2) {
      const left = oldChildren[i]!;
      const right = oldChildren[i + 1]!;
      if (left === null && right === null) continue;
      if (left === null || right === null) {
        this.putChild(tn, i / 2, left ?? right);
        continue;
      }
      const bin = tnodeNew<V>(left.key, old.pos, 1);
      left.parent = bin;
      right.parent = bin;
      this.putChild(bin, 0, left);
      this.putChild(bin, 1, right);
      bin.parent = tn;
      this.putChild(tn, i / 2, bin);
    }
    return this.replace(old, tn);
  }

  /**
   * A tnode made by inflate's split with one child or none stands for that child (or nothing);
   * otherwise itself (replace resizes it once it is in place).
   */
  private settle(tn: KeyVector<V>): KeyVector<V> | null {
    const used = 2 ** tn.bits - tn.emptyChildren;
    if (used >= 2) return tn;
    if (used === 0) return null;
    const only = tn.children!.find((c) => c !== null)!;
    only.parent = tn.parent;
    return only;
  }

  /** collapse: a tnode with one child is replaced by it (with none, it goes). Returns the parent. */
  private collapse(tn: KeyVector<V>): KeyVector<V> | null {
    const only = tn.children!.find((c) => c !== null) ?? null;
    const tp = tn.parent;
    if (only !== null) only.parent = tp;
    this.putChildRoot(tp, tn.key, only);
    return tp;
  }
}
