# tc's own parsing errors (netem's included: they come from tc before the kernel is asked)
# and the kernel's refusals.
ip link add veth0 type veth peer name veth1
tc qdisc add dev veth0 root handle zz pfifo
tc qdisc add dev veth0 root root pfifo
tc qdisc add dev veth0 root handle 1: handle 2: pfifo
tc qdisc add dev veth0 dev veth1 root pfifo
tc qdisc add dev veth0 root foo
tc qdisc add dev veth0 root foo bar
tc qdisc add dev veth0 root pfifo limit x
tc qdisc add dev veth0 root pfifo bogus
tc qdisc add dev veth0 root pfifo_fast bands 3
tc qdisc add dev veth0 root netem delay abc
tc qdisc add dev veth0 root netem delay 10ms 1ms 25x
tc qdisc add dev veth0 root netem delay 300s
tc qdisc add dev veth0 root netem loss 200%
tc qdisc add dev veth0 root netem loss 1% loss 2%
tc qdisc add dev veth0 root netem loss sometimes
tc qdisc add dev veth0 root netem rate 1foo
tc qdisc add dev veth0 root netem limit many
tc qdisc add dev veth0 root netem reorder 5%
tc qdisc add dev veth0 root netem gap 5
tc qdisc add dev veth0 root netem bogus
tc qdisc add dev veth0 root netem help
tc qdisc add dev veth0 root netem delay
tc qdisc add dev veth9 root netem delay 10ms
tc qdisc add root netem delay 10ms
tc qdisc add dev veth0 netem delay 10ms
tc qdisc add dev veth0 root
tc qdisc add dev veth0 root pfifo
tc qdisc del dev veth0 root handle 1:
tc qdisc del dev veth0 handle 8:
tc qdisc show dev veth0 bogus
tc qdisc show dev veth9
tc qdisc bogus
tc bogus
tc -bogus qdisc
