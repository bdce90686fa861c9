# The first experiment of the Linux networking basics: two network namespaces joined by a
# veth pair, an address on each end, and a ping across.
#
#   npx pktsim run -x examples/veth-pair.sh --pcap out/pcap
#
# prints what the kernel prints for the same commands (tests/differential/cases/veth-pair.sh is
# this script; its kernel transcript is tests/differential/kernel/veth-pair.txt) and writes
# out/pcap/ns1-veth0.pcap and out/pcap/ns2-veth1.pcap.
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1
ip link set veth0 netns ns1
ip link set veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 3 10.0.0.2
# IPv6 DAD on the link-local addresses ends 1-2 s after carrier up; wait so that `ip addr`
# shows them without "tentative" (ns2's ARP entry for 10.0.0.1 stays DELAY until 5 s after
# its first use).
sleep 1
ip netns exec ns1 ip addr show
ip netns exec ns1 ip neigh show
ip netns exec ns2 ip neigh show
ip netns exec ns1 ip route show
ip netns list
