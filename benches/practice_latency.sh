#!/bin/sh
# Latency of `rehearse practice`: from the end of speech to the finished
# report, streaming transcription (the default) against transcribing the
# whole answer after stopping (hidden flag --no-stream), also when the
# speaker stops with Enter right after the last word (the last stretch is
# then still to do), and the CPU used while recording. The answer is a ~2-minute clip (dev clips d01 + d04,
# concatenated with sox) played through a virtual microphone in real time.
#
#   benches/practice_latency.sh                 # tiny.en and base q8_0 if present
#   MODELS="/path/a.bin /path/b.bin" RUNS=3 MODES="stream batch" benches/practice_latency.sh
#   MODES=enter RUNS=3 benches/practice_latency.sh   # the Enter-stop latency only
#   REHEARSE_BIN=/tmp/old/rehearse benches/practice_latency.sh   # another build
#   KEEP=/tmp/logs REHEARSE_TRACE_THREADS=1 benches/practice_latency.sh  # keep each run's stderr
#
# Needs: pulseaudio pulseaudio-utils libasound2-plugins sox, a release build
# (built here if missing), the dev set (../shared/eval/dev or REHEARSE_DEV_SET).
# Figures come from the program's own `--timings` line (time counted from the
# moment recording stops, and speech end measured on the recorded audio) and,
# as a cross-check, from the wall clock outside it (paplay end -> exit).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
dev=${REHEARSE_DEV_SET:-$shared/eval/dev}
runs=${RUNS:-1}
silence=${SILENCE_STOP:-4}
modes=${MODES:-stream batch enter}
if [ -z "${MODELS:-}" ]; then
    MODELS=""
    for m in "$shared/models/ggml-tiny.en.bin" "$shared/models/ggml-base-q8_0.bin"; do
        [ -f "$m" ] && MODELS="$MODELS $m"
    done
fi
[ -n "$MODELS" ] || { echo "no models found; set MODELS" >&2; exit 1; }
for t in pulseaudio paplay sox; do
    command -v $t >/dev/null || { echo "$t is not installed" >&2; exit 1; }
done
bin=${REHEARSE_BIN:-$root/target/release/rehearse}
[ -x "$bin" ] || (cd "$root" && cargo build --release)

work=$(mktemp -d)
cleanup() {
    "$root/tests/cli/support/vmic.sh" stop "$work/pa" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

clip=$work/answer.wav
sox "$dev/audio/d01-model-rollback-full.wav" "$dev/audio/d04-model-rollback-fillers.wav" "$clip"
clip_s=$(soxi -D "$clip")
eval "$("$root/tests/cli/support/vmic.sh" start "$work/pa")"

now() { date +%s.%N; }

printf '%-18s %-7s %6s %9s %9s %9s %9s %8s %6s %10s %6s\n' \
    model mode audio_s 'stop>rep' 'end>rep' 'wall>exit' streamed cpu_s 'cpu%' 'stop>text' load
for model in $MODELS; do
    name=$(basename "$model" .bin | sed 's/^ggml-//')
    for mode in $modes; do
        flag=""
        stop=$silence
        [ $mode = batch ] && flag="--no-stream"
        [ $mode = enter ] && stop=0
        i=0
        while [ $i -lt "$runs" ]; do
            i=$((i + 1))
            home=$work/home-$name-$mode-$i
            err=$work/err-$name-$mode-$i
            fifo=$work/stdin-$name-$mode-$i
            mkfifo "$fifo"
            REHEARSE_HOME=$home REHEARSE_MODEL=$model "$bin" \
                --questions "$dev/questions" practice --question model-rollback \
                --no-voice --json --timings --silence-stop "$stop" $flag \
                <"$fifo" >"$work/out.json" 2>"$err" &
            pid=$!
            exec 3>"$fifo"
            n=0
            until grep -q "Recording from" "$err" 2>/dev/null; do
                n=$((n + 1))
                [ $n -lt 600 ] || { echo "no recording started:" >&2; cat "$err" >&2; exit 1; }
                sleep 0.1
            done
            paplay --device=micfeed "$clip"
            played=$(now)
            load=$(cut -d' ' -f1 /proc/loadavg)
            # "enter": press Enter as soon as the answer has been played.
            [ $mode = enter ] && echo >&3
            exec 3>&-
            wait $pid || { echo "rehearse failed:" >&2; cat "$err" >&2; exit 1; }
            exited=$(now)
            [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$err" "$KEEP/" && cp "$work/out.json" "$KEEP/report-$name-$mode-$i.json"
            line=$(grep '^timings:' "$err")
            get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
            # The clip ends with 0.8 s of padding after the last word.
            wall=$(awk "BEGIN { print $exited - $played + 0.8 }")
            printf '%-18s %-7s %6.1f %9.2f %9.2f %9.2f %8.1fs %6.1f %5.0f%% %10.2f %6s\n' \
                "$name" "$mode" "$(get recorded_s)" "$(get stop_to_report_s)" \
                "$(get speech_end_to_report_s)" "$wall" \
                "$(get transcribed_while_recording_s)" "$(get record_cpu_s)" "$(get record_cpu_pct)" \
                "$(get stop_to_transcript_s)" "$load"
            echo "$(get stop_to_report_s) $load" >>"$work/sum-$name-$mode"
        done
    done
done
echo
echo "median stop>rep over the runs (load average range):"
for f in "$work"/sum-*; do
    [ -f "$f" ] || continue
    key=${f##*/sum-}
    sort -n "$f" | awk -v k="$key" '
        { v[NR] = $1; l = $2 + 0; if (NR == 1 || l < lo) lo = l; if (NR == 1 || l > hi) hi = l }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "  %-26s %5.2f s  [%d runs, load %.2f-%.2f]\n", k, m, NR, lo, hi }'
done
echo
echo "clip: ${clip_s} s (d01 + d04), silence-stop ${silence} s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "modes: stream = transcribe while recording, stop on silence; batch = --no-stream, stop on"
echo "silence; enter = transcribe while recording, Enter pressed as soon as the clip has played."
echo "stop>rep: recording stopped -> report printed; end>rep: last speech -> report (includes the"
echo "silence-stop wait); wall>exit: paplay finished -> process exit, minus the clip's 0.8 s end pad;"
echo "streamed: audio transcribed before recording stopped; cpu: user+sys of the whole process while recording."
echo "stop>text: recording stopped -> transcript (stop>rep less the analysis); load: 1-minute load average"
echo "when the clip finished playing (figures taken above ~0.5 are not the idle figures the targets are for)."
echo "targets (idle 2-core machine): enter stop>rep <= 1.0 s with tiny.en, <= 2 s with base."
