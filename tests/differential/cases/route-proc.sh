# /proc/net/route: table main in little-endian hex, the RTF flags, lines padded to 127 bytes;
# broadcast routes and the other tables are left out, a multipath route shows its first path.
ip link add veth1 type veth peer name veth1p
ip link add veth2 type veth peer name veth2p
ip addr add 10.0.0.2/24 dev veth1
ip addr add 10.0.1.2/24 dev veth2
ip link set veth1 up
ip link set veth1p up
ip link set veth2 up
ip link set veth2p up
ip route add blackhole 10.9.1.0/24
ip route add unreachable 10.9.2.0/24
ip route add prohibit 10.9.3.0/24
ip route add throw 10.9.4.0/24
ip route add 10.7.0.0/16 via 10.0.0.1 metric 50
ip route add 10.6.6.6 via 10.0.1.3
ip route add 10.5.0.0/16 nexthop via 10.0.1.3 nexthop via 10.0.0.1
ip route add 10.4.0.0/16 via 10.0.0.1 table 100
ip route add local 10.3.0.0/16 dev veth1 table main
ip route add broadcast 10.2.0.255 dev veth1 table main
ip route add default via 10.0.1.3
cat /proc/net/route
cat /proc/net/nosuch
