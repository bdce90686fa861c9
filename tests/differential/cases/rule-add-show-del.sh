# ip rule: the three default rules, selectors and actions as iproute2 prints them, the
# default priority (just below the second rule), delete by selector, and flush.
ip link add veth0 type veth peer name veth1
ip rule
ip rule add from 10.0.0.0/24 table 100
ip rule add fwmark 0x4000/0x4000 table 200 priority 1000
ip rule add to 10.50.0.0/16 lookup main priority 500
ip rule add iif veth1 table 300
ip rule add oif veth0 table 301 pref 600
ip rule add not from 10.1.0.0/16 table 302 pref 700
ip rule add tos 0x10 table 303 pref 800
ip rule add fwmark 7 table 304 pref 801
ip rule add fwmark 0x10/0xffffffff table 305 pref 802
ip rule add from 10.2.0.1 to 10.3.0.0/16 prohibit pref 900
ip rule add unreachable pref 901
ip rule add type blackhole pref 902
ip rule add goto 1000 pref 903
ip rule add nop pref 905
ip rule add iif nosuch table 5 pref 906
ip rule add pref 907 table main suppress_prefixlength 0
ip rule add pref 908 table 400 protocol static
ip rule add pref 909
ip rule add pref 910 table 0
ip rule add pref 911 table 0
ip rule add pref 912 table default
ip rule add pref 913 lookup local
ip rule add pref 914 from 0.0.0.0/0 to 0/0 table 70000
ip rule add from 10.0.0.0/24 table 100
ip rule add from 10.0.0.0/24 table 100 pref 498
ip rule add from 10.0.0.0/24 table 101 pref 498
ip rule
ip rule list
ip rule show table 100
ip rule show pref 500
ip rule show from 10.0.0.0/24
ip rule show to 10.50.0.0/16
ip rule show iif veth1
ip rule show oif veth0
ip rule show fwmark 7
ip rule show not
ip rule show lookup main
ip link add nosuch type veth peer name nosuch1
ip rule show iif nosuch
ip link del nosuch
ip rule show iif nosuch
ip rule del pref 905
ip rule del pref 12345
ip rule del table 304
ip rule del from 10.0.0.0/24
ip rule del iif nosuch
ip rule del fwmark 0x4000/0x4000
ip rule del to 10.50.0.0/16
ip rule del table 100
ip rule delete prohibit
ip rule
ip route show table 1
ip route show table 2
ip rule flush
ip rule
ip rule add pref 0 table 9
ip rule del pref 0
ip rule
ip rule del pref 0
ip rule
ip rule add table main
ip rule add pref 32767 table default
ip rule
