# route_localnet: __mkroute_output refuses a loopback source on a non-loopback device unless
# that device has route_localnet (conf/all or its own), and ip_route_input_slow accepts
# 127/8 destinations only then: a DNAT to 127.0.0.1:8081 completes the handshake.
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
ip route get 10.0.0.2 from 127.0.0.1
ip route get 127.0.0.1 from 10.0.0.2 iif veth0
sysctl -w net.ipv4.conf.veth0.route_localnet=1
ip route get 10.0.0.2 from 127.0.0.1
ip route get 127.0.0.1 from 10.0.0.2 iif veth0
setsid -f nc -l 8081
sleep 0.5
iptables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination 127.0.0.1:8081
ip netns exec client nc -zv -w 2 -p 5557 10.0.0.1 81
iptables -t nat -vnL PREROUTING
