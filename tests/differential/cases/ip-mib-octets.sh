# IP MIB octet, broadcast and ECN counters (IpExt): ip_rcv counts InOctets and the ECN field of
# every datagram and fragment; ip_finish_output2 counts OutOctets per fragment; a broadcast ping
# loops a copy back to the sender (ip_mc_output), which icmp_rcv counts and rejects.
ip netns add a
ip netns add b
ip netns add r
ip link add va type veth peer name ra
ip link add vb type veth peer name rb
ip link set va netns a
ip link set ra netns r
ip link set vb netns b
ip link set rb netns r
ip -n a addr add 10.0.0.1/24 dev va
ip -n r addr add 10.0.0.254/24 dev ra
ip -n r addr add 10.0.1.254/24 dev rb
ip -n b addr add 10.0.1.2/24 dev vb
ip -n a link set va up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set vb up
ip -n a link set lo up
ip -n a route add default via 10.0.0.254
ip -n b route add default via 10.0.1.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.icmp_echo_ignore_broadcasts=0
ip netns exec a ping -c 2 -i 0.2 -q 10.0.1.2
ip netns exec a ping -c 1 -q -Q 1 10.0.1.2
ip netns exec a ping -c 1 -q -Q 2 10.0.0.254
ip netns exec a ping -c 1 -q -Q 3 10.0.1.2
ip netns exec a ping -c 2 -i 0.2 -b 10.0.0.255
ip netns exec a ping -c 1 -q -s 3000 10.0.1.2
ip netns exec a ping -c 1 -q 127.0.0.1
ip netns exec a ping -c 1 -q -W 1 10.0.0.9
ip netns exec a netstat -s
ip netns exec r cat /proc/net/snmp
ip netns exec r cat /proc/net/netstat
ip netns exec b netstat -s
ip -n a neigh show 10.0.0.254
ip -n a neigh show 10.0.0.9
ip -n a neigh show 10.0.0.255
ip -n a neigh show nud all 10.0.0.255
ip -n a neigh show nud all dev lo
