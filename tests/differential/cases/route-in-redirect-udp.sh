# A redirect about a UDP datagram (udp_err → ipv4_sk_redirect for the connected socket's flow):
# nc -uv writes several datagrams; the second redirect makes the exception (cache <redirected>).
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add h1
ip netns add r
ip netns add r2
ip netns exec h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec r sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec r2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge
ip link set br0 up
ip link add p1 type veth peer name eth0 netns h1
ip link add p2 type veth peer name eth0 netns r
ip link add p3 type veth peer name eth0 netns r2
ip link set p1 master br0
ip link set p2 master br0
ip link set p3 master br0
ip link set p1 up
ip link set p2 up
ip link set p3 up
ip -n h1 link set lo up
ip -n r link set lo up
ip -n r2 link set lo up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n r addr add 10.0.1.1/24 dev eth0
ip -n r2 addr add 10.0.1.3/24 dev eth0
ip -n r2 addr add 10.0.3.7/32 dev lo
ip -n h1 link set eth0 up
ip -n r link set eth0 up
ip -n r2 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n r route add 10.0.3.0/24 via 10.0.1.3
ip -n r2 route add default via 10.0.1.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 iptables -A INPUT -p udp --dport 9997 -j DROP
ip netns exec h1 nc -uv -w 1 10.0.3.7 9997
ip -n h1 route get 10.0.3.7
ip -n h1 route show cache
ip netns exec r2 iptables -vnL INPUT
