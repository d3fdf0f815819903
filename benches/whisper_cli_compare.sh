#!/usr/bin/env bash
# Does our whisper wrapper add anything? Times one clip through whisper.cpp
# driven from C++ and through `rehearse transcribe`, same model, same threads,
# same decoding settings, N interleaved runs each, and prints median wall times,
# peak memory and the ratio rehearse / whisper.cpp (target <= 1.1).
#
#   benches/whisper_cli_compare.sh                 # tiny.en, 3 runs, threads 1 and 2
#   REHEARSE_BENCH_RUNS=5 REHEARSE_BENCH_THREADS="1 2 3 4" benches/whisper_cli_compare.sh
#   REHEARSE_MODEL=../shared/models/ggml-base-q8_0.bin benches/whisper_cli_compare.sh
#
# Settings (environment):
#   REHEARSE_MODEL          ggml model (default ../shared/models/ggml-tiny.en.bin,
#                           the shared folder beside the checkout)
#   REHEARSE_BENCH_CLIP     16 kHz mono 16-bit WAV (default the 62 s dev clip d04)
#   REHEARSE_BENCH_RUNS     runs per tool and thread count (default 3)
#   REHEARSE_BENCH_THREADS  thread counts, space or comma separated (default "1 2")
#   REHEARSE_WHISPER_PROMPT initial prompt for both (default: FILLER_PROMPT read
#                           from src/transcribe/whisper.rs, as rehearse uses it)
#   WHISPER_CLI             a whisper-cli binary to time as well (see below)
#
# The whisper.cpp side. whisper-rs-sys vendors whisper.cpp's library sources
# (src/, include/, ggml/) but not its examples/, so whisper-cli itself cannot
# be built from them. This script therefore builds, from exactly those vendored
# sources and with the CMake settings whisper-rs-sys's build.rs uses, the
# whisper library plus `whisper-ref`: a ~100-line C++ driver (below) that does
# what whisper-cli does for one file: whisper_init_from_file_with_params with
# whisper-cli's context defaults, read the WAV, whisper_full with the
# parameters built the way cli.cpp builds them from the flags
# `-t N -bo 1 -bs 1 -l en -sns --prompt P -ojf` (token timestamps on, as
# `-ojf` turns them on), print the segments. It is cached in target/whisper-cli/.
# If target/whisper-cli/whisper-cli exists, or WHISPER_CLI names a binary, the
# real whisper-cli is timed too with those flags (built from the matching
# whisper.cpp release with the same CMake settings; this script does not build it).
#
# Flash attention: whisper.cpp 1.8 turns it on by default (whisper-cli too),
# whisper-rs's WhisperContextParameters::default() turns it off, and rehearse
# uses that default. Both settings are timed: `-nfa` (off, like rehearse: the
# like-for-like ratio) and the default (on).
#
# What each timing includes (whole processes, wall clock, /usr/bin/time):
#   whisper-ref / whisper-cli: process start, model load and state allocation,
#     WAV read, whisper_full (mel, encoder, decoder), printing the segments.
#   rehearse transcribe: process start, WAV read (hound), model load and state
#     allocation, energy VAD, whisper_full, token -> word assembly, printing.
# For the in-process split (load vs transcription vs analysis) run
# `cargo bench --bench transcribe`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$ROOT/../shared

MODEL=${REHEARSE_MODEL:-$SHARED/models/ggml-tiny.en.bin}
CLIP=${REHEARSE_BENCH_CLIP:-$SHARED/eval/dev/audio/d04-model-rollback-fillers.wav}
RUNS=${REHEARSE_BENCH_RUNS:-3}
THREADS=${REHEARSE_BENCH_THREADS:-1 2}
THREADS=${THREADS//,/ }
CACHE=$ROOT/target/whisper-cli

[ -f "$MODEL" ] || { echo "skipped: no Whisper model at $MODEL (set REHEARSE_MODEL)"; exit 0; }
[ -f "$CLIP" ] || { echo "skipped: no clip at $CLIP (set REHEARSE_BENCH_CLIP)"; exit 0; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
  fi
  [ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time is missing (apt-get install time)"; exit 0; }
fi
for tool in cmake c++ python3; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is missing"; exit 0; }
done

if [ -n "${REHEARSE_WHISPER_PROMPT+x}" ]; then
  PROMPT=$REHEARSE_WHISPER_PROMPT
else
  PROMPT=$(sed -n 's/^pub const FILLER_PROMPT: &str = "\(.*\)";$/\1/p' src/transcribe/whisper.rs)
  [ -n "$PROMPT" ] || { echo "error: cannot read FILLER_PROMPT from src/transcribe/whisper.rs" >&2; exit 1; }
fi

# ---- the vendored whisper.cpp sources -------------------------------------
SYS_VER=$(awk '/^name = "whisper-rs-sys"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$SYS_VER" ] || { echo "error: whisper-rs-sys not in Cargo.lock" >&2; exit 1; }
SRC=""
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/whisper-rs-sys-"$SYS_VER"/whisper.cpp \
         target/release/build/whisper-rs-sys-*/out/whisper.cpp; do
  if [ -f "$d/CMakeLists.txt" ] && [ -f "$d/include/whisper.h" ]; then SRC=$d; break; fi
done
if [ -z "$SRC" ]; then
  cargo fetch --quiet || true
  for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/whisper-rs-sys-"$SYS_VER"/whisper.cpp; do
    [ -f "$d/CMakeLists.txt" ] && SRC=$d && break
  done
fi
[ -n "$SRC" ] || { echo "skipped: cannot find whisper-rs-sys $SYS_VER's whisper.cpp sources" >&2; exit 0; }
WCPP_VER=$(sed -n 's/^project("whisper.cpp" VERSION \(.*\))$/\1/p' "$SRC/CMakeLists.txt")

# The flags whisper-rs-sys's build.rs gives CMake (through the cmake crate,
# which also adds these C/C++ flags on x86_64 Linux); GGML_NATIVE stays at its
# default ON, so ggml-cpu is compiled with -march=native after them.
CFLAGS_RS="-ffunction-sections -fdata-sections -fPIC"
[ "$(uname -m)" = x86_64 ] && CFLAGS_RS="$CFLAGS_RS -m64 -march=x86-64"
CFLAGS_RS="$CFLAGS_RS -w"
CMAKE_ARGS=(
  -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DWHISPER_ALL_WARNINGS=OFF -DWHISPER_ALL_WARNINGS_3RD_PARTY=OFF
  -DWHISPER_BUILD_TESTS=OFF -DWHISPER_BUILD_EXAMPLES=OFF
  -DGGML_METAL=OFF -DGGML_OPENMP=OFF -DGGML_NATIVE=ON
  "-DCMAKE_C_FLAGS=$CFLAGS_RS" "-DCMAKE_CXX_FLAGS=$CFLAGS_RS"
)
STAMP="whisper.cpp $WCPP_VER from whisper-rs-sys $SYS_VER; ${CMAKE_ARGS[*]}; driver v1"
REF=$CACHE/whisper-ref

if [ ! -x "$REF" ] || [ "$(cat "$CACHE/whisper-ref.stamp" 2>/dev/null)" != "$STAMP" ]; then
  echo "building whisper-ref from $SRC (whisper.cpp $WCPP_VER; a few minutes once, then cached)"
  BUILD=$(mktemp -d)
  trap 'rm -rf "$BUILD"' EXIT
  cp -r "$SRC" "$BUILD/whisper.cpp"
  cat >"$BUILD/whisper-ref.cpp" <<'CPP'
// whisper-ref: the whisper.cpp C API driven the way whisper-cli drives it for
// one 16 kHz mono 16-bit WAV. Flags as whisper-cli's:
//   -m MODEL -f WAV -t N -bo N -bs N -l LANG --prompt P -sns -nfa -ng -ojf
// -ojf only turns token timestamps on (no file is written).
#include "whisper.h"
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

static void cb_log_disable(enum ggml_log_level, const char *, void *) {}

static bool read_wav16(const std::string & path, std::vector<float> & out) {
    std::ifstream f(path, std::ios::binary);
    std::vector<char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (b.size() < 12 || memcmp(b.data(), "RIFF", 4) || memcmp(b.data() + 8, "WAVE", 4)) return false;
    size_t p = 12;
    uint16_t fmt = 0, ch = 0, bits = 0;
    uint32_t rate = 0;
    while (p + 8 <= b.size()) {
        uint32_t len;
        memcpy(&len, b.data() + p + 4, 4);
        const char * id = b.data() + p;
        p += 8;
        if (!memcmp(id, "fmt ", 4) && len >= 16 && p + 16 <= b.size()) {
            memcpy(&fmt, b.data() + p, 2);
            memcpy(&ch, b.data() + p + 2, 2);
            memcpy(&rate, b.data() + p + 4, 4);
            memcpy(&bits, b.data() + p + 14, 2);
        } else if (!memcmp(id, "data", 4)) {
            if (fmt != 1 || ch != 1 || bits != 16 || rate != WHISPER_SAMPLE_RATE) return false;
            size_t n = std::min<size_t>(len, b.size() - p) / 2;
            out.resize(n);
            for (size_t i = 0; i < n; i++) {
                int16_t s;
                memcpy(&s, b.data() + p + 2 * i, 2);
                out[i] = float(s) / 32768.0f;
            }
            return true;
        }
        p += len + (len & 1);
    }
    return false;
}

int main(int argc, char ** argv) {
    std::string model, wav, lang = "en", prompt;
    int threads = std::min(4, (int) std::thread::hardware_concurrency());
    int best_of = whisper_full_default_params(WHISPER_SAMPLING_GREEDY).greedy.best_of;
    int beam_size = whisper_full_default_params(WHISPER_SAMPLING_BEAM_SEARCH).beam_search.beam_size;
    bool sns = false, fa = true, gpu = true, tt = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { fprintf(stderr, "missing value for %s\n", a.c_str()); exit(2); }
            return argv[++i];
        };
        if (a == "-m") model = next();
        else if (a == "-f") wav = next();
        else if (a == "-t") threads = atoi(next().c_str());
        else if (a == "-bo") best_of = atoi(next().c_str());
        else if (a == "-bs") beam_size = atoi(next().c_str());
        else if (a == "-l") lang = next();
        else if (a == "--prompt") prompt = next();
        else if (a == "-sns") sns = true;
        else if (a == "-nfa") fa = false;
        else if (a == "-ng") gpu = false;
        else if (a == "-ojf") tt = true;
        else { fprintf(stderr, "unknown flag %s\n", a.c_str()); return 2; }
    }
    whisper_log_set(cb_log_disable, nullptr);
    auto t0 = std::chrono::steady_clock::now();
    whisper_context_params cparams = whisper_context_default_params();
    cparams.use_gpu = gpu;
    cparams.flash_attn = fa;
    whisper_context * ctx = whisper_init_from_file_with_params(model.c_str(), cparams);
    if (!ctx) { fprintf(stderr, "cannot load %s\n", model.c_str()); return 1; }
    auto t1 = std::chrono::steady_clock::now();
    std::vector<float> pcm;
    if (!read_wav16(wav, pcm)) { fprintf(stderr, "%s: need 16 kHz mono 16-bit PCM\n", wav.c_str()); return 1; }
    auto t2 = std::chrono::steady_clock::now();
    // As cli.cpp builds whisper_full_params from its flags (whisper.cpp 1.8).
    whisper_full_params w = whisper_full_default_params(WHISPER_SAMPLING_GREEDY);
    w.strategy = beam_size > 1 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY;
    w.print_realtime = false;
    w.print_progress = false;
    w.print_timestamps = true;
    w.print_special = false;
    w.translate = false;
    w.language = lang.c_str();
    w.detect_language = false;
    w.n_threads = threads;
    w.token_timestamps = tt;
    w.thold_pt = 0.01f;
    w.max_len = 0;
    w.initial_prompt = prompt.c_str();
    w.greedy.best_of = best_of;
    w.beam_search.beam_size = beam_size;
    w.temperature_inc = 0.2f;
    w.temperature = 0.0f;
    w.entropy_thold = 2.40f;
    w.logprob_thold = -1.00f;
    w.no_speech_thold = 0.6f;
    w.no_timestamps = false;
    w.suppress_nst = sns;
    if (whisper_full(ctx, w, pcm.data(), (int) pcm.size()) != 0) { fprintf(stderr, "whisper_full failed\n"); return 1; }
    auto t3 = std::chrono::steady_clock::now();
    for (int i = 0; i < whisper_full_n_segments(ctx); i++) {
        printf("[%lld --> %lld] %s\n", (long long) whisper_full_get_segment_t0(ctx, i),
               (long long) whisper_full_get_segment_t1(ctx, i), whisper_full_get_segment_text(ctx, i));
    }
    auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    fprintf(stderr, "whisper-ref: load %.3f s, wav %.3f s, whisper_full %.3f s (%d threads, flash_attn %d)\n",
            s(t0, t1), s(t1, t2), s(t2, t3), threads, (int) fa);
    whisper_free(ctx);
    return 0;
}
CPP
  (
    cd "$BUILD"
    cmake -S whisper.cpp -B build "${CMAKE_ARGS[@]}" >build.log 2>&1
    cmake --build build --target whisper -j "$(nproc)" >>build.log 2>&1
    libs=$(find build -name 'libwhisper.a' -o -name 'libggml.a' -o -name 'libggml-cpu.a' -o -name 'libggml-base.a' | sort)
    # link order: whisper, ggml, ggml-cpu, ggml-base
    order=()
    for n in libwhisper.a libggml.a libggml-cpu.a libggml-base.a; do
      order+=("$(echo "$libs" | grep "/$n\$" | head -1)")
    done
    c++ -O2 -std=c++17 -Iwhisper.cpp/include -Iwhisper.cpp/ggml/include whisper-ref.cpp \
      "${order[@]}" -lpthread -lm -o whisper-ref >>build.log 2>&1
  ) || { echo "error: building whisper-ref failed; log:" >&2; tail -30 "$BUILD/build.log" >&2; exit 1; }
  mkdir -p "$CACHE"
  cp "$BUILD/whisper-ref" "$REF"
  echo "$STAMP" >"$CACHE/whisper-ref.stamp"
fi

CLI=${WHISPER_CLI:-}
[ -z "$CLI" ] && [ -x "$CACHE/whisper-cli" ] && CLI=$CACHE/whisper-cli

# ---- rehearse, built in release and copied so concurrent rebuilds can't swap it
cargo build --release --quiet --bin rehearse
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "${BUILD:-}"' EXIT
cp target/release/rehearse "$WORK/rehearse"

# ---- runs ------------------------------------------------------------------
AUDIO_S=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(f'{w.getnframes()/w.getframerate():.2f}')" "$CLIP")
echo "whisper_cli_compare, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model $MODEL; clip $CLIP ($AUDIO_S s); $RUNS runs per tool, interleaved"
echo "whisper.cpp $WCPP_VER (whisper-rs-sys $SYS_VER); prompt: $PROMPT"
[ -n "$CLI" ] && echo "also timing whisper-cli: $CLI"

# run NAME CMD...: one timed run; appends "wall_s peak_kB cpu_s" to $WORK/NAME.times
run() {
  local name=$1; shift
  if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/t" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    echo "error: $name failed:" >&2; tail -5 "$WORK/$name.err" >&2; exit 1
  fi
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$WORK/t" >>"$WORK/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
words() { tr 'A-Z' 'a-z' | tr -c "a-z0-9'\n" ' ' | tr -s ' ' '\n' | grep -v '^$' || true; }

for t in $THREADS; do
  rm -f "$WORK"/*.times
  COMMON=(-m "$MODEL" -f "$CLIP" -t "$t" -bo 1 -bs 1 -l en -sns -ng --prompt "$PROMPT")
  names=(ref-nfa rehearse ref-fa)
  [ -n "$CLI" ] && names+=(cli-nfa cli-fa)
  for ((i = 1; i <= RUNS; i++)); do
    run ref-nfa "$REF" "${COMMON[@]}" -ojf -nfa
    run rehearse env REHEARSE_MODEL="$MODEL" "$WORK/rehearse" --threads "$t" --quiet transcribe "$CLIP"
    run ref-fa "$REF" "${COMMON[@]}" -ojf
    if [ -n "$CLI" ]; then
      run cli-nfa "$CLI" "${COMMON[@]}" -np -ojf -of "$WORK/cli" -nfa
      run cli-fa "$CLI" "${COMMON[@]}" -np -ojf -of "$WORK/cli"
    fi
  done
  echo "threads=$t (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
  declare -A med=() cpu=()
  for n in "${names[@]}"; do
    med[$n]=$(cut -d' ' -f1 "$WORK/$n.times" | median)
    cpu[$n]=$(cut -d' ' -f3 "$WORK/$n.times" | median)
    peak=$(cut -d' ' -f2 "$WORK/$n.times" | sort -n | tail -1)
    all=$(cut -d' ' -f1 "$WORK/$n.times" | paste -sd' ')
    nw=$(sed 's/^\[[^]]*\]//' "$WORK/$n.out" | words | wc -l)
    printf '  %-9s median %7.2f s  RTF %.3f  CPU (user+sys) %7.2f s  peak RSS %4d MB  words %4d  runs [%s]\n' \
      "$n" "${med[$n]}" "$(awk -v a="${med[$n]}" -v b="$AUDIO_S" 'BEGIN {print a / b}')" \
      "${cpu[$n]}" $((peak / 1024)) "$nw" "$all"
  done
  same=$(diff <(words <"$WORK/rehearse.out") <(sed 's/^\[[^]]*\]//' "$WORK/ref-nfa.out" | words) >/dev/null && echo "same words" || echo "words differ")
  python3 - "${med[rehearse]}" "${med[ref-nfa]}" "${med[ref-fa]}" "${med[cli-nfa]:-}" "${med[cli-fa]:-}" "$same" "${cpu[rehearse]}" "${cpu[ref-nfa]}" <<'PY'
import sys
r, rn, rf, cn, cf, same, cr, crn = sys.argv[1:]
r, rn, rf = float(r), float(rn), float(rf)
print(f"  ratio rehearse / whisper-ref (flash attn off, like rehearse): {r / rn:.2f} wall, {float(cr) / float(crn):.2f} CPU  ({same}; target <= 1.1)")
print(f"  ratio rehearse / whisper-ref (flash attn on, whisper.cpp default): {r / rf:.2f}")
if cn:
    print(f"  ratio rehearse / whisper-cli (flash attn off): {r / float(cn):.2f}; whisper-ref / whisper-cli: {rn / float(cn):.2f}")
    print(f"  ratio rehearse / whisper-cli (flash attn on): {r / float(cf):.2f}")
PY
  unset med cpu
done
