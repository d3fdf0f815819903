#!/usr/bin/env bash
# Does the thread policy (src/transcribe/threads.rs) pick well? Times
# `rehearse transcribe` on one clip with the automatic thread count and with
# --threads 1 and 2, runs interleaved, on the machine as it is and again while
# N busy loops (`yes > /dev/null`) each keep a core busy; prints the median wall
# times and the thread count the policy chose.
#
#   benches/threads_policy.sh                     # 3 runs, 0 and 1 busy loops
#   RUNS=5 BUSY="0 1 2" benches/threads_policy.sh
#
# Settings: REHEARSE_MODEL (default ../shared/models/ggml-tiny.en.bin),
# REHEARSE_BENCH_CLIP (default the 63 s dev clip d09), RUNS, BUSY.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${REHEARSE_MODEL:-../shared/models/ggml-tiny.en.bin}
CLIP=${REHEARSE_BENCH_CLIP:-../shared/eval/dev/audio/d09-explain-to-executives-full.wav}
RUNS=${RUNS:-3}
BUSY=${BUSY:-0 1}
[ -f "$MODEL" ] || { echo "skipped: no Whisper model at $MODEL (set REHEARSE_MODEL)"; exit 0; }
[ -f "$CLIP" ] || { echo "skipped: no clip at $CLIP (set REHEARSE_BENCH_CLIP)"; exit 0; }
cargo build --release --quiet --bin rehearse
WORK=$(mktemp -d)
PIDS=()
stop_busy() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop_busy; rm -rf "$WORK"' EXIT INT TERM
cp target/release/rehearse "$WORK/rehearse"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "threads_policy, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model $(basename "$MODEL"); clip $(basename "$CLIP"); $RUNS interleaved runs; wall time, median [runs]"
echo
echo "| busy loops | auto (threads chosen) | --threads 1 | --threads 2 | auto ÷ best fixed |"
echo "|---|---|---|---|---|"
for b in $BUSY; do
  for ((k = 0; k < b; k++)); do yes >/dev/null & PIDS+=($!); done
  sleep 1
  rm -f "$WORK"/*.times "$WORK/chosen"
  for ((i = 1; i <= RUNS; i++)); do
    for mode in auto 1 2; do
      args=()
      [ "$mode" = auto ] || args=(--threads "$mode")
      s=$(date +%s.%N)
      env -u REHEARSE_THREADS REHEARSE_TRACE_THREADS=1 REHEARSE_MODEL="$MODEL" \
        "$WORK/rehearse" --quiet transcribe "${args[@]}" "$CLIP" >/dev/null 2>"$WORK/err"
      e=$(date +%s.%N)
      awk -v s="$s" -v e="$e" 'BEGIN {printf "%.2f\n", e - s}' >>"$WORK/$mode.times"
      [ "$mode" = auto ] && sed -n 's/^whisper: \([0-9]*\) thread.*/\1/p' "$WORK/err" >>"$WORK/chosen"
    done
  done
  stop_busy
  a=$(median <"$WORK/auto.times"); t1=$(median <"$WORK/1.times"); t2=$(median <"$WORK/2.times")
  printf '| %s | %.2f s [%s] (%s) | %.2f s [%s] | %.2f s [%s] | %.2f |\n' "$b" \
    "$a" "$(paste -sd' ' "$WORK/auto.times")" "$(sort -n "$WORK/chosen" | uniq -c | awk '{printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2}')" \
    "$t1" "$(paste -sd' ' "$WORK/1.times")" "$t2" "$(paste -sd' ' "$WORK/2.times")" \
    "$(awk -v a="$a" -v x="$t1" -v y="$t2" 'BEGIN {m = (x < y ? x : y); print a / m}')"
done
echo
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg). (k×n): k runs chose n threads."
