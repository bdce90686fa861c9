/**
 * SNMP counters of a namespace (/proc/net/snmp, /proc/net/netstat, netstat -s, nstat), named
 * as the kernel prints them (include/uapi/linux/snmp.h, net/ipv4/proc.c). Every counter the
 * kernel shows exists; each is incremented where the kernel does it, as far as the model
 * handles the event — the rest stay 0 (TcpExt is not moved yet).
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
  ReasmTimeout = 0;
  ReasmReqds = 0;
  ReasmOKs = 0;
  ReasmFails = 0;
  FragOKs = 0;
  FragFails = 0;
  FragCreates = 0;
  /** Packets handed to ip_finish_output2 (locally generated and forwarded). */
  OutTransmits = 0;
  // ---- IpExt (/proc/net/netstat)
  InNoRoutes = 0;
  InTruncatedPkts = 0;
  InMcastPkts = 0;
  OutMcastPkts = 0;
  InBcastPkts = 0;
  OutBcastPkts = 0;
  InOctets = 0;
  OutOctets = 0;
  InMcastOctets = 0;
  OutMcastOctets = 0;
  InBcastOctets = 0;
  OutBcastOctets = 0;
  InCsumErrors = 0;
  InNoECTPkts = 0;
  InECT1Pkts = 0;
  InECT0Pkts = 0;
  InCEPkts = 0;
  ReasmOverlaps = 0;
  /** Not printed: the model's own count of forwarded datagrams sent. */
  OutForwDatagrams = 0;
}

export class IcmpMib {
  InMsgs = 0;
  InErrors = 0;
  InCsumErrors = 0;
  InDestUnreachs = 0;
  InTimeExcds = 0;
  InParmProbs = 0;
  InSrcQuenchs = 0;
  InRedirects = 0;
  InEchos = 0;
  InEchoReps = 0;
  InTimestamps = 0;
  InTimestampReps = 0;
  InAddrMasks = 0;
  InAddrMaskReps = 0;
  OutMsgs = 0;
  OutErrors = 0;
  OutRateLimitGlobal = 0;
  OutRateLimitHost = 0;
  OutDestUnreachs = 0;
  OutTimeExcds = 0;
  OutParmProbs = 0;
  OutSrcQuenchs = 0;
  OutRedirects = 0;
  OutEchos = 0;
  OutEchoReps = 0;
  OutTimestamps = 0;
  OutTimestampReps = 0;
  OutAddrMasks = 0;
  OutAddrMaskReps = 0;
}

export class UdpMib {
  InDatagrams = 0;
  NoPorts = 0;
  InErrors = 0;
  OutDatagrams = 0;
  RcvbufErrors = 0;
  SndbufErrors = 0;
  InCsumErrors = 0;
  IgnoredMulti = 0;
  MemErrors = 0;
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

/** The TcpExt counters of /proc/net/netstat, in the kernel's order (snmp4_net_list, Linux 6.18). */
export const TCP_EXT_NAMES: readonly string[] = (
  "SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled RcvPruned OfoPruned OutOfWindowIcmps " +
  "LockDroppedIcmps ArpFilter TW TWRecycled TWKilled PAWSActive PAWSEstab BeyondWindow TSEcrRejected PAWSOldAck " +
  "PAWSTimewait DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows ListenDrops TCPHPHits TCPPureAcks TCPHPAcks " +
  "TCPRenoRecovery TCPSackRecovery TCPSACKReneging TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo " +
  "TCPDSACKUndo TCPLossUndo TCPLostRetransmit TCPRenoFailures TCPSackFailures TCPLossFailures TCPFastRetrans " +
  "TCPSlowStartRetrans TCPTimeouts TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail TCPSackRecoveryFail " +
  "TCPRcvCollapsed TCPBacklogCoalesce TCPDSACKOldSent TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnData " +
  "TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger TCPAbortFailed TCPMemoryPressures " +
  "TCPMemoryPressuresChrono TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo TCPSpuriousRTOs TCPMD5NotFound " +
  "TCPMD5Unexpected TCPMD5Failure TCPSackShifted TCPSackMerged TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop " +
  "TCPMinTTLDrop TCPDeferAcceptDrop IPReversePathFilter TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop " +
  "TCPRetransFail TCPRcvCoalesce TCPOFOQueue TCPOFODrop TCPOFOMerge TCPChallengeACK TCPSYNChallenge TCPFastOpenActive " +
  "TCPFastOpenActiveFail TCPFastOpenPassive TCPFastOpenPassiveFail TCPFastOpenListenOverflow TCPFastOpenCookieReqd " +
  "TCPFastOpenBlackhole TCPSpuriousRtxHostQueues BusyPollRxPackets TCPAutoCorking TCPFromZeroWindowAdv " +
  "TCPToZeroWindowAdv TCPWantZeroWindowAdv TCPSynRetrans TCPOrigDataSent TCPHystartTrainDetect TCPHystartTrainCwnd " +
  "TCPHystartDelayDetect TCPHystartDelayCwnd TCPACKSkippedSynRecv TCPACKSkippedPAWS TCPACKSkippedSeq " +
  "TCPACKSkippedFinWait2 TCPACKSkippedTimeWait TCPACKSkippedChallenge TCPWinProbe TCPKeepAlive TCPMTUPFail " +
  "TCPMTUPSuccess TCPDelivered TCPDeliveredCE TCPAckCompressed TCPZeroWindowDrop TCPRcvQDrop TCPWqueueTooBig " +
  "TCPFastOpenPassiveAltKey TcpTimeoutRehash TcpDuplicateDataRehash TCPDSACKRecvSegs TCPDSACKIgnoredDubious " +
  "TCPMigrateReqSuccess TCPMigrateReqFailure TCPPLBRehash TCPAORequired TCPAOBad TCPAOKeyNotFound TCPAOGood " +
  "TCPAODroppedIcmps"
).split(" ");

/** The MPTcpExt counters of /proc/net/netstat (net/mptcp/mib.c, Linux 6.18); the model has no MPTCP. */
export const MPTCP_EXT_NAMES: readonly string[] = (
  "MPCapableSYNRX MPCapableSYNTX MPCapableSYNACKRX MPCapableACKRX MPCapableFallbackACK MPCapableFallbackSYNACK " +
  "MPCapableSYNTXDrop MPCapableSYNTXDisabled MPCapableEndpAttempt MPFallbackTokenInit MPTCPRetrans MPJoinNoTokenFound " +
  "MPJoinSynRx MPJoinSynBackupRx MPJoinSynAckRx MPJoinSynAckBackupRx MPJoinSynAckHMacFailure MPJoinAckRx " +
  "MPJoinAckHMacFailure MPJoinRejected MPJoinSynTx MPJoinSynTxCreatSkErr MPJoinSynTxBindErr MPJoinSynTxConnectErr " +
  "DSSNotMatching DSSCorruptionFallback DSSCorruptionReset InfiniteMapTx InfiniteMapRx DSSNoMatchTCP DataCsumErr " +
  "OFOQueueTail OFOQueue OFOMerge NoDSSInWindow DuplicateData AddAddr AddAddrTx AddAddrTxDrop EchoAdd EchoAddTx " +
  "EchoAddTxDrop PortAdd AddAddrDrop MPJoinPortSynRx MPJoinPortSynAckRx MPJoinPortAckRx MismatchPortSynRx " +
  "MismatchPortAckRx RmAddr RmAddrDrop RmAddrTx RmAddrTxDrop RmSubflow MPPrioTx MPPrioRx MPFailTx MPFailRx " +
  "MPFastcloseTx MPFastcloseRx MPRstTx MPRstRx SubflowStale SubflowRecover SndWndShared RcvWndShared " +
  "RcvWndConflictUpdate RcvWndConflict MPCurrEstab Blackhole MPCapableDataFallback MD5SigFallback DssFallback " +
  "SimultConnectFallback FallbackFailed WinProbe"
).split(" ");

export class Mibs {
  readonly ip: IpMib = new IpMib();
  readonly icmp: IcmpMib = new IcmpMib();
  readonly udp: UdpMib = new UdpMib();
  readonly tcp: TcpMib = new TcpMib();
  /** TcpExt counters by name (LINUX_MIB_*), all of TCP_EXT_NAMES. */
  readonly tcpExt: Map<string, number> = new Map(TCP_EXT_NAMES.map((n) => [n, 0]));
}
