# More match forms: LOG levels, host and network names without -n, ICMP type names and
# codes, conntrack status and port ranges, -L/-S of one rule, line numbers and exact counters.
iptables -A INPUT -j LOG --log-level 0
iptables -A INPUT -j LOG --log-level 1
iptables -A INPUT -j LOG --log-level 2
iptables -A INPUT -j LOG --log-level 3
iptables -A INPUT -j LOG --log-level 5
iptables -A INPUT -j LOG --log-level 6
iptables -A INPUT -j LOG --log-level warning --log-macdecode
iptables -A INPUT -j LOG --log-level err
iptables -A INPUT -s 127.0.0.1 -d 127.0.0.0/8 -m conntrack --ctorigsrc 127.0.0.1 -j ACCEPT
iptables -A INPUT -s 169.254.0.0/16 -d 10.0.0.0/255.0.255.0 -j ACCEPT
iptables -A INPUT -m statistic --mode nth --every 3 -j ACCEPT
iptables -A INPUT -m statistic --mode nth ! --every 5 --packet 0 -j ACCEPT
iptables -A INPUT -p udp --dport 53 -m multiport --dports 1:5,7 -j ACCEPT
iptables -A INPUT -p tcp --tcp-option 5 -j ACCEPT
iptables -A INPUT -m iprange --src-range 10.0.0.1 -j ACCEPT
iptables -A INPUT -m limit --limit 1000/sec -j ACCEPT
iptables -A INPUT -m limit --limit 7/min -j ACCEPT
iptables -A INPUT -m limit --limit 2/h -j ACCEPT
iptables -A INPUT -m comment --comment "" -j ACCEPT
iptables -A INPUT -m conntrack --ctstatus NONE,EXPECTED,CONFIRMED --ctorigsrcport 10:20 --ctdir REPLY -j ACCEPT
iptables -A INPUT -m state --state UNTRACKED,INVALID -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT
iptables -A FORWARD ! -i eth+ ! -o veth0 -j ACCEPT
iptables -A OUTPUT -i eth0 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 8/0 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type echo -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 3/3 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type port-unr -j ACCEPT
iptables -S
iptables -L
iptables -L -v
iptables -nL --line-numbers
iptables -L INPUT 2
iptables -L INPUT 2 -n -v
iptables -S INPUT 2
iptables -S INPUT 0
iptables -vnL FORWARD
iptables -vxnL FORWARD --line-numbers
