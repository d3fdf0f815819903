//! Speaking a question with the local text-to-speech engine: `espeak-ng`
//! (or `espeak`) where installed, `say` on macOS. The engine renders to WAV,
//! which is decoded into samples so it plays through the same cpal output as
//! everything else.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How to get voice when no engine is installed (one line).
pub const INSTALL_HINT: &str = if cfg!(target_os = "macos") {
    "(questions are not spoken: the `say` command is missing; --no-voice hides this note)"
} else {
    "(to hear questions spoken, install espeak-ng, e.g. `sudo apt install espeak-ng`; --no-voice hides this note)"
};

/// A text-to-speech engine found on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// espeak-ng or espeak (`--stdout` gives WAV).
    Espeak(PathBuf),
    /// macOS `say` (writes a WAV file).
    Say(PathBuf),
}

/// Find an executable on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The engine to use, if any is installed.
pub fn find_engine() -> Option<Engine> {
    if cfg!(target_os = "macos") {
        if let Some(p) = which("say") {
            return Some(Engine::Say(p));
        }
    }
    which("espeak-ng")
        .or_else(|| which("espeak"))
        .map(Engine::Espeak)
}

/// Render `text` to mono samples; returns `(samples, sample_rate)`.
pub fn synthesize(engine: &Engine, text: &str) -> anyhow::Result<(Vec<f32>, u32)> {
    let bytes = match engine {
        Engine::Espeak(bin) => {
            let out = Command::new(bin)
                .args(["--stdout", "-s", "160", "--"])
                .arg(text)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .map_err(|e| anyhow::anyhow!("cannot run {} ({e})", bin.display()))?;
            if !out.status.success() {
                anyhow::bail!("{} failed ({})", bin.display(), out.status);
            }
            out.stdout
        }
        Engine::Say(bin) => {
            let dir = tempfile_dir()?;
            let wav = dir.join("question.wav");
            let status = Command::new(bin)
                .arg("-o")
                .arg(&wav)
                .args(["--file-format=WAVE", "--data-format=LEI16@22050", "--"])
                .arg(text)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| anyhow::anyhow!("cannot run {} ({e})", bin.display()))?;
            let bytes = std::fs::read(&wav);
            let _ = std::fs::remove_dir_all(&dir);
            if !status.success() {
                anyhow::bail!("{} failed ({status})", bin.display());
            }
            bytes?
        }
    };
    decode_wav_bytes(&bytes)
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let d = std::env::temp_dir().join(format!("rehearse-tts-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}

/// Decode WAV bytes into mono f32. Engines writing to a pipe cannot know the
/// length up front and put a huge size in the header; reading stops at the
/// real end of the data.
pub fn decode_wav_bytes(bytes: &[u8]) -> anyhow::Result<(Vec<f32>, u32)> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow::anyhow!("the speech engine gave no readable WAV ({e})"))?;
    let spec = reader.spec();
    let ch = spec.channels.max(1) as usize;
    let mut inter = Vec::new();
    match spec.sample_format {
        hound::SampleFormat::Float => {
            inter.extend(reader.into_samples::<f32>().map_while(Result::ok));
        }
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            inter.extend(
                reader
                    .into_samples::<i32>()
                    .map_while(Result::ok)
                    .map(|s| s as f32 * scale),
            );
        }
    }
    inter.truncate(inter.len() / ch * ch);
    if inter.is_empty() {
        anyhow::bail!("the speech engine produced no audio");
    }
    Ok((super::wav::downmix(&inter, ch), spec.sample_rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wav_with_streaming_header() {
        let mut wav = crate::audio::wav::encode_wav(&[0.5, -0.5, 0.25, 0.0], 22_050);
        // What `espeak-ng --stdout` writes: sizes unknown, set near 2 GiB.
        wav[4..8].copy_from_slice(&0x7fff_f024u32.to_le_bytes());
        wav[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
        let (s, rate) = decode_wav_bytes(&wav).unwrap();
        assert_eq!(rate, 22_050);
        assert_eq!(s.len(), 4);
        assert!((s[0] - 0.5).abs() < 1e-3 && (s[1] + 0.5).abs() < 1e-3);
        assert!(decode_wav_bytes(b"nope").is_err());
    }

    #[test]
    fn which_finds_sh_not_nonsense() {
        assert!(which("sh").is_some());
        assert!(which("no-such-binary-rehearse-test").is_none());
    }
}
