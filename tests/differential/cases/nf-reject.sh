# REJECT answers with what --reject-with names: tcp-reset as a RST and the default
# icmp-port-unreachable both refuse a TCP connection (nc: Connection refused), DROP answers
# nothing (nc times out, the SYN is sent again after 1 s); each ICMP variant as ping reports it.
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
iptables -A INPUT -p tcp --dport 9997 -j REJECT --reject-with tcp-reset
iptables -A INPUT -p tcp --dport 9998 -j REJECT
iptables -A INPUT -p tcp --dport 9996 -j DROP
iptables -A INPUT -p udp --dport 9995 -j REJECT
ip netns exec client nc -zv 10.0.0.1 9997
ip netns exec client nc -zv -w 2 10.0.0.1 9998
ip netns exec client nc -zv -w 2 10.0.0.1 9996
ip netns exec client nc -uv -w 1 10.0.0.1 9995
iptables -vnL INPUT
iptables -F INPUT
sleep 2
iptables -A INPUT -p icmp -j REJECT
ip netns exec client ping -c 1 -e 1 10.0.0.1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-net-unreachable
ip netns exec client ping -c 1 -e 2 10.0.0.1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-host-unreachable
ip netns exec client ping -c 1 -e 3 10.0.0.1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec client ping -c 1 -e 4 10.0.0.1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec client ping -c 1 -e 5 10.0.0.1
sleep 1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec client ping -c 1 -e 6 10.0.0.1
iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec client ping -c 1 -e 7 10.0.0.1
iptables -vnL INPUT
