# What /proc/net/snmp counts for fragments: a pings b through a router r whose link to b has
# MTU 1400. a fragments what exceeds its MTU (FragOKs, FragCreates), r forwards fragments as
# fragments and cuts the 1500-byte one again (ForwDatagrams counts datagrams before the MTU
# check, so the DF request it refuses too: FragFails), b reassembles (ReasmReqds per fragment,
# ReasmOKs per datagram); InReceives and OutTransmits count every fragment, OutRequests every
# datagram sent.
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name ra netns r
ip link add rb netns r type veth peer name eth0 netns b
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n r link set rb mtu 1400
ip -n b link set eth0 mtu 1400
ip -n a link set eth0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set eth0 up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec a ping -c 2 -i 0.2 -s 2000 10.0.2.2
ip netns exec a ping -c 1 -s 1472 -M do 10.0.2.2
ip netns exec a ping -c 1 -t 1 10.0.2.2
ip netns exec a ping -c 1 -s 65507 10.0.2.2
ip netns exec a cat /proc/net/snmp
ip netns exec r cat /proc/net/snmp
ip netns exec b cat /proc/net/snmp
