# Proxy ARP as Calico uses it: pods with a /32 and a link-scope route to 169.254.1.1, host-side
# veths with proxy_arp=1 (proxy_delay 0, then 80: the random delay of pneigh_enqueue), and proxy
# entries (ip neigh add proxy); forwarding off stops it.
ip netns add host
ip netns add pod
ip netns add peer
ip -n host link set lo up
ip netns exec host sysctl -qw net.ipv4.ip_forward=1
ip link add cali1 netns host type veth peer name eth0 netns pod
ip link add cali2 netns host type veth peer name eth0 netns peer
ip -n host link set cali1 address ee:ee:ee:ee:ee:ee
ip -n host link set cali2 address ee:ee:ee:ee:ee:ee
ip -n host link set cali1 up
ip -n host link set cali2 up
ip netns exec host sysctl -qw net.ipv4.conf.cali1.proxy_arp=1
ip netns exec host sysctl -qw net.ipv4.conf.cali2.proxy_arp=1
ip netns exec host sysctl -qw net.ipv4.neigh.cali1.proxy_delay=0 net.ipv4.neigh.cali2.proxy_delay=0
ip link add ext netns host type veth peer name extp
ip -n host addr add 192.168.0.1/24 dev ext
ip -n host link set ext up
ip -n host route add default via 192.168.0.254 dev ext onlink
ip -n host route add 10.244.1.5 dev cali1 scope link
ip -n host route add 10.244.1.6 dev cali2 scope link
ip -n pod addr add 10.244.1.5/32 dev eth0
ip -n pod link set eth0 up
ip -n pod route add 169.254.1.1 dev eth0 scope link
ip -n pod route add default via 169.254.1.1 dev eth0
ip -n peer addr add 10.244.1.6/32 dev eth0
ip -n peer link set eth0 up
ip -n peer route add 169.254.1.1 dev eth0 scope link
ip -n peer route add default via 169.254.1.1 dev eth0
ip netns exec pod ping -c 2 -i 0.5 10.244.1.6
ip netns exec peer ping -c 1 10.244.1.5
ip -n pod neigh show 169.254.1.1
ip -n pod neigh show 192.168.0.1
ip -n peer neigh show 169.254.1.1
ip -n peer neigh show 192.168.0.1
ip -n host neigh show dev cali1
ip -n host neigh show dev cali2
ip netns exec pod ping -c 1 169.254.1.1
ip netns exec host sysctl net.ipv4.conf.cali1.proxy_arp net.ipv4.neigh.cali1.proxy_delay
ip -n pod neigh flush all
ip netns exec host sysctl -qw net.ipv4.neigh.cali1.proxy_delay=80
ip netns exec pod ping -c 1 10.244.1.6
ip netns exec host sysctl -qw net.ipv4.conf.cali1.proxy_arp=0
ip -n pod neigh flush all
ip netns exec pod ping -c 1 -W 1 10.244.1.6
ip -n host neigh add proxy 169.254.1.1 dev cali1
ip -n host neigh show proxy
ip -n pod neigh flush all
ip netns exec pod ping -c 1 10.244.1.6
ip -n host neigh del proxy 169.254.1.1 dev cali1
ip -n host neigh del proxy 169.254.1.1 dev cali1
ip -n host neigh add proxy 10.9.0.1 dev cali1
ip -n host neigh add proxy 10.9.0.2
ip -n host neigh add proxy 10.9.0.17 dev cali2
ip -n host neigh show proxy
ip -n host neigh get proxy 10.9.0.1 dev cali1
ip -n host neigh get proxy 10.9.0.3 dev cali1
ip -n host link set cali2 down
ip -n host neigh show proxy
ip -n host neigh flush proxy
ip -n host neigh show proxy
ip netns exec host sysctl -qw net.ipv4.ip_forward=0
ip -n pod neigh flush all
ip netns exec pod ping -c 1 -W 1 10.244.1.6
