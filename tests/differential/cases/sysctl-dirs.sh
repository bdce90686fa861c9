# sysctl: directories the model knows in full (net.ipv4.conf, net.ipv4.neigh and their device
# directories; procps hides the deprecated neigh files), -e, -n, defaults of conf/default and lo.
ip netns add a
ip link add va netns a type veth peer name vb
ip netns exec a sysctl net.ipv4.ip_forward
ip netns exec a sysctl net.ipv4.conf.va
ip netns exec a sysctl -w net.ipv4.conf.va.rp_filter=2
ip netns exec a sysctl net.ipv4.conf.va.rp_filter
ip netns exec a sysctl -n net.ipv4.ip_default_ttl
ip netns exec a sysctl -e net.ipv4.bogus
ip netns exec a sysctl net.ipv4.bogus
ip netns exec a sysctl -w net.ipv4.ip_forward=2
ip netns exec a sysctl -w net.ipv4.ip_forward=abc
ip netns exec a sysctl -p /dev/null
ip netns exec a sysctl net.ipv4.neigh.va
ip netns exec a sysctl net.ipv4.ip_local_port_range
ip netns exec a sysctl -w net.ipv4.ip_local_port_range="30000 40000"
ip netns exec a sysctl net.ipv4.ip_local_port_range
ip netns exec a sysctl net.netfilter.nf_conntrack_max
ip netns exec a sysctl net.bridge.bridge-nf-call-iptables
ip netns exec a sysctl -w net.ipv4.icmp_echo_ignore_all=1
ip netns exec a sysctl net.ipv6.conf.va.disable_ipv6
ip netns exec a sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
ip netns exec a sysctl net.ipv4.neigh.va.retrans_time net.ipv4.neigh.va.base_reachable_time
ip netns exec a sysctl net.ipv4.neigh.default
ip netns exec a sysctl net.ipv4.neigh
ip netns exec a sysctl net.ipv4.conf
ip netns exec a sysctl -n net.ipv4.conf.lo
ip netns exec a sysctl -e net.ipv4.nope net.ipv4.ip_forward
