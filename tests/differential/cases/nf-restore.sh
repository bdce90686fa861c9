# iptables-restore: counters only with -c, --noflush keeps what is not declared, each COMMIT
# applies its table (an error later leaves the earlier tables applied and the failing one
# untouched), command lines inside a table, --test, and the error reports with line numbers.
iptables-restore /work/main/tests/differential/data/nf/restore-a.rules
iptables-save -c
iptables -A INPUT -j ACCEPT
iptables -N KEEP
iptables-restore --noflush /work/main/tests/differential/data/nf/restore-noflush.rules
iptables-save
iptables-restore /work/main/tests/differential/data/nf/restore-bad-chain.rules
iptables-save
iptables-restore /work/main/tests/differential/data/nf/restore-bad-host.rules
iptables-restore /work/main/tests/differential/data/nf/restore-no-commit.rules
iptables-restore /work/main/tests/differential/data/nf/restore-bad-table.rules
iptables-restore /work/main/tests/differential/data/nf/restore-no-chain.rules
iptables-restore -c /work/main/tests/differential/data/nf/restore-a.rules
iptables-save -c -t filter
iptables-restore --noflush /work/main/tests/differential/data/nf/restore-commands.rules
iptables-save -t filter
iptables-restore /work/main/tests/differential/data/nf/nonexistent.rules
iptables-restore -n /work/main/tests/differential/data/nf/restore-noflush.rules
iptables-restore --test /work/main/tests/differential/data/nf/restore-bad-host.rules
iptables-restore --test /work/main/tests/differential/data/nf/restore-noflush.rules
iptables-save -t filter
