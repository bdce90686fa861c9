# arp_notify (devinet.c inetdev_event -> inetdev_send_gratuitous_arp on NETDEV_UP / NETDEV_CHANGEADDR, not on
# address add) and arp_accept (arp.c arp_accept / arp_is_garp): 2 learns only senders in vb's subnet,
# 1 any, 0 only updates existing entries; gratuitous ARP overrides inside locktime; max(all, dev).
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a link set lo up
ip -n b link set lo up
ip -n a link set va address 02:00:00:00:00:01
ip -n b link set vb address 02:00:00:00:00:02
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 10.0.0.50/24 dev va
ip -n a addr add 10.8.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n b link set vb up
ip netns exec a sysctl -w net.ipv4.conf.va.arp_notify=1
ip netns exec b sysctl -w net.ipv4.conf.vb.arp_accept=2
ip -n a link set va up
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh show 10.0.0.50 dev vb
ip -n b neigh show 10.8.0.1 dev vb
ip netns exec b sysctl -w net.ipv4.conf.vb.arp_accept=1
ip -n a addr add 10.0.0.60/24 dev va
ip -n b neigh show 10.0.0.60 dev vb
ip -n a link set va address 02:00:00:00:00:09
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh show 10.8.0.1 dev vb
ip -n b neigh show 10.0.0.60 dev vb
ip netns exec b sysctl -w net.ipv4.conf.vb.arp_accept=0
ip -n b neigh del 10.0.0.50 dev vb
ip -n a link set va address 02:00:00:00:00:01
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh show 10.0.0.50 dev vb
ip netns exec a sysctl -w net.ipv4.conf.va.arp_notify=0
ip -n a link set va address 02:00:00:00:00:07
ip -n b neigh show 10.0.0.1 dev vb
ip netns exec a sysctl -w net.ipv4.conf.all.arp_notify=1
ip -n a link set va address 02:00:00:00:00:06
ip -n b neigh show 10.0.0.1 dev vb
ip netns exec b sysctl -w net.ipv4.conf.all.arp_accept=1
ip -n b neigh flush dev vb
ip -n a link set va down
ip -n a link set va up
ip -n b neigh show 10.0.0.1 dev vb
ip -n b neigh show 10.8.0.1 dev vb
ip netns exec b sysctl -w net.ipv4.conf.vb.drop_gratuitous_arp=1
ip -n b neigh flush dev vb
ip -n a link set va down
ip -n a link set va up
ip -n b neigh show 10.0.0.1 dev vb
