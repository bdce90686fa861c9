# iptables-restore: a blank line before the table fails, a tab-only line inside it is an empty command,
# a user chain's policy field is ignored, a full restore resets undeclared built-in policies to ACCEPT,
# -X of a built-in chain in a restore, a refused CHAIN_DEL reported by line; iptables -X on built-in chains.
iptables-restore /work/main/tests/differential/data/nf/cli-blank-first.rules
iptables-restore /work/main/tests/differential/data/nf/cli-user-policy.rules
iptables-save -t filter
iptables-restore /work/main/tests/differential/data/nf/cli-tab-line.rules
iptables-restore /work/main/tests/differential/data/nf/cli-forward-drop.rules
iptables -P OUTPUT DROP
iptables -S
iptables-restore /work/main/tests/differential/data/nf/cli-input-only.rules
iptables-save
iptables-restore /work/main/tests/differential/data/nf/cli-x-builtin.rules
iptables-restore /work/main/tests/differential/data/nf/cli-x-busy.rules
iptables -S
iptables -X INPUT
iptables -F
iptables -X INPUT
iptables -L INPUT -v -n
iptables -P INPUT DROP
iptables -X INPUT
iptables -A INPUT -j ACCEPT
iptables -X INPUT
iptables -P INPUT ACCEPT
iptables -X INPUT
iptables -S
iptables -t nat -X PREROUTING
iptables -X
iptables -S
iptables-restore /work/main/tests/differential/data/nf/cli-x-after-rule.rules
iptables-restore /work/main/tests/differential/data/nf/cli-x-declared.rules
iptables-save -t filter
iptables-restore /work/main/tests/differential/data/nf/cli-x-declared-drop.rules
iptables-save -t filter
iptables-restore /work/main/tests/differential/data/nf/cli-kernel-refusal.rules
iptables-save -t mangle
