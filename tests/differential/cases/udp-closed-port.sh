# UDP to a closed port: ICMP port unreachable comes back from the destination. nc -u -v
# probes with one-byte datagrams; the refusal makes its second write fail (ECONNREFUSED
# on the connected socket) and nc exits 1 without a word. -z alone sends nothing.
# IPv6 is off so the counters hold only ARP, UDP (43-byte frames) and ICMP (71 bytes).
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.veth0.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.veth1.disable_ipv6=1
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 nc -zu 10.0.0.2 9999
ip netns exec ns1 nc -zuv 10.0.0.2 9999
ip netns exec ns1 nc -uv 10.0.0.2 9998
ip netns exec ns1 nc -zuv 10.0.0.2 domain
ip netns exec ns1 ip -s link show veth0
ip netns exec ns2 ip -s link show veth1
