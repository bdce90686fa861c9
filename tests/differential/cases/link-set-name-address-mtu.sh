# Successful ip link set name / address / mtu.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip link set veth0 name eth0
ip netns exec ns1 ip link show
ip netns exec ns1 ip link set eth0 up
# renaming an UP device is allowed
ip netns exec ns1 ip link set eth0 name veth0
ip netns exec ns1 ip link set dev veth0 address 02:11:22:33:44:AA
ip netns exec ns1 ip link set veth1 address 2:0:0:0:0:b
ip netns exec ns1 ip link set veth0 mtu 9000
ip netns exec ns1 ip link set veth1 mtu 68
ip netns exec ns1 ip link show
ip netns exec ns1 ip link set veth1 mtu 65535
ip netns exec ns1 ip link set veth1 up
ip netns exec ns1 ip link set veth1 address 02:11:22:33:44:bb
ip netns exec ns1 ip link show
