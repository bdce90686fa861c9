# Routes the kernel removes by itself: admin down takes every route through the device
# (static ones too) except the local ones; a removed address takes the routes preferring it
# and, as the last address, every route on the device; a device that goes away takes all.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip addr add 10.0.1.100/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route add 10.8.0.0/16 via 10.0.0.2
ip route add 10.9.0.0/16 dev veth0
ip route add 10.10.0.0/16 via 10.0.0.2 table 100
ip route add 10.11.0.0/16 via 10.0.1.2 src 10.0.1.100
ip route add 10.12.0.0/16 via 10.0.1.2 src 10.0.0.1
ip route add 10.13.0.0/16 via 10.0.1.2 src 10.0.0.1 table 100
ip route add blackhole 10.14.0.0/16
ip route add 10.15.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2
ip route show
ip link set veth1 down
sleep 1
ip route show
ip link set veth0 down
ip route show
ip route show table 100
ip route show table local
ip route add 10.8.0.0/16 via 10.0.0.2
ip route add 10.8.0.0/16 dev veth0
ip link set veth0 up
ip link set veth1 up
sleep 1
ip route show
ip route add 10.8.0.0/16 via 10.0.0.2
ip addr del 10.0.1.100/24 dev veth2
ip route show
ip addr add 10.0.1.100/24 dev veth2
ip route add 10.11.0.0/16 via 10.0.1.2 src 10.0.1.100
ip addr del 10.0.1.1/24 dev veth2
ip route show
ip addr add 10.0.1.1/24 dev veth2
ip route add 10.11.0.0/16 via 10.0.1.2 src 10.0.1.1
ip route add 10.16.0.0/16 via 10.0.1.2
ip addr flush dev veth2
ip route show
ip link del veth0
ip route show
ip route show table 100
