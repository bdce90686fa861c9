# NAT on a node: a pod subnet masqueraded on its way out, and a service address DNATed to a
# backend. pod (10.244.1.2/24) - node n (cni0 side 10.244.1.1, uplink 192.168.1.2) - ext
# (192.168.1.1/24). ext has no route back to 10.244.0.0/16, so the pod reaches it only once n
# masquerades; the service address 10.96.0.10 exists nowhere and works only through DNAT. The
# nat chains see the first packet of each connection only; conntrack rewrites the rest and the
# replies.
#
#   npx pktsim run -x examples/nat.sh
#
# prints what the kernel prints for the same commands (tests/differential/cases/
# nf-example-nat.sh links to this script).
ip netns add pod
ip netns add n
ip netns add ext
ip link add eth0 netns pod type veth peer name cni0 netns n
ip link add eth1 netns n type veth peer name eth0 netns ext
ip -n pod addr add 10.244.1.2/24 dev eth0
ip -n n addr add 10.244.1.1/24 dev cni0
ip -n n addr add 192.168.1.2/24 dev eth1
ip -n ext addr add 192.168.1.1/24 dev eth0
ip -n pod link set eth0 up
ip -n n link set cni0 up
ip -n n link set eth1 up
ip -n ext link set eth0 up
ip -n pod route add default via 10.244.1.1
ip netns exec n sysctl -w net.ipv4.ip_forward=1
# without NAT the reply has no way back to the pod subnet
ip netns exec pod ping -c 1 -W 1 -e 100 192.168.1.1
ip netns exec n iptables -t nat -A POSTROUTING -s 10.244.0.0/16 -o eth1 -j MASQUERADE
ip netns exec pod ping -c 3 -i 0.2 -e 101 192.168.1.1
ip netns exec n conntrack -L
ip netns exec n conntrack -F
# a service address, DNATed to the backend before routing
ip netns exec n iptables -t nat -A PREROUTING -d 10.96.0.10/32 -p icmp -j DNAT --to-destination 192.168.1.1
ip netns exec pod ip route get 10.96.0.10
ip netns exec pod ping -c 3 -i 0.2 -e 102 10.96.0.10
ip netns exec n conntrack -L
ip netns exec n iptables -t nat -vnL
ip netns exec n iptables-save -t nat
