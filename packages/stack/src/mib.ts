/**
 * SNMP counters of a namespace (/proc/net/snmp, netstat -s, nstat), named as nstat prints
 * them. Only the counters the model moves exist; each is incremented where the kernel does.
 */
export class IpMib {
  InReceives = 0;
  InHdrErrors = 0;
  InAddrErrors = 0;
  ForwDatagrams = 0;
  InUnknownProtos = 0;
  InDiscards = 0;
  InDelivers = 0;
  OutRequests = 0;
  OutDiscards = 0;
  OutNoRoutes = 0;
  ReasmFails = 0;
  FragFails = 0;
  InNoRoutes = 0;
  InTruncatedPkts = 0;
  InCsumErrors = 0;
  OutForwDatagrams = 0;
}

export class IcmpMib {
  InMsgs = 0;
  InErrors = 0;
  InCsumErrors = 0;
  InDestUnreachs = 0;
  InTimeExcds = 0;
  InEchos = 0;
  InEchoReps = 0;
  OutMsgs = 0;
  OutErrors = 0;
  OutRateLimitGlobal = 0;
  OutRateLimitHost = 0;
  OutDestUnreachs = 0;
  OutTimeExcds = 0;
  OutEchos = 0;
  OutEchoReps = 0;
}

export class UdpMib {
  InDatagrams = 0;
  NoPorts = 0;
  InErrors = 0;
  OutDatagrams = 0;
  RcvbufErrors = 0;
  InCsumErrors = 0;
}

export class TcpMib {
  ActiveOpens = 0;
  PassiveOpens = 0;
  AttemptFails = 0;
  EstabResets = 0;
  CurrEstab = 0;
  InSegs = 0;
  OutSegs = 0;
  RetransSegs = 0;
  InErrs = 0;
  OutRsts = 0;
  InCsumErrors = 0;
}

export class Mibs {
  readonly ip: IpMib = new IpMib();
  readonly icmp: IcmpMib = new IcmpMib();
  readonly udp: UdpMib = new UdpMib();
  readonly tcp: TcpMib = new TcpMib();
}
