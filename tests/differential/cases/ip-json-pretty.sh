# ip -j -p: json_writer's pretty layout for link, addr, route, rule, neigh and route get.
ip netns add a
ip -n a link set lo up
ip -n a -j -p link show lo
ip -n a -j -p addr show lo
ip -n a -p link show lo
ip -n a -j -p route show table local
ip -n a -j -p -d link show lo
ip -n a -j -p neigh show
ip -n a -j -p -s link show lo
ip -n a -j -p rule show
ip -n a -j -p route get 127.0.0.1
ip -n a -p -j -br link
ip -n a -j -p link show type nope
ip -n a -j -p -4 addr show dev lo to 10.0.0.0/8
ip -n a link add br0 type bridge
ip -n a -j -p -d link show br0
