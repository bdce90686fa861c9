# icmp_errors_use_inbound_ifaddr: __icmp_send takes the source of an error about a forwarded
# packet from the device it came in on (inet_select_addr(inet_iif, …, RT_SCOPE_LINK)) instead
# of the route back, whose preferred source here is r's 10.255.0.1.
ip netns add h1
ip netns add r
ip netns add h2
ip netns exec h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec r sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec h2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add eth0 netns h1 type veth peer name eth1 netns r
ip link add eth0 netns h2 type veth peer name eth2 netns r
ip -n h1 link set lo up
ip -n r link set lo up
ip -n h2 link set lo up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n r addr add 10.0.1.1/24 dev eth1
ip -n r addr add 10.0.2.1/24 dev eth2
ip -n r addr add 10.255.0.1/32 dev lo
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n r link set eth1 up
ip -n r link set eth2 up
ip -n h2 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r route replace 10.0.1.0/24 dev eth1 proto kernel scope link src 10.255.0.1
ip netns exec h1 ping -c 1 -W 1 -t 1 10.0.2.2
ip netns exec r sysctl -w net.ipv4.icmp_errors_use_inbound_ifaddr=1
sleep 1
ip netns exec h1 ping -c 1 -W 1 -t 1 10.0.2.2
ip netns exec h1 ping -c 1 -W 1 -t 1 10.255.0.1
