# Routes of lo: none while it is down in a new namespace; ip link set lo up
# adds 127.0.0.1/8 and ::1 with their routes; down removes the broadcast route and ::1.
ip netns add ns1
ip netns exec ns1 ip addr show
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip addr show
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip route show
ip netns exec ns1 ip link set lo down
ip netns exec ns1 ip addr show
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip route show table all
