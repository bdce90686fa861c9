# net-tools' views of table main: netstat -rn, route -n and route -ne, with their U, G, H
# and ! flags, reject routes, blackhole/throw shown as "*", and multipath.
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
ip route add 10.8.0.0/16 via 10.0.1.3
ip route add 10.8.1.0/24 via 10.0.0.1
ip route add 10.8.1.128/25 dev veth2
ip route add 10.7.0.0/16 via 10.0.1.3 metric 100
ip route add 10.7.0.0/16 via 10.0.0.1 metric 50
ip route add 192.168.50.0/24 dev veth2 scope link
ip route add 10.6.6.6 via 10.0.1.3
ip route add 10.5.0.0/16 nexthop via 10.0.0.1 nexthop via 10.0.1.3
ip route add 10.4.0.0/16 via 10.0.0.1 table 100
ip route add default via 10.0.1.3 metric 7
ip route add 10.3.3.3 dev veth1
netstat -rn
route -n
route -ne
netstat -r -n
ip link set veth2p down
sleep 1
route -n
ip route flush table main
route -n
netstat -rn
