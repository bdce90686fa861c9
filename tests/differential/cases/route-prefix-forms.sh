# How iproute2 reads prefixes and addresses (get_addr_ipv4, get_netmask) and what -d adds
# to the listing.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip link set veth1 up
ip route add 10.8/16 via 10.0.0.2
ip route add 10.9.0.0/255.255.0.0 via 10.0.0.2
ip route add 012.1.0.0/16 via 10.0.0.2
ip route add 0x0b.0.0.0/8 via 10.0.0.2
ip route add 10.10.0.0/255.0.255.0 via 10.0.0.2
ip route add 10.11.0.0/0x10 via 10.0.0.2
ip route add 192.168.1 via 10.0.0.2
ip route add 10.12.0.0/16 via 10.0.0.0x2
ip route add 10.13.0.0/16 via 10.0.0.2/24
ip route add 10.14.0.0/16 via default
ip route add default/0 via 10.0.0.2
ip route add any via 10.0.0.2
ip route add 10.15.0.0/16 via inet 10.0.0.2
ip route
ip -d route
ip -d route show table local
ip route show 10.8/16
ip route show exact 10.9.0.0/255.255.0.0
ip route show root 10/8
ip route show match 10.8.1
ip route get 10.8.1
ip route show to all
ip route del 10.8/16
ip route del all
ip route
