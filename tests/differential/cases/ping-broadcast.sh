# ping -b: the sender gets its own broadcast back (ip_mc_output loops a copy), so it answers
# itself when icmp_echo_ignore_broadcasts is 0; replies come from the preferred source of the
# route back (fib_compute_spec_dst); iputils prints no (DUP!) for a broadcast ping unless -v
# and sets DF; 255.255.255.255 needs -I; broadcast neighbours are NOARP.
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec a sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link set lo up
ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_broadcasts=0
ip netns exec a sysctl -w net.ipv4.icmp_echo_ignore_broadcasts=0
ip netns exec a ping -c 1 -b 255.255.255.255
ip netns exec a ping -c 1 -b -I va 255.255.255.255
ip netns exec a ping -c 2 -b 10.0.0.255
ip netns exec a ping -c 1 -b 127.255.255.255
ip netns exec a ping -c 1 10.0.0.255
ip netns exec a ping -c 1 -b 224.0.0.1
ip -n a -s link show va
ip -n b -s link show vb
ip netns exec a ping -c 2 -v -b 10.0.0.255
ip netns exec a ping -c 1 -b -s 2000 10.0.0.255
ip netns exec a ping -c 1 -b -M dont -s 2000 10.0.0.255
ip netns exec a cat /proc/net/snmp
ip -n a neigh show nud all 10.0.0.255
ip -n a neigh show nud all 255.255.255.255
ip -n a neigh show nud all dev lo
