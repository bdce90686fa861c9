export { type Nanos, NS_PER_US, NS_PER_MS, NS_PER_SEC, seconds, millis, micros } from "./time";
export {
  Scheduler,
  Timer,
  SimulationLimitError,
  type ScheduledEvent,
  type SchedulerLimits,
  type SchedulerOptions,
  type LimitKind,
  createEventQueue,
} from "./scheduler";
export { type EventQueue, type QueueItem, QueueKind, compareQueueItems, HeapJsQueue } from "./queue";
export { TypedHeapQueue } from "./queue-typed-heap";
export { CalendarQueue } from "./queue-calendar";
export { LadderQueue } from "./queue-ladder";
export { Rng, DEFAULT_SEED } from "./rng";
export {
  type Ipv4Addr,
  type Ipv4Prefix,
  IPV4_ANY,
  IPV4_BROADCAST,
  parseIpv4,
  formatIpv4,
  parseIpv4Prefix,
  formatIpv4Prefix,
  prefixMask,
  maskToPrefixLen,
  networkOf,
  broadcastOf,
  inPrefix,
  isMulticast,
  isLoopback,
  isZeronet,
  isLimitedBroadcast,
} from "./ipv4";
export {
  type MacAddr,
  MAC_ZERO,
  MAC_BROADCAST,
  readMac,
  writeMac,
  formatMac,
  parseMac,
  macBytes,
  isMulticastMac,
  isBroadcastMac,
  isLocalAdminMac,
} from "./mac";
export { Packet, PacketType, IpSummed, DEFAULT_HEADROOM, type DeviceRef } from "./packet";
export { PcapWriter, readPcap, LINKTYPE_ETHERNET, type PcapOptions, type PcapRecord } from "./pcap";
export { DropReason } from "./drop";
export { Simulation, type SimulationOptions, type PacketObserver } from "./simulation";
export * from "./wire/error";
export * from "./wire/checksum";
export * from "./wire/ethernet";
export * from "./wire/arp";
export * from "./wire/ipv4";
export * from "./wire/icmp";
export * from "./wire/udp";
export * from "./wire/tcp";
export { jhash2, jhash3words, ipv4Le, reciprocalScale } from "./jhash";
