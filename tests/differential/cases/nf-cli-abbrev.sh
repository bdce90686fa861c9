# getopt abbreviations of extension options: unique prefixes of loaded extensions' and the implicit
# protocol match's options work, ambiguous ones (--ctst, --d) are unknown options.
iptables -A INPUT -p tcp --dpo 80 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --sp 1 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --s 1 -j ACCEPT
iptables -A INPUT -m conntrack --ctst NEW -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dpo 5 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --d 5 -j ACCEPT
iptables -A INPUT -j LOG --log-p x
iptables -A INPUT -p tcp -j REJECT --reject tcp-reset
iptables -S INPUT
