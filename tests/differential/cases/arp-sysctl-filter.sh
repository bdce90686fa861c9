# arp_filter (net/ipv4/arp.c arp_filter; on when conf/all or conf/DEV is): a local address is
# answered for only when the route back to the sender (from the target address) leaves by the
# receiving device (each refusal counts in TcpExt ArpFilter); no route back at all: no answer
# either. Off: the weak host model answers.
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip link add vc netns a type veth peer name vd netns b
ip -n a link set va address 02:00:00:00:00:01
ip -n b link set vb address 02:00:00:00:00:02
ip -n a link set vc address 02:00:00:00:00:03
ip -n b link set vd address 02:00:00:00:00:04
ip -n a link set lo up
ip -n b link set lo up
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 10.1.0.1/24 dev vc
ip -n b addr add 10.0.0.2/24 dev vb
ip -n b addr add 10.1.0.2/24 dev vd
ip -n b addr add 10.5.5.5/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link set vc up
ip -n b link set vd up
ip -n a route add 10.0.0.2/32 dev vc
ip -n b route add 10.1.0.1/32 dev vb
ip netns exec a sysctl -w net.ipv4.conf.va.arp_filter=1
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh show 10.0.0.2 dev va
# b's three broadcast probes are each refused and counted (TcpExt ArpFilter)
sleep 2.5
ip -n b neigh show 10.0.0.1 dev vb
ip netns exec a netstat -st
ip -n b neigh flush dev vb
# 10.1.0.1 lives on vc, but the route back to 10.0.0.2 leaves by vc, not va: no answer on va
ip netns exec b ping -c 1 -W 1 10.1.0.1
ip -n b neigh show 10.1.0.1 dev vb
ip -n b neigh flush dev vb
# no route back to 10.5.5.5 at all
ip netns exec b ping -c 1 -W 1 -I 10.5.5.5 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh flush dev vb
ip -n a route del 10.0.0.2/32 dev vc
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh show 10.0.0.2 dev va
ip -n b neigh flush dev vb
ip -n a neigh flush dev va
ip -n a neigh flush dev vc
# all=1 turns it on for va too (either is enough); with both 0 the weak host model answers
ip -n a route add 10.0.0.2/32 dev vc
ip netns exec a sysctl -w net.ipv4.conf.va.arp_filter=0
ip netns exec a sysctl -w net.ipv4.conf.all.arp_filter=1
ip netns exec b ping -c 1 -W 1 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh flush dev vb
ip netns exec a sysctl -w net.ipv4.conf.all.arp_filter=0
ip netns exec b ping -c 1 -W 1 -I 10.5.5.5 10.0.0.1
ip -n b neigh show 10.0.0.1 dev vb
ip -n a neigh show 10.5.5.5 dev va
