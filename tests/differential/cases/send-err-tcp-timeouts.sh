# A SYN dropped in OUTPUT: tcp_connect ignores the EPERM and the retransmit timer runs as usual —
# TCPTimeouts, TcpTimeoutRehash (tcp_write_timeout), TCPSynRetrans and TCPRetransFail count 1,
# Ip OutDiscards none (ip_queue_xmit does not count it).
iptables -A OUTPUT -p tcp --dport 9996 -j DROP
nc -v -w 2 127.0.0.1 9996
iptables -vnL OUTPUT
cat /proc/net/netstat
cat /proc/net/snmp
