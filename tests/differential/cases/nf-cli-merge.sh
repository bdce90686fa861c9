# iptables-nft lists tcp/udp port and flag matches merged into the first such match (not --tcp-option, not
# an empty -m udp); -i + is dropped, ! -i + kept; --dport abbreviates multiport's --dports; multiport errors.
iptables -F
iptables -A INPUT -p tcp --dport 80 -m tcp --sport 1 -i + -j ACCEPT
iptables -A INPUT -p udp -m udp --sport 1 -m udp --dport 2 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --sport 1 -m tcp --sport 2 -j ACCEPT
iptables -A INPUT -p tcp --sport 1 -m tcp --tcp-flags SYN SYN -m tcp --dport 3 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --dport 1 -m multiport --dports 5 -m tcp --sport 3 -j ACCEPT
iptables -A INPUT -p tcp --syn -m tcp ! --dport 7 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --sport 1 -m tcp ! --dport 7 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --sport 1 -m tcp --tcp-option 7 -j ACCEPT
iptables -A INPUT -i + -j DROP
iptables -A INPUT ! -i + -j DROP
iptables -A INPUT -i eth+ -j DROP
iptables -A OUTPUT -o + -j DROP
iptables -S
iptables -v -n -L INPUT
iptables -A INPUT -p tcp -m multiport --dports 80,443 --dport 8 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443 --dports 8 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --sports 80 --dports 8 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dport 8 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --po 8 -j ACCEPT
iptables -A INPUT -p icmp -m multiport --ports 1 -j ACCEPT
iptables -A INPUT ! -p tcp -m multiport --ports 1 -j ACCEPT
iptables -A INPUT -m multiport --ports 1 -j ACCEPT
iptables -A INPUT -p tcp -m tcp -j ACCEPT
iptables -A INPUT -p tcp -m tcp --tcp-option 7 -m tcp --sport 1 -j ACCEPT
iptables -A INPUT -p udp -m udp -m udp --dport 5 -j ACCEPT
iptables -S INPUT
iptables -C NOPE -j DROP
iptables -t nat -C INPUT -j DROP
iptables -t raw -D PREROUTING -j ACCEPT
iptables -t raw -D PREROUTING 1
iptables -v -n -L INPUT
