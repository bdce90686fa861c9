# ifconfig counters after a ping. IPv6 is disabled on both ends first, so the
# counters hold only ARP and ICMP (with IPv6 on, MLD/NS/RS frames are sent at
# random moments after carrier up and the counters are not reproducible).
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.veth0.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.veth1.disable_ipv6=1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ifconfig veth0 up
ip netns exec ns2 ifconfig veth1 up
# RUNNING comes from the operstate, which the kernel's linkwatch worker updates
# asynchronously (up to 1 s late for veths whose ends share an ifindex); wait
sleep 1
ip netns exec ns1 ifconfig veth0
ip netns exec ns1 ping -c 2 -i 0.2 10.0.0.2
ip netns exec ns1 ifconfig veth0
ip netns exec ns2 ifconfig veth1
ip netns exec ns1 ip -s link show veth0
ip netns exec ns1 ifconfig lo up
ip netns exec ns1 ping -c 1 127.0.0.1
ip netns exec ns1 ifconfig lo
