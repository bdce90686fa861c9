# ip route get for a packet the router would send back out the device it came in on: the
# route is flagged for an ICMP redirect (RTCF_DOREDIRECT) while send_redirects is on.
ip link add eth0 type veth peer name eth0p
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
ip link set eth0p up
ip route add 10.9.0.0/16 via 10.0.0.3
sysctl -w net.ipv4.ip_forward=1
sysctl net.ipv4.conf.eth0.send_redirects net.ipv4.conf.eth0.shared_media
ip route get 10.9.0.1 from 10.0.0.1 iif eth0
ip route get 10.0.0.7 from 10.0.0.1 iif eth0
ip route get 10.9.0.1 from 10.5.5.5 iif eth0
sysctl -w net.ipv4.conf.eth0.shared_media=0
ip route get 10.9.0.1 from 10.0.0.1 iif eth0
ip route get 10.9.0.1 from 10.5.5.5 iif eth0
sysctl -w net.ipv4.conf.all.send_redirects=0
ip route get 10.9.0.1 from 10.0.0.1 iif eth0
sysctl -w net.ipv4.conf.eth0.send_redirects=0
ip route get 10.9.0.1 from 10.0.0.1 iif eth0
