#!/usr/bin/env bash
# Resharding benchmark (issue 10): redis-cli --cluster reshard (default pipeline and
# --cluster-pipeline 1000) against redis-ops reshard (1, 2 and 4 streams, when the binary knows
# the command), each on a FRESH 3-master cluster (no replicas, no persistence) seeded with the
# same keys of 100 bytes, moving the same number of slots to the second master from the first
# (--sources 1: one source/target pair, MIGRATE-bound on the one source) or from the first and
# the third (--sources 2: what `--cluster-from all` does when a node is to take a share).
# After every run: zero keys lost or changed, no open slot, every node agrees on the owners.
# Not a pass/fail test of speed; it fails when a run loses keys or leaves the cluster unclean.
#
#   tests/bench/reshard_bench.sh [--keys N]... [--sources 1|2]... [--slots 4096] [--repeat R] [--build-dir build/ci]
#                                [--redis-ops PATH] [--ops-arg ARG]... [--skip-cli] [--out FILE] [--keep]
#
# --repeat R runs every tool R times, round-robin (tool after tool, then again), and reports the
# median time: on a shared machine single runs drift by 2x between minutes.
# --ops-arg appends ARG to every redis-ops run (tuning, e.g. --ops-arg --slots-in-flight
# --ops-arg 128); --skip-cli leaves redis-cli out (tuning only: the ratios need it).
# Servers are redis-server from PATH on free 127.0.0.1 ports in a temporary directory; every
# server started is stopped on exit (trap), also on Ctrl-C or a failed step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build_dir="$here/../../build/ci"
redis_ops=""
keys_list=()
sources_list=()
slots=4096
repeat=1
out=""
keep=0
ops_args=()
skip_cli=0

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys) keys_list+=("$2"); shift 2 ;;
        --sources) [[ "$2" == 1 || "$2" == 2 ]] || usage; sources_list+=("$2"); shift 2 ;;
        --slots) slots="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --build-dir) build_dir="$2"; shift 2 ;;
        --redis-ops) redis_ops="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        --ops-arg) ops_args+=("$2"); shift 2 ;;
        --skip-cli) skip_cli=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "reshard_bench: unknown option $1" >&2; usage ;;
    esac
done
[[ ${#keys_list[@]} -gt 0 ]] || keys_list=(200000 1000000)
[[ ${#sources_list[@]} -gt 0 ]] || sources_list=(1 2)
[[ -n "$redis_ops" ]] || redis_ops="$build_dir/app/cli/redis-ops"
seed_tool="$build_dir/tests/bench/bench_reshard_seed"
check_tool="$build_dir/tests/bench/bench_reshard_check"
for tool in "$seed_tool" "$check_tool"; do
    [[ -x "$tool" ]] || { echo "reshard_bench: $tool not built (cmake --build $build_dir --target $(basename "$tool"))" >&2; exit 2; }
done
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { echo "reshard_bench: redis-server / redis-cli not on PATH" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/reshard-bench.XXXXXX")"
pids=()

stop_servers() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_servers
    if [[ $keep -eq 1 ]]; then echo "reshard_bench: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
die() { echo "reshard_bench: $*" >&2; exit 1; }

# Polls until "$@" succeeds, at most $1 seconds (a bench script, not a test: polling is fine).
wait_for() {
    local limit="$1"; shift
    local deadline=$(( $(date +%s) + limit ))
    until "$@" >/dev/null 2>&1; do
        [[ $(date +%s) -lt $deadline ]] || return 1
        sleep 0.1
    done
}
cluster_ok() { local p; for p in "${ports[@]}"; do redis-cli -h 127.0.0.1 -p "$p" cluster info | grep -q '^cluster_state:ok' || return 1; done; }

# Starts 3 empty masters on free ports and creates the cluster; sets ports[] and ids[].
start_cluster() {
    local dir="$1" i p bus
    mapfile -t free < <("$check_tool" ports 6)
    [[ ${#free[@]} -eq 6 ]] || die "no free ports"
    ports=("${free[@]:0:3}")
    for i in 0 1 2; do
        p="${ports[$i]}"; bus="${free[$((i + 3))]}"
        mkdir -p "$dir/n$p"
        cat > "$dir/n$p/redis.conf" <<EOF
bind 127.0.0.1
port $p
dir $dir/n$p
cluster-enabled yes
cluster-config-file nodes.conf
cluster-port $bus
cluster-node-timeout 5000
appendonly no
save ""
daemonize no
logfile $dir/n$p/redis.log
EOF
        redis-server "$dir/n$p/redis.conf" >/dev/null 2>&1 &
        pids+=($!)
    done
    for p in "${ports[@]}"; do wait_for 10 redis-cli -h 127.0.0.1 -p "$p" ping || die "redis-server on $p did not start ($dir/n$p/redis.log)"; done
    redis-cli --cluster create "127.0.0.1:${ports[0]}" "127.0.0.1:${ports[1]}" "127.0.0.1:${ports[2]}" \
        --cluster-replicas 0 --cluster-yes > "$dir/create.log" 2>&1 || die "cluster create failed ($dir/create.log)"
    wait_for 30 cluster_ok || die "cluster not ok after create"
    ids=()
    for p in "${ports[@]}"; do ids+=("$(redis-cli -h 127.0.0.1 -p "$p" cluster myid)"); done
}

results="$work/results.tsv"
: > "$results"

# run <keys> <label> <command...>: fresh cluster, seed, the command timed, then verification.
run() {
    local keys="$1" label="$2"; shift 2
    local dir="$work/run$(( $(wc -l < "$results") + 1 ))"
    mkdir -p "$dir"
    start_cluster "$dir"
    "$seed_tool" --cluster "127.0.0.1:${ports[0]}" --keys "$keys" > "$dir/seed.log" 2>&1 || die "seeding failed ($dir/seed.log)"
    "$check_tool" verify --cluster "127.0.0.1:${ports[0]}" --keys "$keys" > "$dir/before.json" || die "seeded cluster not clean: $(cat "$dir/before.json")"
    "$check_tool" map --cluster "127.0.0.1:${ports[0]}" --out "$dir/before.map" || die "slot map failed"
    local cmd=() arg from="${ids[0]}"
    [[ $sources -eq 1 ]] || from="${ids[0]},${ids[2]}"
    for arg in "$@"; do   # placeholders: the cluster's seed, source(s) and target ids, the run's dir
        if [[ "$arg" == "@OPSFROM@" ]]; then   # redis-ops: --from per source
            cmd+=(--from "${ids[0]}"); [[ $sources -eq 1 ]] || cmd+=(--from "${ids[2]}")
            continue
        fi
        arg="${arg//@SEED@/127.0.0.1:${ports[0]}}"; arg="${arg//@FROM@/$from}"
        arg="${arg//@TO@/${ids[1]}}"; arg="${arg//@DIR@/$dir}"
        cmd+=("$arg")
    done
    echo "== $keys keys, $label: ${cmd[*]}" >&2
    local t0 t1 rc=0
    t0=$(now)
    "${cmd[@]}" > "$dir/tool.log" 2>&1 || rc=$?
    t1=$(now)
    local check rc_check=0
    check="$("$check_tool" verify --cluster "127.0.0.1:${ports[0]}" --keys "$keys" --before "$dir/before.map")" || rc_check=$?
    stop_servers
    local seconds moved verified
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    moved=$(jq -r '.moved_keys' <<< "$check")
    verified=$([[ $rc -eq 0 && $rc_check -eq 0 ]] && echo yes || echo "NO (exit $rc; $check)")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$keys from $sources" "$label" "$moved" "$(jq -r '.moved_slots' <<< "$check")" "$seconds" "$verified" >> "$results"
    echo "   moved $moved keys in $seconds s; verified: $verified" >&2
    [[ $rc -eq 0 ]] || { echo "   tool output (tail):" >&2; tail -5 "$dir/tool.log" >&2; }
}

has_reshard=0; has_streams=0
if [[ -x "$redis_ops" ]] && "$redis_ops" reshard --help >/dev/null 2>&1; then
    has_reshard=1
    "$redis_ops" reshard --help 2>&1 | grep -q -- '--streams' && has_streams=1
fi

context="reshard benchmark: redis-server $(redis-server --version | awk '{print $3}'), $(nproc) cores, load at start $(cut -d' ' -f1-3 /proc/loadavg)
moving $slots slots to the second master from the first (from 1) or the first and third (from 2); keys of 100 bytes; fresh cluster per run; $repeat round(s)"
{
    echo "$context"
    [[ $has_reshard -eq 1 ]] || echo "redis-ops at $redis_ops does not know 'reshard' yet: redis-cli only"
} >&2

for keys in "${keys_list[@]}"; do
 for sources in "${sources_list[@]}"; do
  for ((round = 1; round <= repeat; ++round)); do
    if [[ $skip_cli -eq 0 ]]; then
    run "$keys" "redis-cli default" redis-cli --cluster reshard @SEED@ --cluster-from @FROM@ --cluster-to @TO@ \
        --cluster-slots "$slots" --cluster-yes
    run "$keys" "redis-cli pipeline 1000" redis-cli --cluster reshard @SEED@ --cluster-from @FROM@ --cluster-to @TO@ \
        --cluster-slots "$slots" --cluster-yes --cluster-pipeline 1000
    fi
    if [[ $has_reshard -eq 1 ]]; then
        run "$keys" "redis-ops (4 streams)" "$redis_ops" --data-dir @DIR@/ops reshard --cluster @SEED@ @OPSFROM@ --to @TO@ \
            --slots "$slots" --yes --json "${ops_args[@]}"
        if [[ $has_streams -eq 1 ]]; then
            for streams in 1 2; do
                run "$keys" "redis-ops $streams streams" "$redis_ops" --data-dir @DIR@/ops reshard --cluster @SEED@ \
                    @OPSFROM@ --to @TO@ --slots "$slots" --streams "$streams" --yes --json "${ops_args[@]}"
            done
        fi
    fi
  done
 done
done

# One row per (data set, tool): the median time of its runs, its range, all runs verified or not.
summary="$work/summary.tsv"
: > "$summary"
while IFS=$'\t' read -r keys label; do
    runs="$(awk -F'\t' -v k="$keys" -v l="$label" '$1 == k && $2 == l' "$results")"
    times="$(cut -f5 <<< "$runs" | sort -n)"
    count=$(wc -l <<< "$times")
    median=$(sed -n "$(( (count + 1) / 2 ))p" <<< "$times")
    range="$(head -1 <<< "$times")-$(tail -1 <<< "$times")"
    bad="$(cut -f6 <<< "$runs" | grep -v '^yes$' | head -1 || true)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$keys" "$label" "$(head -1 <<< "$runs" | cut -f3)" "$(head -1 <<< "$runs" | cut -f4)" \
        "$median" "$count:$range" "${bad:-yes}" >> "$summary"
done < <(cut -f1,2 "$results" | awk '!seen[$0]++')

# The table: keys/s and ratios against both redis-cli settings of the same data set.
table="$(awk -F'\t' '
    { keys[NR] = $1; label[NR] = $2; moved[NR] = $3; slotsMoved[NR] = $4; secs[NR] = $5; runs[NR] = $6; ok[NR] = $7
      rate[NR] = ($5 > 0) ? $3 / $5 : 0
      if ($2 == "redis-cli default") base[$1] = rate[NR]
      if ($2 == "redis-cli pipeline 1000") best[$1] = rate[NR] }
    END {
      printf "%-16s %-24s %11s %6s %9s %10s %9s %9s  %-18s %s\n", "keys", "tool", "moved keys", "slots", "seconds", "keys/s",
             "vs cli", "vs p1000", "runs:range s", "verified"
      for (i = 1; i <= NR; ++i)
        printf "%-16s %-24s %11s %6s %9s %10.0f %8.2fx %8.2fx  %-18s %s\n", keys[i], label[i], moved[i], slotsMoved[i], secs[i],
               rate[i], base[keys[i]] ? rate[i] / base[keys[i]] : 0, best[keys[i]] ? rate[i] / best[keys[i]] : 0, runs[i], ok[i]
    }' "$summary")"
table="$context, load at end $(cut -d' ' -f1-3 /proc/loadavg)
$table"
echo "$table"
[[ -z "$out" ]] || echo "$table" > "$out"
! grep -qv $'\tyes$' "$results"
