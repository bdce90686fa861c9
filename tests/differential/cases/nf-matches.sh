# Match extensions as iptables 1.8.9 (nf_tables) canonicalises and lists them: addresses and
# masks, interfaces, protocols, ports and ranges, icmp types, tcp flags, conntrack, state,
# mark, comment, multiport, addrtype, iprange, statistic, limit, fragments.
iptables -A INPUT -s 10.0.0.1 -d 10.1.0.0/255.255.0.0 -j ACCEPT
iptables -A INPUT ! -s 10.0.0.0/8 ! -d 1.2.3.4/32 -i eth+ ! -o veth0 -j DROP
iptables -A INPUT -p 6 --sport 1000:2000 --dport 80 -j ACCEPT
iptables -A INPUT -p udp ! --sport 53 ! --dport 1:1023 -j ACCEPT
iptables -A INPUT -p tcp --dport 22: -j ACCEPT
iptables -A INPUT -p tcp --sport :1023 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type echo-reply -j ACCEPT
iptables -A INPUT -p icmp ! --icmp-type 3/1 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type any -j ACCEPT
iptables -A INPUT -p icmp --icmp-type destination-unreachable -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT
iptables -A INPUT -p tcp --syn -j ACCEPT
iptables -A INPUT -p tcp ! --syn -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
iptables -A INPUT -p tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG -j DROP
iptables -A INPUT -m conntrack --ctstate NEW,INVALID -j ACCEPT
iptables -A INPUT -m conntrack ! --ctstate ESTABLISHED --ctorigdst 10.96.0.1 --ctorigsrc 10.0.0.0/8 --ctrepldst 1.1.1.1 --ctreplsrc 2.2.2.2 -j ACCEPT
iptables -A INPUT -m conntrack --ctstatus ASSURED,SEEN_REPLY --ctproto tcp --ctorigsrcport 10 --ctorigdstport 20 --ctreplsrcport 30 --ctrepldstport 40 --ctdir ORIGINAL -j ACCEPT
iptables -A INPUT -m conntrack --ctstate DNAT,SNAT,UNTRACKED,RELATED --ctexpire 10:20 -j ACCEPT
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -m state ! --state NEW -j ACCEPT
iptables -A INPUT -m mark --mark 5 -j ACCEPT
iptables -A INPUT -m mark ! --mark 0x10/0xf0 -j ACCEPT
iptables -A INPUT -m comment --comment "hello world" -m comment --comment a_b-c -j ACCEPT
iptables -A INPUT -m comment --comment 'q"uo\te' -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 22,80,8000:8080 -j ACCEPT
iptables -A INPUT -p udp -m multiport ! --sports 53,67 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT
iptables -A INPUT -m addrtype --dst-type LOCAL -j ACCEPT
iptables -A INPUT -m addrtype --src-type UNICAST ! --dst-type BROADCAST,MULTICAST --limit-iface-in -j ACCEPT
iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT
iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT
iptables -A INPUT -m iprange ! --dst-range 10.0.0.1-10.0.0.9 -j ACCEPT
iptables -A INPUT -m statistic --mode random --probability 0.25 -j ACCEPT
iptables -A INPUT -m statistic --mode random ! --probability 0.3333333333 -j ACCEPT
iptables -A INPUT -m statistic --mode nth --every 3 -j ACCEPT
iptables -A INPUT -m statistic --mode nth --every 3 --packet 2 -j ACCEPT
iptables -A INPUT -m limit --limit 5/min -j ACCEPT
iptables -A INPUT -m limit --limit 10/s --limit-burst 20 -j ACCEPT
iptables -A INPUT -m limit --limit 3/hour -j ACCEPT
iptables -A INPUT -m limit --limit 1/day -j ACCEPT
iptables -A INPUT -m limit -j ACCEPT
iptables -A INPUT -f -j DROP
iptables -A INPUT ! -f -j DROP
iptables -A INPUT -p all -j ACCEPT
iptables -A INPUT -p 47 -j ACCEPT
iptables -A INPUT ! -p udp -j ACCEPT
iptables -A INPUT -p sctp -j ACCEPT
iptables -S
iptables -L
iptables -vnL
iptables-save
