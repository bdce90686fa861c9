/**
 * Captures every frame every device sends or receives into one pcap per device, named
 * `NAMESPACE-DEVICE.pcap` (the initial namespace is `root`), as `tcpdump -i DEV -w` would
 * write them. Timestamps are virtual.
 */
import { PcapWriter, type Simulation } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import type { Namespace } from "@pktsim/stack";

export class DeviceCaptures {
  private readonly writers = new Map<string, PcapWriter>();

  constructor(sim: Simulation) {
    sim.capture = (dev, pkt) => {
      const d = dev as NetDevice;
      const ns = d.ns as Namespace | null;
      const name = `${ns?.label ?? "detached"}-${d.name}`;
      let w = this.writers.get(name);
      if (w === undefined) {
        w = new PcapWriter();
        this.writers.set(name, w);
      }
      w.write(sim.now, pkt.data());
    };
  }

  /** File name → pcap bytes, in the order devices were first seen. */
  files(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [name, w] of this.writers) out.set(`${name}.pcap`, w.bytes());
    return out;
  }
}
