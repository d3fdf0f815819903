#!/usr/bin/env bash
# rehearse against the real whisper-cli: whole-process wall time on one clip,
# same model, N interleaved runs each, median; prints a table and the ratios
# rehearse / whisper-cli (target: <= 1.05 like-for-like, <= 1.0 defaults).
#
#   WHISPER_CLI=/path/to/whisper-cli benches/whisper_cli_compare.sh
#   REHEARSE_BENCH_RUNS=5 REHEARSE_BENCH_THREADS="1 2" benches/whisper_cli_compare.sh
#
# whisper-cli is not part of this repository and nothing of whisper.cpp is
# committed. Build the newest release beside the project, e.g.
#
#   git clone --depth 1 --branch v1.9.3 https://github.com/ggml-org/whisper.cpp ../whisper.cpp
#   (cd ../whisper.cpp && cmake -B build -DCMAKE_BUILD_TYPE=Release &&
#    cmake --build build -j2 --target whisper-cli)
#
# then run this script (it looks for ../whisper.cpp/build/bin/whisper-cli and
# target/whisper.cpp*/build/bin/whisper-cli when WHISPER_CLI is not set).
#
# Settings (environment):
#   WHISPER_CLI             the whisper-cli binary
#   REHEARSE_MODEL          ggml model (default ../shared/models/ggml-tiny.en.bin)
#   REHEARSE_BENCH_CLIP     16 kHz mono WAV (default the 63 s dev clip d09)
#   REHEARSE_BENCH_RUNS     runs per tool and row (default 3)
#   REHEARSE_BENCH_THREADS  thread counts for the like-for-like rows (default "1 2")
#   REHEARSE_BENCH_ROWS     which rows: any of "nfa fa defaults" (default all)
#
# Rows:
#   like-for-like, flash attention off / on: both greedy (whisper-cli -bs 1
#     -bo 1), the same threads, language en, the same initial prompt (rehearse's
#     FILLER_PROMPT), token timestamps on (whisper-cli -ojf; with flash attention off also DTW word
#     times, -dtw NAME, as rehearse has them), suppress
#     non-speech tokens (-sns), temperature fallback +0.2. rehearse's flash
#     attention: REHEARSE_FLASH_ATTN=1 / 0.
#   defaults: `rehearse transcribe CLIP` against `whisper-cli -m MODEL -f CLIP`
#     (its defaults: min(4, cores) threads, beam search 5, flash attention on,
#     no prompt), -np and no output file only.
# Each timing is the whole process (/usr/bin/time): start, model load, WAV
# read, whisper_full, printing; rehearse also runs its energy VAD and word
# assembly. Runs of the two tools alternate so a change in load hits both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$ROOT/../shared

MODEL=${REHEARSE_MODEL:-$SHARED/models/ggml-tiny.en.bin}
CLIP=${REHEARSE_BENCH_CLIP:-$SHARED/eval/dev/audio/d09-explain-to-executives-full.wav}
RUNS=${REHEARSE_BENCH_RUNS:-3}
THREADS=${REHEARSE_BENCH_THREADS:-1 2}
THREADS=${THREADS//,/ }
ROWS=${REHEARSE_BENCH_ROWS:-nfa fa defaults}

[ -f "$MODEL" ] || { echo "skipped: no Whisper model at $MODEL (set REHEARSE_MODEL)"; exit 0; }
[ -f "$CLIP" ] || { echo "skipped: no clip at $CLIP (set REHEARSE_BENCH_CLIP)"; exit 0; }
CLI=${WHISPER_CLI:-}
if [ -z "$CLI" ]; then
  for c in ../whisper.cpp/build/bin/whisper-cli target/whisper.cpp*/build/bin/whisper-cli; do
    [ -x "$c" ] && CLI=$c
  done
fi
if [ -z "$CLI" ] || [ ! -x "$CLI" ]; then
  echo "skipped: no whisper-cli; build one (see the top of $0) and set WHISPER_CLI"
  exit 0
fi
[ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time is missing (apt-get install time)"; exit 0; }

PROMPT=$(sed -n 's/^pub const FILLER_PROMPT: &str = "\(.*\)";$/\1/p' src/transcribe/whisper.rs)
[ -n "$PROMPT" ] || { echo "error: cannot read FILLER_PROMPT from src/transcribe/whisper.rs" >&2; exit 1; }

cargo build --release --quiet --bin rehearse
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp target/release/rehearse "$WORK/rehearse"
CLI_VER=$("$CLI" --version 2>&1 | head -1 || true)
OURS=$(awk '/^name = "whisper-rs-sys"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
AUDIO_S=$(soxi -D "$CLIP" 2>/dev/null || python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())" "$CLIP")

echo "whisper_cli_compare, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model $(basename "$MODEL"); clip $(basename "$CLIP") (${AUDIO_S%.*} s); $RUNS interleaved runs per tool and row; median wall time"
OURS_WCPP=$(sed -n 's/^project("whisper.cpp" VERSION \(.*\))$/\1/p' "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/whisper-rs-sys-"$OURS"/whisper.cpp/CMakeLists.txt 2>/dev/null | head -1)
echo "rehearse: whisper-rs-sys $OURS (whisper.cpp ${OURS_WCPP:-?})"
echo "whisper-cli: $CLI ($CLI_VER)"

# run NAME CMD...: one timed run; appends "wall_s cpu_s" to $WORK/NAME.times
run() {
  local name=$1; shift
  if ! /usr/bin/time -f '%e %U %S' -o "$WORK/t" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    echo "error: $name failed:" >&2; tail -5 "$WORK/$name.err" >&2; exit 1
  fi
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/t" >>"$WORK/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
words() { sed 's/^\[[^]]*\]//' | tr 'A-Z' 'a-z' | tr -c "a-z0-9'\n" ' ' | tr -s ' ' '\n' | grep -cv '^$' || true; }

# whisper-cli's words: its stdout, or (with -dtw it prints nothing) its JSON.
cli_words() {
  if [ -s "$WORK/c.out" ] || [ ! -f "$WORK/cli.json" ]; then
    words <"$WORK/c.out"
  else
    python3 -c 'import json,sys; print(len(" ".join(s["text"] for s in json.load(open(sys.argv[1]))["transcription"]).split()))' "$WORK/cli.json"
  fi
}

TABLE=$WORK/table
printf '| row | threads | rehearse | whisper-cli | rehearse ÷ whisper-cli | CPU ratio | words (r / cli) |\n|---|---|---|---|---|---|---|\n' >"$TABLE"
# pair LABEL THREADS-LABEL -- REHEARSE-CMD... -- CLI-CMD...
pair() {
  local label=$1 tl=$2; shift 3
  local r=() c=()
  while [ "$1" != -- ]; do r+=("$1"); shift; done
  shift
  c=("$@")
  rm -f "$WORK"/r.times "$WORK"/c.times "$WORK"/cli.json
  for ((i = 1; i <= RUNS; i++)); do
    run r "${r[@]}"
    run c "${c[@]}"
  done
  local rm cm rc cc
  rm=$(cut -d' ' -f1 "$WORK/r.times" | median); cm=$(cut -d' ' -f1 "$WORK/c.times" | median)
  rc=$(cut -d' ' -f2 "$WORK/r.times" | median); cc=$(cut -d' ' -f2 "$WORK/c.times" | median)
  printf '| %s | %s | %.2f s [%s] | %.2f s [%s] | **%.2f** | %.2f | %s / %s |\n' "$label" "$tl" \
    "$rm" "$(cut -d' ' -f1 "$WORK/r.times" | paste -sd' ')" \
    "$cm" "$(cut -d' ' -f1 "$WORK/c.times" | paste -sd' ')" \
    "$(awk -v a="$rm" -v b="$cm" 'BEGIN {print a / b}')" "$(awk -v a="$rc" -v b="$cc" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
    "$(words <"$WORK/r.out")" "$(cli_words)" >>"$TABLE"
  echo "  done: $label, $tl threads (load $(cut -d' ' -f1 /proc/loadavg))" >&2
}

# rehearse aligns word times with whisper.cpp's DTW for the released models
# (flash attention off, REHEARSE_DTW unset): whisper-cli does the same work
# with -dtw and the model's preset name (WHISPER_CLI_DTW overrides it).
DTW_NAME=${WHISPER_CLI_DTW:-$(basename "$MODEL" .bin | sed 's/^ggml-//; s/-q[0-9]_[0-9a-z]*$//')}
DTW=()
[ "${REHEARSE_DTW:-1}" = 0 ] || DTW=(-dtw "$DTW_NAME")
echo "like-for-like with flash attention off: whisper-cli ${DTW[*]:-without DTW} (rehearse REHEARSE_DTW=${REHEARSE_DTW:-1})"
R=(env REHEARSE_MODEL="$MODEL" "$WORK/rehearse" --quiet)
C=("$CLI" -m "$MODEL" -f "$CLIP" -np)
for row in $ROWS; do
  case $row in
    nfa | fa)
      fa=$([ "$row" = fa ] && echo 1 || echo 0)
      cfa=$([ "$row" = fa ] && echo -fa || echo -nfa)
      dtw=()
      [ "$row" = fa ] || dtw=("${DTW[@]}")
      for t in $THREADS; do
        pair "greedy, flash attn $([ "$row" = fa ] && echo on || echo off)" "$t" -- \
          env REHEARSE_FLASH_ATTN=$fa "${R[@]}" --threads "$t" transcribe "$CLIP" -- \
          "${C[@]}" -t "$t" -bs 1 -bo 1 -l en -sns -ojf -of "$WORK/cli" --prompt "$PROMPT" "$cfa" "${dtw[@]}"
      done
      ;;
    defaults)
      pair "defaults vs defaults" "auto / $(nproc | awk '{print ($1 < 4 ? $1 : 4)}')" -- \
        "${R[@]}" transcribe "$CLIP" -- "${C[@]}"
      ;;
    *) echo "unknown row $row (nfa, fa, defaults)" >&2; exit 2 ;;
  esac
done
echo
cat "$TABLE"
echo
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg). Ratio < 1: rehearse is faster. [runs] in run order."
echo "rehearse defaults: threads from the free cores (src/transcribe/threads.rs), greedy, flash attention as"
echo "REHEARSE_FLASH_ATTN (unset: rehearse's default), its filler prompt; whisper-cli defaults: beam 5, flash attention on."
