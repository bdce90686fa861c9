# Targets and their options as iptables lists and saves them: REJECT (every --reject-with),
# LOG, MARK, CONNMARK, RETURN, jump/goto, DNAT/SNAT/MASQUERADE/REDIRECT, NOTRACK/CT, TRACE,
# and the kernel's refusals of targets in the wrong table or hook.
iptables -A INPUT -j REJECT
iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-host-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with tcp-rst
iptables -A INPUT -j REJECT --reject-with foo
iptables -A INPUT -j LOG
iptables -A INPUT -j LOG --log-prefix "IN: " --log-level 4
iptables -A INPUT -j LOG --log-prefix x --log-level debug --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
iptables -A INPUT -j MARK --set-mark 5
iptables -A INPUT -j MARK --set-xmark 0x5/0xff
iptables -A INPUT -j MARK --and-mark 0xf
iptables -A INPUT -j MARK --or-mark 0x4000
iptables -A INPUT -j MARK --xor-mark 0x4000
iptables -A INPUT -j MARK --set-mark 0x1/0x3
iptables -A INPUT -j CONNMARK --set-mark 7
iptables -A INPUT -j CONNMARK --save-mark
iptables -A INPUT -j CONNMARK --restore-mark
iptables -A INPUT -j CONNMARK --save-mark --mask 0xff
iptables -A INPUT -j CONNMARK --restore-mark --nfmask 0xf0 --ctmask 0xf
iptables -A INPUT -j CONNMARK --set-xmark 1/3
iptables -A INPUT -j CONNMARK --and-mark 1
iptables -A INPUT -j CONNMARK --or-mark 1
iptables -A INPUT -m connmark --mark 1 -j ACCEPT
iptables -A INPUT -m connmark ! --mark 1/0xf -j ACCEPT
iptables -A INPUT -j RETURN
iptables -N X
iptables -A INPUT -g X
iptables -A INPUT -j X
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :8080
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:80 --random --persistent
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:80
iptables -t nat -A PREROUTING -j DNAT
iptables -t nat -A PREROUTING -p udp -j REDIRECT
iptables -t nat -A PREROUTING -p udp -j REDIRECT --to-ports 53
iptables -t nat -A PREROUTING -p udp -j REDIRECT --to-ports 53-60 --random
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4
iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source 1.2.3.4:1000-2000 --random-fully
iptables -t nat -A POSTROUTING -j MASQUERADE
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000
iptables -t nat -A POSTROUTING -j MASQUERADE --random-fully
iptables -t nat -A POSTROUTING -j MASQUERADE --random
iptables -t nat -A PREROUTING -j SNAT --to-source 1.2.3.4
iptables -t nat -A POSTROUTING -j DNAT --to-destination 1.2.3.4
iptables -t nat -A INPUT -j SNAT --to-source 1.2.3.4
iptables -t nat -A OUTPUT -j DNAT --to-destination 1.2.3.4
iptables -t nat -A OUTPUT -j MASQUERADE
iptables -t raw -A PREROUTING -j NOTRACK
iptables -t raw -A PREROUTING -j CT --notrack
iptables -t raw -A OUTPUT -j CT --zone 1
iptables -t raw -A PREROUTING -j TRACE
iptables -t filter -A INPUT -j TRACE
iptables -t filter -A INPUT -j NOTRACK
iptables -t mangle -A PREROUTING -j MARK --set-mark 1
iptables -t security -A INPUT -j ACCEPT
iptables -t nat -A PREROUTING -j REJECT
iptables -t mangle -A PREROUTING -j REJECT
iptables -S
iptables -vnL
iptables -L
iptables -t nat -S
iptables -t nat -vnL
iptables -t nat -L
iptables -t raw -S
iptables -t raw -L
iptables -t mangle -S
iptables -t security -S
iptables-save
