# ss -s: /proc/net/sockstat plus Tcp CurrEstab; Total counts ss's own two netlink
# sockets. The machine-wide TCP numbers (every namespace and the host's own sockets)
# are normalised. A listener, one connection and a UDP socket, IPv6 off.
ip netns add ns1
ip netns add ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns2 ss -s
ip netns exec ns2 cat /proc/net/sockstat
ip netns exec ns2 setsid -f nc -l 8080
ip netns exec ns2 setsid -f nc -u -l 5353
sleep 0.5
ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080
sleep 0.5
ip netns exec ns2 ss -s
ip netns exec ns2 ss -s -t
ip netns exec ns2 ss --summary -ua
ip netns exec ns2 cat /proc/net/sockstat
ip netns exec ns1 ss -s
ip netns exec ns1 cat /proc/net/sockstat
