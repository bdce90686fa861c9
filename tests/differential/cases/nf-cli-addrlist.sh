# -s/-d comma lists (xtables_ipparse_multiple): one rule per source x destination for -A/-I/-C/-D,
# -D/-C all or nothing, -R and ! refuse lists; addresses as libxtables reads them (0, 10, 0x7f.1, /0 ignores the name).
iptables -A INPUT -s 1.2.3.4,5.6.7.0/24 -d 9.9.9.9,8.8.8.8 -j ACCEPT
iptables -I INPUT -s 10.0.0.1,10.0.0.2 -j DROP
iptables -I INPUT 3 -d 10.0.0.3,10.0.0.4 -j DROP
iptables -S INPUT
iptables -C INPUT -s 1.2.3.4,5.6.7.0/24 -d 9.9.9.9 -j ACCEPT
iptables -C INPUT -s 1.2.3.4,5.6.7.1 -d 9.9.9.9 -j ACCEPT
iptables -D INPUT -s 1.2.3.4,5.6.7.1 -d 9.9.9.9 -j ACCEPT
iptables -D INPUT -s 10.0.0.1,10.0.0.1 -j DROP
iptables -S INPUT
iptables -R INPUT 1 -s 1.1.1.1,2.2.2.2 -j DROP
iptables -A INPUT ! -s 1.1.1.1,2.2.2.2 -j DROP
iptables -A INPUT -s 0 -d 0/0 -j DROP
iptables -A INPUT -s 10 -d 10.1 -j DROP
iptables -A INPUT -s 10.1.2 -d 0x7f.1 -j DROP
iptables -A INPUT -s 010.0.0.1 -d 0x7f000001 -j DROP
iptables -A INPUT -s foo/0 -d loopback -j DROP
iptables -A INPUT -s 1.2.3.4, -j DROP
iptables -A INPUT -s ,1.2.3.4 -j DROP
iptables -A INPUT -s "1.2.3.4, 5.6.7.8" -j DROP
iptables -A INPUT -s 1.2.3.4/33,5.6.7.8 -j DROP
iptables -A INPUT -s 256 -j DROP
iptables -A INPUT -s 1.2.3.4.5 -j DROP
iptables -A INPUT -s 0/0 -j DROP
iptables -A INPUT -d 1.2.3.4/255.255.0.0,5.6.7.8/8 -j DROP
iptables -S INPUT
