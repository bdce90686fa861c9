# The seed's four-namespace bridge (also examples/bridge.sh): every pair pings across br1,
# then the FDB and brctl show. Bridge-side ends get fixed MACs: the bridge takes the lowest.
ip netns add ns1
ip netns add ns2
ip netns add ns3
ip netns add ns4
brctl addbr br1
ip link add veth1 type veth peer name br-veth1 address 02:00:00:00:01:01
ip link add veth2 type veth peer name br-veth2 address 02:00:00:00:01:02
ip link add veth3 type veth peer name br-veth3 address 02:00:00:00:01:03
ip link add veth4 type veth peer name br-veth4 address 02:00:00:00:01:04
ip link set veth1 netns ns1
ip link set veth2 netns ns2
ip link set veth3 netns ns3
ip link set veth4 netns ns4
brctl addif br1 br-veth1
brctl addif br1 br-veth2
brctl addif br1 br-veth3
brctl addif br1 br-veth4
ip link set br1 up
ip link set br-veth1 up
ip link set br-veth2 up
ip link set br-veth3 up
ip link set br-veth4 up
ip netns exec ns1 ip addr add 192.168.1.11/24 dev veth1
ip netns exec ns2 ip addr add 192.168.1.12/24 dev veth2
ip netns exec ns3 ip addr add 192.168.1.13/24 dev veth3
ip netns exec ns4 ip addr add 192.168.1.14/24 dev veth4
ip netns exec ns1 ip link set veth1 up
ip netns exec ns2 ip link set veth2 up
ip netns exec ns3 ip link set veth3 up
ip netns exec ns4 ip link set veth4 up
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns3 ip link set lo up
ip netns exec ns4 ip link set lo up
# The ports forward once linkwatch has seen their carrier.
# The ports forward once linkwatch has seen their carrier.
sleep 1
ip netns exec ns1 ping -c 1 192.168.1.12
ip netns exec ns1 ping -c 1 192.168.1.13
ip netns exec ns1 ping -c 1 192.168.1.14
ip netns exec ns2 ping -c 1 192.168.1.13
ip netns exec ns2 ping -c 1 192.168.1.14
ip netns exec ns3 ping -c 1 192.168.1.14
bridge fdb show br br1
brctl show
