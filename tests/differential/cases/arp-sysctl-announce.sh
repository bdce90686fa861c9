# arp_announce (net/ipv4/arp.c arp_solicit; max of conf/all and conf/DEV): 0 takes the waiting
# packet's source as the request's sender address when it is local, 1 only when a prefix of the
# device holds both it and the target (inet_addr_onlink), 2 always inet_select_addr's. b learns
# the sender address from the request (neigh_event_ns), so its table shows which one was used.
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a link set va address 02:00:00:00:00:01
ip -n b link set vb address 02:00:00:00:00:02
ip -n a link set lo up
ip -n b link set lo up
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 10.0.0.50/24 dev va
ip -n a addr add 10.9.9.9/32 dev lo
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n b route add 10.9.9.9 via 10.0.0.1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.50 10.0.0.2
ip -n b neigh show 10.0.0.50 dev vb
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh flush all
ip -n b neigh flush all
ip netns exec a sysctl -w net.ipv4.conf.va.arp_announce=1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.50 10.0.0.2
ip -n b neigh show 10.0.0.50 dev vb
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh flush all
ip -n b neigh flush all
ip netns exec a ping -c 1 -W 1 -I 10.9.9.9 10.0.0.2
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh flush all
ip -n b neigh flush all
ip netns exec a sysctl -w net.ipv4.conf.va.arp_announce=0
ip netns exec a ping -c 1 -W 1 -I 10.9.9.9 10.0.0.2
ip -n b neigh show 10.9.9.9 dev vb
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh flush all
ip -n b neigh flush all
ip netns exec a sysctl -w net.ipv4.conf.all.arp_announce=2
ip netns exec a ping -c 1 -W 1 -I 10.0.0.50 10.0.0.2
ip -n b neigh show 10.0.0.50 dev vb
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh flush all
ip -n b neigh flush all
ip netns exec a sysctl -w net.ipv4.conf.all.arp_announce=0
ip netns exec a sysctl -w net.ipv4.conf.va.arp_announce=3
ip netns exec a ping -c 1 -W 1 -I 10.0.0.50 10.0.0.2
ip -n b neigh show 10.0.0.50 dev vb
ip -n b neigh show 10.0.0.1 dev vb
