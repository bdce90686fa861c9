# ip rule: what bad requests get.
ip rule add
ip rule del
ip rule add goto 100 pref 904
ip rule add goto 5 pref 10
ip rule add tos 0x11 table 5
ip rule add tos 0x20 table 5
ip rule add from 10.0.0.1/33 table 5
ip rule add from nosuch table 5
ip rule add to 10.0.0.1/24 table 5
ip rule add frobnicate
ip rule add table foo
ip rule add pref foo table 5
ip rule add fwmark zz table 5
ip rule add fwmark 1/zz table 5
ip rule add table 5 suppress_prefixlength -1
ip rule add pref 100 table 5
ip rule add pref 100 table 5
ip rule add pref 100 table 6
ip rule del pref 100 table 7
ip rule del goto 50 pref 100
ip rule del pref 4294967295
ip rule show table foo
ip rule show pref foo
ip rule frobnicate
ip rule
