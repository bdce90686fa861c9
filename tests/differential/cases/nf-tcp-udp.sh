# TCP and UDP through the filter: port, multiport and tcp-flags matches counted on a real
# connection (nc with a fixed source port), the TCP conntrack states it goes through, -Z
# giving base chains counters, and a UDP probe refused with an ICMP error (RELATED).
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
setsid -f nc -l -k 8080
sleep 0.5
iptables -A INPUT -p tcp -m multiport --dports 8080,9090 -m conntrack --ctstate NEW
iptables -A INPUT -p tcp --syn
iptables -A INPUT -p tcp ! --syn
iptables -A INPUT -p tcp --tcp-flags ACK,FIN FIN,ACK
iptables -A INPUT -p tcp --sport 5555 --dport 8080 -m conntrack --ctstate ESTABLISHED
iptables -A INPUT -p tcp -m multiport ! --ports 8080
ip netns exec client nc -z -p 5555 10.0.0.1 8080
conntrack -L
iptables -vnL
iptables -Z
ip netns exec client nc -z -p 5556 10.0.0.1 8081
conntrack -L
conntrack -F
iptables -F
iptables -A INPUT -p udp --dport 53 -m conntrack --ctstate NEW
iptables -A OUTPUT -p udp -m conntrack --ctstate ESTABLISHED
iptables -A OUTPUT -p icmp -m conntrack --ctstate RELATED
ip netns exec client nc -uv -w 1 -p 4444 10.0.0.1 53
conntrack -L
iptables -vnL
