#!/bin/sh
# A private PulseAudio server with a virtual microphone and speaker, for
# running `rehearse practice` without a sound card (see
# ../shared/docs/virtual-mic.md). Needs: pulseaudio pulseaudio-utils
# libasound2-plugins.
#
#   eval "$(tests/cli/support/vmic.sh start DIR)"   # start; prints export lines
#   paplay --device=micfeed answer.wav         # "speak" into the microphone
#   parec --device=spk.monitor ...             # hear what was played
#   tests/cli/support/vmic.sh stop DIR             # kill it (by pid)
#
# The default source (the microphone) is `vmic`, the monitor of sink
# `micfeed`; the default sink (the speaker) is `spk`.
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")
case "$cmd" in
start)
    mkdir -p "$dir/home" "$dir/run"
    chmod 700 "$dir/run"
    cat > "$dir/vmic.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1 socket=$dir/run/native
load-module module-null-sink sink_name=spk sink_properties=device.description=VirtualSpeaker
load-module module-null-sink sink_name=micfeed sink_properties=device.description=MicFeed
load-module module-remap-source master=micfeed.monitor source_name=vmic source_properties=device.description=VirtualMic
set-default-sink spk
set-default-source vmic
PA
    HOME="$dir/home" XDG_RUNTIME_DIR="$dir/run" pulseaudio -n -F "$dir/vmic.pa" \
        --daemonize=no --exit-idle-time=-1 --use-pid-file=no --disallow-exit \
        --log-target="file:$dir/pa.log" </dev/null >/dev/null 2>&1 &
    echo $! > "$dir/pa.pid"
    i=0
    until HOME="$dir/home" XDG_RUNTIME_DIR="$dir/run" PULSE_SERVER="unix:$dir/run/native" \
        pactl info >/dev/null 2>&1; do
        i=$((i + 1))
        if [ $i -gt 150 ]; then
            echo "PulseAudio did not start; see $dir/pa.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "export HOME='$dir/home' XDG_RUNTIME_DIR='$dir/run' PULSE_SERVER='unix:$dir/run/native'"
    ;;
stop)
    if [ -f "$dir/pa.pid" ]; then
        kill "$(cat "$dir/pa.pid")" 2>/dev/null || true
        rm -f "$dir/pa.pid"
    fi
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
