# netstat -i (the interface table from /proc/net/dev, flags as letters), -ie (ifconfig's
# long form), -a for interfaces that are down, -g (multicast groups from /proc/net/igmp and
# igmp6), -M, and the errors and usage of getopt_long. IPv6 is off in ns1 before its
# devices exist (no MLD/DAD frames move the counters; the devices still join ff01::1 and
# ff02::1), so counters only count the two pings.
ip netns add ns1
ip netns add ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link add dummyish type veth peer name peerish
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
sleep 1
ip netns exec ns1 ping -c 2 -i 0.2 10.0.0.2
ip netns exec ns1 ping -c 1 127.0.0.1
ip netns exec ns1 netstat -i
ip netns exec ns1 netstat -ia
ip netns exec ns1 netstat --interfaces --all
ip netns exec ns1 netstat -ie
ip netns exec ns1 netstat -iae
ip netns exec ns1 cat /proc/net/dev
ip netns exec ns1 netstat -g
ip netns exec ns1 netstat -gn
ip netns exec ns2 netstat --groups
ip netns exec ns1 netstat -M
ip netns exec ns1 netstat -I=lo
ip netns exec ns1 netstat -y
ip netns exec ns1 netstat --foo
ip netns exec ns1 netstat --num
ip netns exec ns1 netstat --protocol
ip netns exec ns1 netstat -is
ip netns exec ns1 netstat -rs
ip netns exec ns1 netstat -Z
ip netns exec ns1 netstat -h
ip netns exec ns1 netstat -V
ip netns exec ns1 netstat --ax25
