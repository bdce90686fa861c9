# A server in the background (setsid -f: a script has no `&`): nc -l -k accepts one
# connection at a time and closes each when the client does. -z connects and closes
# at once; -w 1 with nothing to send holds the connection for 1 s of silence.
# The 8080 listener runs without -v: its "Listening on" line, written by a background process,
# came before or after the runner echoed the next command depending on the machine's load.
# (No interface counters here: whether the server's ACK of a FIN rides on its own FIN
# depends on how fast the listener process runs, so the kernel sends 8 or 9 frames.)
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns2 setsid -f nc -l -k 9999
ip netns exec ns2 setsid -f nc -n -l 10.0.0.2 8080
sleep 0.5
ip netns exec ns1 nc -zv 10.0.0.2 9999
ip netns exec ns1 nc -v -w 1 10.0.0.2 9999
ip netns exec ns1 nc -v -N 10.0.0.2 9999
ip netns exec ns1 nc -zv 10.0.0.2 9998
