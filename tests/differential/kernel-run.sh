#!/usr/bin/env bash
# kernel-run.sh — run a pktsim-style command script on the REAL kernel, inside a
# throw-away network + mount namespace, and print the transcript.
#
# Usage:  kernel-run.sh [-x] SCRIPT
#
#   -x          print each command, as written, after "+ " before its output
#               (same as `pktsim run -x`; the recorded transcripts use -x).
#
# Environment:
#   SHOW_RC=1       after each command's output print "rc=N" (debugging only;
#                   never used for recorded transcripts).
#   CMD_TIMEOUT=S   per-command limit in seconds (default 60). A command that
#                   hits it is killed and gets rc 124, like timeout(1).
#   RUN_TIMEOUT=S   limit for the whole run in seconds (default 900).
#
# Exit status: the exit status of the last command of the script (0 if the
# script has no command), or one of these, reported with a message on stderr:
#   64  usage error (no/unknown argument, SCRIPT not readable)
#   65  the script uses syntax outside the supported subset (see below)
#   77  not running as root                                  -> caller should SKIP
#   78  unshare / the private namespace setup failed         -> caller should SKIP
#
# Script semantics (pktsim's `pktsim run` implements the same):
#   * The file is read as LF-terminated physical lines.
#   * A physical line that ends with a backslash continues on the next physical
#     line: the backslash is removed, blanks at the end of the part so far and
#     at the start of the next line are removed, and the two are joined with
#     exactly ONE space. ("a \" + "    b" -> "a b"; note "a\" + "b" -> "a b"
#     too, unlike bash.) A continued line is appended even if it is blank or
#     starts with '#'.
#   * Leading and trailing blanks (space, tab) of the joined logical line are
#     removed. A logical line that is then empty or starts with '#' is skipped.
#     ('#' is only a comment at the start of a line.)
#   * Each logical line is ONE simple command. Words are separated by blanks;
#     '...' quotes literally; "..." quotes, with \" \\ \$ \` as escapes; a
#     backslash outside quotes makes the next character literal. Nothing is
#     expanded. Unquoted shell syntax ($ ` | & ; < > ( ) * ? [ {, a word
#     starting with # or ~, or a leading VAR=value) is rejected with exit 65
#     before anything runs, so that a script means the same under bash.
#   * With -x the logical line is printed as "+ <line>" before its output.
#   * The command runs with stdin from /dev/null; its stdout and stderr go to
#     the same stream in the order written. stdout is made line-buffered
#     (stdbuf -oL), stderr is unbuffered, as on a terminal.
#   * A failing command does not stop the script. A command that is not found
#     prints "NAME: command not found" and gets rc 127.
#   * Commands run in the "root" namespace of the private unshare: a fresh
#     network namespace whose lo is brought UP before the first command (a fresh
#     `unshare --net` has only lo, DOWN, no addresses, no routes; after
#     `ip link set lo up` it has 127.0.0.1/8 and ::1/128 and the three
#     127.x routes in table local). /run/netns is a private tmpfs, so
#     `ip netns` starts empty and everything vanishes when the run ends.

set -u

readonly EX_USAGE=64 EX_DATAERR=65 EX_NOTROOT=77 EX_NOUNSHARE=78
# New network namespace (the script's "root" namespace), new mount namespace
# with private propagation (for the /run/netns tmpfs and `ip netns exec`'s
# own mounts), and a new PID namespace with its own /proc: `ip link set DEV
# netns PID` resolves PID in the caller's PID namespace, so without --pid a
# script saying `netns 1` would move a device into the HOST's namespace.
readonly UNSHARE_ARGS=(--mount --net --pid --fork --mount-proc --propagation private)

die() { # die CODE MESSAGE
  printf 'kernel-run: %s\n' "$2" >&2
  exit "$1"
}

# ---------------------------------------------------------------- parsing ---

# tokenize LINE: split into the global array WORDS; on error set PARSE_ERR and
# return 1.
tokenize() {
  local s=$1 n=${#1} i=0 c word="" have=0 q
  WORDS=()
  PARSE_ERR=""
  while ((i < n)); do
    c=${s:i:1}
    case $c in
      ' ' | $'\t')
        if ((have)); then WORDS+=("$word"); word=""; have=0; fi
        ((i++))
        ;;
      "'")
        q=${s:i+1}
        if [[ $q != *"'"* ]]; then PARSE_ERR="unterminated single quote"; return 1; fi
        q=${q%%"'"*}
        word+=$q
        i=$((i + 2 + ${#q}))
        have=1
        ;;
      '"')
        ((i++))
        local closed=0
        while ((i < n)); do
          c=${s:i:1}
          if [[ $c == '"' ]]; then closed=1; ((i++)); break; fi
          if [[ $c == '\' ]] && ((i + 1 < n)); then
            local nx=${s:i+1:1}
            case $nx in
              '"' | '\' | '$' | '`') word+=$nx; ((i += 2)); continue ;;
            esac
          fi
          if [[ $c == '$' || $c == '`' ]]; then
            PARSE_ERR="unsupported expansion '$c' inside double quotes"; return 1
          fi
          word+=$c
          ((i++))
        done
        if ((!closed)); then PARSE_ERR="unterminated double quote"; return 1; fi
        have=1
        ;;
      '\')
        if ((i + 1 >= n)); then PARSE_ERR="trailing backslash"; return 1; fi
        word+=${s:i+1:1}
        have=1
        ((i += 2))
        ;;
      '$' | '`' | '|' | '&' | ';' | '<' | '>' | '(' | ')' | '*' | '?' | '[' | '{')
        PARSE_ERR="unsupported shell syntax '$c'"
        return 1
        ;;
      '#' | '~')
        if ((!have)); then PARSE_ERR="unsupported shell syntax: word starting with '$c'"; return 1; fi
        word+=$c
        ((i++))
        ;;
      *)
        word+=$c
        have=1
        ((i++))
        ;;
    esac
  done
  if ((have)); then WORDS+=("$word"); fi
  if ((${#WORDS[@]})) && [[ ${s%%[[:blank:]]*} =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
    PARSE_ERR="unsupported shell syntax: variable assignment"
    return 1
  fi
  return 0
}

trim_blanks() { # trim_blanks STR -> REPLY
  local s=$1
  s=${s#"${s%%[![:blank:]]*}"}
  s=${s%"${s##*[![:blank:]]}"}
  REPLY=$s
}

# parse_script FILE: fill LINES (logical lines as written) and LINENOS; exit 65
# on a syntax error.
parse_script() {
  local file=$1 phys lineno=0 acc="" start=0 cont=0
  LINES=()
  LINENOS=()
  while IFS= read -r phys || [[ -n $phys ]]; do
    ((lineno++))
    if ((cont)); then
      trim_blanks "$phys"
      acc+=" $REPLY"
    else
      trim_blanks "$phys"
      [[ -z $REPLY || $REPLY == '#'* ]] && continue
      acc=$phys
      start=$lineno
    fi
    if [[ $acc == *'\' ]]; then
      acc=${acc%'\'}
      acc=${acc%"${acc##*[![:blank:]]}"}
      cont=1
      continue
    fi
    cont=0
    trim_blanks "$acc"
    [[ -n $REPLY ]] && { LINES+=("$REPLY"); LINENOS+=("$start"); }
    acc=""
  done <"$file"
  if ((cont)); then
    trim_blanks "$acc"
    [[ -n $REPLY ]] && { LINES+=("$REPLY"); LINENOS+=("$start"); }
  fi
  local k
  for k in "${!LINES[@]}"; do
    if ! tokenize "${LINES[k]}"; then
      die $EX_DATAERR "$file:${LINENOS[k]}: $PARSE_ERR: ${LINES[k]}"
    fi
  done
}

# ---------------------------------------------------------------- running ---

run_inner() { # run_inner XTRACE FILE   (already inside the private namespaces)
  local xtrace=$1 file=$2 k rc=0
  # Private /run/netns so `ip netns` sees only what the script creates.
  mkdir -p /run/netns || die $EX_NOUNSHARE "cannot create /run/netns"
  mount -t tmpfs -o mode=0755 kernel-run-netns /run/netns ||
    die $EX_NOUNSHARE "cannot mount a tmpfs on /run/netns"
  ip link set lo up || die $EX_NOUNSHARE "cannot bring lo up in the private namespace"

  parse_script "$file"
  cd / || true
  for k in "${!LINES[@]}"; do
    tokenize "${LINES[k]}"
    ((xtrace)) && printf '+ %s\n' "${LINES[k]}"
    if ! type -P -- "${WORDS[0]}" >/dev/null 2>&1; then
      printf '%s: command not found\n' "${WORDS[0]}"
      rc=127
    else
      timeout -k 5 "${CMD_TIMEOUT:-60}" stdbuf -oL -- "${WORDS[@]}" </dev/null 2>&1
      rc=$?
    fi
    [[ ${SHOW_RC:-0} == 1 ]] && printf 'rc=%d\n' "$rc"
  done
  return "$rc"
}

main() {
  local xtrace=0
  if [[ ${1:-} == --inner ]]; then
    shift
    [[ $1 == -x ]] && { xtrace=1; shift; }
    run_inner "$xtrace" "$1"
    exit $?
  fi
  while [[ ${1:-} == -* ]]; do
    case $1 in
      -x) xtrace=1; shift ;;
      --) shift; break ;;
      *) die $EX_USAGE "unknown option '$1' (usage: kernel-run.sh [-x] SCRIPT)" ;;
    esac
  done
  (($# == 1)) || die $EX_USAGE "usage: kernel-run.sh [-x] SCRIPT"
  local file=$1
  [[ -f $file && -r $file ]] || die $EX_USAGE "cannot read script '$file'"
  [[ $(id -u) == 0 ]] || die $EX_NOTROOT "must run as root (needs unshare --net); skipping"
  local tool
  for tool in unshare timeout stdbuf mount ip; do
    type -P "$tool" >/dev/null || die $EX_NOUNSHARE "required tool '$tool' not found; skipping"
  done
  parse_script "$file" # syntax errors are reported before anything runs
  local err
  if ! err=$(unshare "${UNSHARE_ARGS[@]}" true 2>&1); then
    die $EX_NOUNSHARE "unshare ${UNSHARE_ARGS[*]} failed: ${err:-unknown error}; skipping"
  fi
  # IPv4 conf/all and conf/default of every new netns are copied from init_net
  # (devconf_inherit_init_net=0): warn if this host's differ from the defaults
  # the transcripts were recorded with.
  local key want got
  for key in net.ipv4.ip_forward=0 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
    net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.all.arp_announce=0; do
    want=${key#*=}
    got=$(sysctl -n "${key%=*}" 2>/dev/null) || continue
    [[ $got == "$want" ]] || printf 'kernel-run: warning: host %s = %s (transcripts assume %s)\n' "${key%=*}" "$got" "$want" >&2
  done
  local self
  self=$(readlink -f -- "$0")
  local args=(--inner)
  ((xtrace)) && args+=(-x)
  args+=("$(readlink -f -- "$file")")
  exec timeout -k 5 "${RUN_TIMEOUT:-900}" \
    unshare "${UNSHARE_ARGS[@]}" -- "$BASH" "$self" "${args[@]}"
}

main "$@"
