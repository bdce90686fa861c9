# net-tools route: the -e layouts, names without -n, the (empty) cache, and route add/del
# through the SIOCADDRT/SIOCDELRT ioctls with their errors.
ip link add veth1 type veth peer name veth1p
ip addr add 10.0.0.2/24 dev veth1
ip link set veth1 up
ip link set veth1p up
ip route add default via 10.0.0.1
ip route add unreachable 10.9.2.2
ip route add 10.9.3.0/24 via 10.0.0.1 dev veth1 metric 5
route
route -nee
netstat -rne
netstat -rnee
netstat -r
route -n -A inet
route -C -n
netstat -rnC
route add -net 10.20.0.0/16 gw 10.0.0.1
route add -net 10.20.0.0/16 gw 10.0.0.1
route add -net 10.21.0.0 netmask 255.255.0.0 gw 10.0.0.1 metric 3
route add -host 10.22.0.1 dev veth1
route add default gw 10.0.0.3
route add -net 10.23.0.0/16 reject
route add -net 10.24.0.0/16 gw 10.99.0.1
route add -net 10.25.0.1/16 gw 10.0.0.1
route add -net 10.26.0.0/16 dev nosuch
ip route
route -n
route del -net 10.20.0.0/16
route del -net 10.20.0.0/16
route del default gw 10.0.0.3
route del -host 10.22.0.1
route del -net 10.21.0.0 netmask 255.255.0.0 metric 3
ip route
route -x
