/**
 * The root part of the kernel's qdisc API (net/sched/sch_api.c __tc_modify_qdisc and
 * __tc_get_qdisc): what RTM_NEWQDISC with NLM_F_CREATE/EXCL/REPLACE and RTM_DELQDISC do to a
 * device's root qdisc, with the kernel's extack messages. State is untouched on error.
 */
import type { NetDevice } from "./netdevice";
import { NetemQdisc, type NetemOptions } from "./netem";
import { Bfifo, Pfifo, PfifoFast, type Qdisc, TC_H_ROOT, qdiscAllocHandle, qdiscGraftRoot } from "./qdisc";

/** Netlink request flags (include/uapi/linux/netlink.h). */
export const NLM_F = { REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400 } as const;

/** TCA_OPTIONS of the kinds pktsim models. */
export type QdiscOptions =
  | { kind: "pfifo" | "bfifo"; limit: number }
  | { kind: "netem"; netem: NetemOptions };

/** The kinds qdisc_lookup_ops finds. */
export const QDISC_KINDS: readonly string[] = ["pfifo", "bfifo", "pfifo_fast", "netem"];

export interface QdiscRequest {
  /** NLM_F_* of the request: add = CREATE|EXCL, replace = CREATE|REPLACE, change = 0. */
  flags: number;
  /** tcm_parent: TC_H_ROOT, or 0 when the request names none. */
  parent: number;
  /** tcm_handle: major in the top 16 bits, or 0 to let the kernel choose. */
  handle: number;
  /** TCA_KIND, when given. */
  kind?: string;
  /** TCA_OPTIONS, when given. */
  options?: QdiscOptions;
}

/** A refused request: the errno and the extack message the kernel sends back (if any). */
export class QdiscError extends Error {
  readonly errno: "ENOENT" | "EEXIST" | "EINVAL" | "EOPNOTSUPP";
  readonly extack: string | undefined;
  constructor(errno: QdiscError["errno"], extack?: string) {
    super(extack ?? errno);
    this.name = "QdiscError";
    this.errno = errno;
    this.extack = extack;
  }
}

/** qdisc_lookup: only the root here; handle 0 finds nothing. */
export function qdiscLookup(dev: NetDevice, handle: number): Qdisc | undefined {
  const q = dev.txQdisc as Qdisc | null;
  return handle !== 0 && q !== null && q.handle === handle ? q : undefined;
}

/** __tc_modify_qdisc for a root qdisc. */
export function tcModifyQdisc(dev: NetDevice, req: QdiscRequest): void {
  let q: Qdisc | undefined;
  const { flags, handle, kind } = req;
  if (req.parent === TC_H_ROOT) {
    q = dev.txQdisc as Qdisc | null ?? undefined;
    // The default qdisc (handle 0) counts as no qdisc.
    if (q !== undefined && q.handle === 0) q = undefined;
    if (q === undefined || handle === 0 || q.handle !== handle) {
      if (handle !== 0) {
        if (q !== undefined && (flags & NLM_F.REPLACE) === 0) throw new QdiscError("EEXIST", "NLM_F_REPLACE needed to override");
        if ((handle & 0xffff) !== 0) throw new QdiscError("EINVAL", "Invalid minor handle");
        const found = qdiscLookup(dev, handle);
        if (found === undefined) return createAndGraft(dev, req);
        q = found;
      } else {
        if (q === undefined) return createAndGraft(dev, req);
        // A different kind under the root: create and graft (a change request too).
        if (kind !== undefined && kind !== q.kind) {
          if ((flags & NLM_F.CREATE) !== 0) return createAndGraft(dev, req);
          if ((flags & (NLM_F.REPLACE | NLM_F.EXCL)) === 0) return createAndGraft(dev, req, true);
        }
      }
    }
  } else if (req.parent === 0) {
    if (handle === 0) throw new QdiscError("EINVAL", "Handle cannot be zero");
    q = qdiscLookup(dev, handle);
  } else {
    throw new QdiscError("ENOENT", "Failed to find specified qdisc");
  }
  if (q === undefined) throw new QdiscError("ENOENT", "Specified qdisc not found");
  if ((flags & NLM_F.EXCL) !== 0) throw new QdiscError("EEXIST", "Exclusivity flag on, cannot modify");
  if (kind !== undefined && kind !== q.kind) throw new QdiscError("EINVAL", "Invalid qdisc name: must match existing qdisc");
  qdiscChange(q, req.options);
}

/** qdisc_change: new options for the same kind. */
function qdiscChange(q: Qdisc, options: QdiscOptions | undefined): void {
  if (options === undefined) return;
  if (q instanceof NetemQdisc && options.kind === "netem") q.change(options.netem);
  else if ((q instanceof Pfifo || q instanceof Bfifo) && options.kind === q.kind) q.limit = options.limit;
  else throw new QdiscError("EINVAL", "Change operation not supported by specified qdisc");
}

/** create_n_graft: needs NLM_F_CREATE unless it came from a change of kind (create_n_graft2). */
function createAndGraft(dev: NetDevice, req: QdiscRequest, changeOfKind = false): void {
  if (!changeOfKind && (req.flags & NLM_F.CREATE) === 0) throw new QdiscError("ENOENT", "Qdisc not found. To create specify NLM_F_CREATE flag");
  qdiscGraftRoot(dev, qdiscCreate(dev, req));
}

/** qdisc_create: find the kind, take a handle, init with the options. */
function qdiscCreate(dev: NetDevice, req: QdiscRequest): Qdisc {
  const kind = req.kind;
  if (kind === undefined || !QDISC_KINDS.includes(kind)) throw new QdiscError("ENOENT", "Specified qdisc kind is unknown");
  const opts = req.options;
  if (opts !== undefined && opts.kind !== kind) throw new QdiscError("EINVAL");
  if (kind === "netem" && opts?.kind !== "netem") throw new QdiscError("EINVAL");
  const handle = req.handle !== 0 ? req.handle : qdiscAllocHandle(dev);
  if (handle === 0) throw new QdiscError("EINVAL", "Maximum number of qdisc handles was exceeded");
  switch (kind) {
    case "pfifo":
      return new Pfifo(dev, handle, opts?.kind === "pfifo" ? opts.limit : undefined);
    case "bfifo":
      return new Bfifo(dev, handle, opts?.kind === "bfifo" ? opts.limit : undefined);
    case "pfifo_fast":
      return new PfifoFast(dev, handle);
    default:
      return new NetemQdisc(dev, handle, (opts as { kind: "netem"; netem: NetemOptions }).netem);
  }
}

/** __tc_get_qdisc with RTM_DELQDISC for the root (`tc qdisc del dev DEV root [handle H] [KIND]`). */
export function tcDeleteQdisc(dev: NetDevice, req: { parent: number; handle: number; kind?: string }): void {
  // noop_qdisc (a device never opened) is a qdisc too, of handle 0.
  let q: { kind: string; handle: number } | undefined;
  if (req.parent === TC_H_ROOT) {
    q = (dev.txQdisc as Qdisc | null) ?? { kind: "noop", handle: 0 };
    if (req.handle !== 0 && q.handle !== req.handle) throw new QdiscError("EINVAL", "Invalid handle");
  } else if (req.parent === 0) {
    q = qdiscLookup(dev, req.handle);
    if (q === undefined) throw new QdiscError("ENOENT", "Failed to find qdisc with specified handle");
  } else {
    throw new QdiscError("ENOENT", "Failed to find qdisc with specified classid");
  }
  if (req.kind !== undefined && req.kind !== q.kind) throw new QdiscError("EINVAL", "Invalid qdisc name: must match existing qdisc");
  if (req.parent === 0) throw new QdiscError("EINVAL", "Classid cannot be zero");
  if (q.handle === 0) throw new QdiscError("ENOENT", "Cannot delete qdisc with handle of zero");
  qdiscGraftRoot(dev, null);
}
