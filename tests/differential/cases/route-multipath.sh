# ECMP routes: nexthop syntax, weights, how they print, delete, fibmatch, and what a link
# going down does to one path. (Which path a flow takes depends on the kernel's random hash
# key, so only lookups bound to a device are printed.)
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route add 10.8.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2 weight 3
ip route add 10.9.0.0/16 nexthop via 10.0.0.2 dev veth0 weight 2 nexthop dev veth2
ip route add 10.10.0.0/16 nexthop via 10.0.0.2
ip route add default metric 100 nexthop via 10.0.0.2 weight 256 nexthop via 10.0.1.2 onlink
ip route add 10.11.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.9.2
ip route add 10.12.0.0/16 nexthop via 10.0.0.2 weight 0
ip route add 10.12.0.0/16 nexthop via 10.0.0.2 weight 257
ip route add 10.12.0.0/16 nexthop
ip route add 10.12.0.0/16 nexthop via 10.0.0.2 foo
ip route add 10.8.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2 weight 3
ip route append 10.8.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2 weight 3
ip route append 10.8.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2
ip route show
ip route show dev veth2
ip route show via 10.0.1.2
ip route get 10.8.0.1 oif veth0
ip route get 10.8.0.1 oif veth2
ip route get fibmatch 10.8.0.1
ip route get fibmatch 10.9.0.1
ip route del 10.8.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.1.2
ip route show 10.8.0.0/16
ip route replace 10.8.0.0/16 nexthop via 10.0.1.2 nexthop via 10.0.0.2
ip route show 10.8.0.0/16
ip link set veth3 down
sleep 1
ip route show
ip link set veth2 down
ip route show
ip route get 10.9.0.1
ip link set veth2 up
ip route show
ip route del 10.9.0.0/16
ip route show
