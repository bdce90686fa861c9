# netstat -s over /proc/net/snmp and /proc/net/netstat in a namespace without IP
# traffic (net-tools' quirks: zero lines printed or not by kind, "Forwarding: 2" from an
# unsorted table, headers of tables it does not know), and the counters of sends that
# fail before IP output (no route: OutNoRoutes, counted by connect and sendmsg). IPv6 is
# off, lo stays down.
ip netns add ns1
ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns1 netstat -s
ip netns exec ns1 netstat -st
ip netns exec ns1 netstat -su
ip netns exec ns1 netstat -sw
ip netns exec ns1 netstat --statistics --tcp --udp
ip netns exec ns1 cat /proc/net/snmp
ip netns exec ns1 cat /proc/net/netstat
ip netns exec ns1 nc -u 10.9.9.9 53
ip netns exec ns1 nc -z 10.9.9.9 80
ip netns exec ns1 netstat -s
ip netns exec ns1 sysctl -w net.ipv4.ip_forward=1
ip netns exec ns1 netstat -sw
ip netns exec ns1 cat /proc/net/snmp
ip netns exec ns1 netstat -s -A inet
ip netns exec ns1 netstat -s -A unix
