# arp_ignore (net/ipv4/arp.c arp_ignore, devinet.c inet_confirm_addr): 1 answers only for an
# address of the receiving device, 2 also needs the sender in a subnet of that device holding
# the target, 3 answers for any address of scope link or global (not scope host, nor 127/8),
# 4-7 and 9 answer, 8 never; max(conf/all, conf/DEV) counts. b asks; a answers or not.
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
ip -n a addr add 10.7.0.1/24 dev va
ip -n a addr add 10.0.0.9/32 dev va scope host
ip -n a addr add 10.0.0.10/32 dev va scope link
ip -n a addr add 10.9.9.9/32 dev lo
ip -n a addr add 10.9.9.8/32 dev lo scope host
ip -n b addr add 10.0.0.2/24 dev vb
ip -n b addr add 10.5.5.5/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a route add 10.5.5.0/24 dev va
ip -n b route add 10.7.0.1 dev vb src 10.0.0.2
ip -n b route add 10.9.9.0/24 dev vb src 10.0.0.2
ip -n b route add 10.0.0.9 dev vb
ip -n b route add 10.0.0.10 dev vb
# 1: only addresses of va
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=1
ip netns exec b ping -c 1 -W 1 10.9.9.9
ip -n b neigh show 10.9.9.9 dev vb
ip netns exec b ping -c 1 -W 1 10.7.0.1
ip -n b neigh show 10.7.0.1 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
# 2: the sender must share a subnet of va with the target
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=2
ip netns exec b ping -c 1 -W 1 -I 10.5.5.5 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh show 10.5.5.5 dev va
ip -n b neigh flush dev vb
ip netns exec b ping -c 1 -W 1 10.7.0.1
ip -n b neigh show 10.7.0.1 dev vb
ip -n a neigh show 10.0.0.2 dev va
ip -n b neigh flush dev vb
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
# 3: not for scope host, whatever device holds the address
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=3
ip netns exec b ping -c 1 -W 1 10.0.0.9
ip -n b neigh show 10.0.0.9 dev vb
ip -n b neigh flush dev vb
ip netns exec b ping -c 1 -W 1 10.9.9.8
ip -n b neigh show 10.9.9.8 dev vb
ip netns exec b ping -c 1 -W 1 10.0.0.10
ip -n b neigh show 10.0.0.10 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
ip netns exec b ping -c 1 -W 1 10.9.9.9
ip -n b neigh show 10.9.9.9 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
# 5 (reserved) and 9 answer like 0; 8 never
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=5
ip netns exec b ping -c 1 -W 1 10.9.9.8
ip -n b neigh show 10.9.9.8 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=9
ip netns exec b ping -c 1 -W 1 10.9.9.8
ip -n b neigh show 10.9.9.8 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=8
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
# the larger of all and va: all=2 over va=0, then all=1 under va=8
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=0
ip netns exec a sysctl -w net.ipv4.conf.all.arp_ignore=2
ip netns exec b ping -c 1 -W 1 -I 10.5.5.5 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
ip netns exec a sysctl -w net.ipv4.conf.all.arp_ignore=1
ip netns exec a sysctl -w net.ipv4.conf.va.arp_ignore=8
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
