# ICMP redirects received (icmp_redirect → raw_err → ipv4_sk_redirect → __ip_do_redirect): the
# first redirect only starts resolving the new gateway (neigh_event_send), the second — its
# neighbour now valid — makes a next-hop exception with that gateway for ip_rt_gc_timeout:
# `ip route get` and `ip route show cache` show `cache <redirected> expires 299sec`, the third
# request goes straight to 10.0.1.3; `ip route flush cache` resets it; with accept_redirects 0
# (conf/all and the device: IN_DEV_RX_REDIRECTS of a host ORs them) nothing is learnt.
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
ip netns exec h1 ping -c 3 -i 0.3 -W 1 10.0.3.7
ip -n h1 route get 10.0.3.7
ip -n h1 route show cache
ip -n h1 route flush cache
ip -n h1 route get 10.0.3.7
ip -n h1 route show cache
ip netns exec h1 sysctl -w net.ipv4.conf.all.accept_redirects=0
ip netns exec h1 sysctl -w net.ipv4.conf.eth0.accept_redirects=0
ip netns exec h1 ping -c 2 -i 0.5 -W 1 10.0.3.7
ip -n h1 route get 10.0.3.7
