# Error messages of ip link set / show / del.
ip netns add ns1
ip link add veth0 type veth peer name veth1
ip link set veth9 up
ip link set veth9 down
ip link set veth9 name veth8
ip link set veth9 mtu 1400
ip link set veth9 netns ns1
ip link set dev veth9 address 02:00:00:00:00:01
ip link show veth9
ip link show dev veth9
ip link del veth9
ip link set lo netns ns1
ip link set veth0 netns nsX
ip link set veth0 mtu 70000
ip link set veth0 mtu 65536
ip link set veth0 mtu 67
ip link set veth0 mtu abc
ip link set veth0 address zz:zz
ip link set veth0 address 01:00:00:00:00:01
ip link set veth0 address 00:00:00:00:00:00
ip link set veth0 name veth1
ip link set veth0 name lo
ip link show
