# iptables-restore -c with counters beyond 2^53 and 2^64 (saturated), -c inside a restore with an
# address list: exact u64 in iptables-save -c, -S -v, -L -v -x and the K/M/G/T column; -Z clears them.
iptables-restore -c /work/main/tests/differential/data/nf/cli-counters.rules
iptables-save -c -t filter
iptables -S -v
iptables -L -v -n -x
iptables -L -v -n
iptables -Z INPUT 2
iptables -S INPUT -v
iptables -Z
iptables-save -c -t filter
iptables-restore /work/main/tests/differential/data/nf/cli-counters.rules
iptables-save -c -t filter
