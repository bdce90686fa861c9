# Which tables a packet meets at each hook, and in which order (iptables-nft priorities:
# security at 150, after nat INPUT at 100). Each chain ORs its own bit into the mark after
# counting the bits of the chains that ran before it.
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
iptables -t raw -A PREROUTING -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t raw -A PREROUTING -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t raw -A PREROUTING -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t raw -A PREROUTING -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t raw -A PREROUTING -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t raw -A PREROUTING -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t raw -A PREROUTING -j MARK --or-mark 0x1
iptables -t mangle -A PREROUTING -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t mangle -A PREROUTING -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t mangle -A PREROUTING -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t mangle -A PREROUTING -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t mangle -A PREROUTING -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t mangle -A PREROUTING -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t mangle -A PREROUTING -j MARK --or-mark 0x2
iptables -t nat -A PREROUTING -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t nat -A PREROUTING -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t nat -A PREROUTING -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t nat -A PREROUTING -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t nat -A PREROUTING -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t nat -A PREROUTING -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t nat -A PREROUTING -m conntrack --ctstate NEW -j MARK --or-mark 0x4
iptables -t mangle -A INPUT -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t mangle -A INPUT -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t mangle -A INPUT -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t mangle -A INPUT -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t mangle -A INPUT -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t mangle -A INPUT -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t mangle -A INPUT -j MARK --or-mark 0x8
iptables -t filter -A INPUT -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t filter -A INPUT -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t filter -A INPUT -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t filter -A INPUT -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t filter -A INPUT -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t filter -A INPUT -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t filter -A INPUT -j MARK --or-mark 0x10
iptables -t nat -A INPUT -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t nat -A INPUT -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t nat -A INPUT -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t nat -A INPUT -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t nat -A INPUT -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t nat -A INPUT -m mark --mark 0x40/0x40 -m comment --comment "security/INPUT"
iptables -t nat -A INPUT -m conntrack --ctstate NEW -j MARK --or-mark 0x20
iptables -t security -A INPUT -m mark --mark 0x1/0x1 -m comment --comment "raw/PREROUTING"
iptables -t security -A INPUT -m mark --mark 0x2/0x2 -m comment --comment "mangle/PREROUTING"
iptables -t security -A INPUT -m mark --mark 0x4/0x4 -m comment --comment "nat/PREROUTING"
iptables -t security -A INPUT -m mark --mark 0x8/0x8 -m comment --comment "mangle/INPUT"
iptables -t security -A INPUT -m mark --mark 0x10/0x10 -m comment --comment "filter/INPUT"
iptables -t security -A INPUT -m mark --mark 0x20/0x20 -m comment --comment "nat/INPUT"
iptables -t security -A INPUT -j MARK --or-mark 0x40
iptables -t raw -A OUTPUT -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t raw -A OUTPUT -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t raw -A OUTPUT -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t raw -A OUTPUT -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t raw -A OUTPUT -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t raw -A OUTPUT -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t raw -A OUTPUT -j MARK --or-mark 0x100
iptables -t mangle -A OUTPUT -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t mangle -A OUTPUT -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t mangle -A OUTPUT -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t mangle -A OUTPUT -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t mangle -A OUTPUT -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t mangle -A OUTPUT -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t mangle -A OUTPUT -j MARK --or-mark 0x200
iptables -t nat -A OUTPUT -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t nat -A OUTPUT -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t nat -A OUTPUT -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t nat -A OUTPUT -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t nat -A OUTPUT -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t nat -A OUTPUT -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t nat -A OUTPUT -m conntrack --ctstate NEW -j MARK --or-mark 0x400
iptables -t filter -A OUTPUT -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t filter -A OUTPUT -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t filter -A OUTPUT -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t filter -A OUTPUT -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t filter -A OUTPUT -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t filter -A OUTPUT -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t filter -A OUTPUT -j MARK --or-mark 0x800
iptables -t security -A OUTPUT -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t security -A OUTPUT -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t security -A OUTPUT -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t security -A OUTPUT -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t security -A OUTPUT -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t security -A OUTPUT -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t security -A OUTPUT -j MARK --or-mark 0x1000
iptables -t mangle -A POSTROUTING -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t mangle -A POSTROUTING -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t mangle -A POSTROUTING -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t mangle -A POSTROUTING -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t mangle -A POSTROUTING -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t mangle -A POSTROUTING -m mark --mark 0x4000/0x4000 -m comment --comment "nat/POSTROUTING"
iptables -t mangle -A POSTROUTING -j MARK --or-mark 0x2000
iptables -t nat -A POSTROUTING -m mark --mark 0x100/0x100 -m comment --comment "raw/OUTPUT"
iptables -t nat -A POSTROUTING -m mark --mark 0x200/0x200 -m comment --comment "mangle/OUTPUT"
iptables -t nat -A POSTROUTING -m mark --mark 0x400/0x400 -m comment --comment "nat/OUTPUT"
iptables -t nat -A POSTROUTING -m mark --mark 0x800/0x800 -m comment --comment "filter/OUTPUT"
iptables -t nat -A POSTROUTING -m mark --mark 0x1000/0x1000 -m comment --comment "security/OUTPUT"
iptables -t nat -A POSTROUTING -m mark --mark 0x2000/0x2000 -m comment --comment "mangle/POSTROUTING"
iptables -t nat -A POSTROUTING -m conntrack --ctstate NEW -j MARK --or-mark 0x4000
ip netns exec client ping -c 2 -i 0.2 -e 7 10.0.0.1
iptables-save -c -t raw
iptables-save -c -t mangle
iptables-save -c -t nat
iptables-save -c -t filter
iptables-save -c -t security
