# -v on -A/-I/-R/-D/-C echoes each rule (print_firewall, FMT_PRINT_RULE; -C/-D each one found, up to a missing one);
# -F/-Z/-X -v name the chains they flush, zero (only chains that exist) and delete; -F CHAIN and -F -v
# create the built-in chains they name, a plain -F creates no table.
iptables -N X
iptables -A INPUT -v -s 1.2.3.4 -p tcp --dport 80 -j ACCEPT
iptables -I INPUT -v -j X
iptables -D INPUT -v -j X
iptables -C INPUT -v -s 1.2.3.4 -p tcp --dport 80 -j ACCEPT
iptables -C INPUT -v -s 1.2.3.5 -j ACCEPT
iptables -A INPUT -v ! -s 10.0.0.0/8 -d 1.2.3.4,5.6.7.8 ! -i eth0 -p udp --sport 53 -f -j DROP
iptables -A INPUT -v -p 47 -g X
iptables -A INPUT -v ! -p tcp -j REJECT --reject-with icmp-host-prohibited
iptables -A OUTPUT -v -o eth+ -m conntrack --ctstate NEW -j LOG --log-prefix "x "
iptables -t nat -A POSTROUTING -v -o eth0 -j MASQUERADE
iptables -Z -v
iptables -Z INPUT -v
iptables -Z INPUT 1 -v
iptables -F -v
iptables -F X -v
iptables -X -v
iptables -t nat -F -v
iptables -t mangle -F -v
iptables -t raw -Z -v
iptables -N Y
iptables -N A
iptables -X Y -v
iptables -N Y
iptables -X -v
iptables -P INPUT DROP -v
iptables -N Y -v
iptables -E Y Z -v
iptables -A INPUT -j ACCEPT
iptables -L -Z -v -n
iptables -L INPUT -Z -v -n
iptables -t nat -F
iptables-save
iptables -t mangle -F -v
iptables-save
iptables -Z -v
iptables -F INPUT
iptables -Z -v
iptables -t raw -F PREROUTING -v
iptables -t raw -Z -v
iptables -t security -Z -v
iptables-save
iptables -A INPUT -s 1.1.1.1 -j DROP
iptables -C INPUT -v -s 1.1.1.1,2.2.2.2 -j DROP
iptables -C INPUT -v -s 2.2.2.2,1.1.1.1 -j DROP
iptables -D INPUT -v -s 1.1.1.1,2.2.2.2 -j DROP
iptables -R INPUT 1 -v -s 3.3.3.3 -j DROP
iptables -D INPUT 1 -v
iptables -I INPUT -v -s 1.1.1.1,2.2.2.2 -j DROP
iptables -D INPUT -v -s 1.1.1.1,2.2.2.2 -j DROP
iptables -S INPUT
