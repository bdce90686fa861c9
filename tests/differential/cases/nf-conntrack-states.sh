# Conntrack states as the kernel assigns them: NEW for the first echo request, ESTABLISHED
# for the rest and the replies, RELATED for an ICMP error about a tracked flow, INVALID for
# an error about a connection that was never confirmed, UNTRACKED after NOTRACK.
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
iptables -A INPUT -m conntrack --ctstate NEW
iptables -A INPUT -m conntrack --ctstate ESTABLISHED
iptables -A INPUT -m conntrack --ctstate RELATED
iptables -A INPUT -m conntrack --ctstate INVALID
iptables -A OUTPUT -m state --state NEW
iptables -A OUTPUT -m state --state ESTABLISHED
iptables -A OUTPUT -m conntrack --ctstate RELATED,INVALID
ip netns exec client ping -c 3 -i 0.2 -e 1111 10.0.0.1
iptables -vnL
conntrack -L
ip netns exec client iptables -A INPUT -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited
ip netns exec client iptables -A OUTPUT -m conntrack --ctstate INVALID
ping -c 1 -e 2222 10.0.0.2
iptables -vnL INPUT
ip netns exec client iptables -vnL OUTPUT
iptables -t raw -A OUTPUT -p icmp -j NOTRACK
iptables -A OUTPUT -m conntrack --ctstate UNTRACKED
ping -c 1 -e 3333 -W 1 10.0.0.2
iptables -vnL OUTPUT
iptables -t raw -vnL OUTPUT
