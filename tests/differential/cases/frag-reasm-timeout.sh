# Reassembly timeout. ns2 drops fragments before reassembly (the raw table's PREROUTING runs
# ahead of ip_local_deliver's ip_defrag; no conntrack here): without the second fragment the
# queue expires after net.ipv4.ipfrag_time (30 s) and ip_expire sends ICMP time exceeded,
# code 1, quoting the first fragment (576 bytes on the wire); ping reads it as a datagram but
# gets no error for it (icmp_unreach keeps reassembly timeouts from sockets), so it just waits
# out -W. Without the first fragment (the icmp match needs a header, so only the first fragment
# matches) the queue expires silently. A shorter ipfrag_time is honoured.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 iptables -A INPUT -p icmp --icmp-type time-exceeded
ip netns exec ns2 iptables -t raw -A PREROUTING -f -j DROP
ip netns exec ns1 ping -c 1 -W 33 -s 2000 10.0.0.2
ip netns exec ns2 iptables -t raw -L PREROUTING -v -n
ip netns exec ns1 iptables -L INPUT -v -n
ip netns exec ns2 iptables -t raw -F
ip netns exec ns2 iptables -t raw -A PREROUTING -p icmp --icmp-type echo-request -j DROP
ip netns exec ns1 ping -c 1 -W 33 -s 2000 10.0.0.2
ip netns exec ns2 iptables -t raw -L PREROUTING -v -n
ip netns exec ns1 iptables -L INPUT -v -n
ip netns exec ns2 sysctl net.ipv4.ipfrag_time net.ipv4.ipfrag_max_dist net.ipv4.ipfrag_high_thresh net.ipv4.ipfrag_low_thresh
ip netns exec ns2 sysctl -w net.ipv4.ipfrag_time=5
ip netns exec ns2 sysctl -w net.ipv4.ipfrag_high_thresh=100
ip netns exec ns2 sysctl -w net.ipv4.ipfrag_low_thresh=-1
ip netns exec ns2 iptables -t raw -F
ip netns exec ns2 iptables -t raw -A PREROUTING -f -j DROP
ip netns exec ns1 ping -c 1 -W 7 -s 2000 10.0.0.2
ip netns exec ns1 iptables -L INPUT -v -n
