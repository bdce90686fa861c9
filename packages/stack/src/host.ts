/**
 * A Host is one simulated machine: a simulation (virtual clock, seeded RNG), its initial
 * network namespace and the named ones (what `ip netns` keeps under /run/netns).
 */
import { Simulation, type SimulationOptions } from "@pktsim/core";
import { Errno, KernelError } from "./errno";
import { KernelLog } from "./klog";
import { Namespace } from "./namespace";

export interface HostOptions extends SimulationOptions {
  /** Use an existing simulation (several hosts on one clock). */
  sim?: Simulation;
}

export class Host {
  readonly sim: Simulation;
  /** The initial namespace (init_net). */
  readonly init: Namespace;
  /** Named namespaces in creation order. */
  private readonly named = new Map<string, Namespace>();
  private pid: number;
  /** The kernel log (dmesg), shared by every namespace of the machine. */
  readonly klog: KernelLog = new KernelLog();
  /** net.netfilter.nf_log_all_netns (init_net only): LOG in other namespaces logs too. */
  nfLogAllNetns = 0;

  constructor(options: HostOptions = {}) {
    this.sim = options.sim ?? new Simulation(options);
    this.init = new Namespace(this, "", null);
    // A booted machine has its loopback up.
    this.init.lo.setAdminUp(true);
    this.pid = this.sim.rng.int(1000, 30000);
  }

  /** `ip netns add`: a new namespace, whose IPv4 conf/all and conf/default copy init_net's. */
  addNetns(name: string): Namespace {
    if (this.named.has(name)) throw new KernelError(Errno.EEXIST);
    const ns = new Namespace(this, name, this.init);
    this.named.set(name, ns);
    return ns;
  }

  /** `ip netns del`: the namespace goes, and with it every device in it (veth peers elsewhere too). */
  delNetns(name: string): void {
    const ns = this.named.get(name);
    if (ns === undefined) throw new KernelError(Errno.ENOENT);
    this.named.delete(name);
    for (const dev of [...ns.devices()].reverse()) {
      if (dev === ns.lo) continue;
      ns.destroyDevice(dev);
    }
    for (const other of this.allNamespaces()) other.forgetId(ns);
  }

  netns(name: string): Namespace | undefined {
    return this.named.get(name);
  }

  /** Named namespaces in creation order. */
  netnsList(): Namespace[] {
    return [...this.named.values()];
  }

  allNamespaces(): Namespace[] {
    return [this.init, ...this.named.values()];
  }

  /** peernet2id_alloc(a, b): the id namespace `a` uses for `b`. */
  peerId(a: Namespace, b: Namespace): number {
    return a.allocId(b);
  }

  /** A new process id (ping uses its pid as the ICMP identifier). */
  nextPid(): number {
    this.pid += 1;
    if (this.pid > 4194304) this.pid = 300;
    return this.pid;
  }
}
