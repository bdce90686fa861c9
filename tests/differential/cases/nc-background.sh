# A server started with setsid -f is listening by the next line (ss, netstat), TCP and UDP.
ip netns add a
ip -n a link set lo up
ip netns exec a setsid -f nc -lu 5000
ip netns exec a setsid -f nc -l 6000
ip netns exec a ss -uan
ip netns exec a ss -tan
ip netns exec a netstat -ulnp
