//! Finding audio devices: listing what cpal sees, choosing the input and
//! output device, and keeping the sound libraries' own chatter off the
//! terminal.
//!
//! On Linux, libasound prints a handful of `ALSA lib ...` lines whenever a
//! device cannot be opened, and probing the `jack` plugin makes libjack print
//! more. [`QuietAlsa`] routes ALSA's messages into a buffer for the calling
//! thread, and probing is done under a short [`StderrGag`], so the user sees
//! one clear message instead. ALSA's `default` device exists even when there is
//! no sound card; it only fails when opened, which is where "no input device
//! found" is reported. The `null` device (records silence) is never chosen
//! unless asked for by name.

use cpal::traits::{DeviceTrait, HostTrait};
use serde::Serialize;

/// The one-line answer when there is no microphone.
pub const NO_INPUT: &str =
    "no input device found; `rehearse devices` lists them; use `--device NAME`";

/// Why a device could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// No usable default input device.
    #[error("{NO_INPUT}")]
    NoInput,
    /// No usable default output device.
    #[error("no output device found; `rehearse devices` lists them")]
    NoOutput,
    /// `--device NAME` matched nothing.
    #[error("no {kind} device matches `{name}`; `rehearse devices` lists them")]
    NotFound {
        /// "input" or "output".
        kind: &'static str,
        /// What the user asked for.
        name: String,
    },
    /// `--device NAME` matched more than one device.
    #[error("`{name}` matches several {kind} devices ({matches}); give the full name from `rehearse devices`")]
    Ambiguous {
        /// "input" or "output".
        kind: &'static str,
        /// What the user asked for.
        name: String,
        /// The candidates, comma-separated.
        matches: String,
    },
    /// The device exists but cannot be opened.
    #[error("{kind} device `{name}` cannot be opened ({detail}); `rehearse devices` lists the usable ones")]
    Unusable {
        /// "input" or "output".
        kind: &'static str,
        /// Device name.
        name: String,
        /// What cpal said.
        detail: String,
    },
}

/// Silences ALSA's error lines on the current thread while alive.
///
/// libasound keeps the messages in a memory buffer instead of printing them.
pub struct QuietAlsa {
    #[cfg(target_os = "linux")]
    _out: Option<std::rc::Rc<std::cell::RefCell<alsa::Output>>>,
}

impl QuietAlsa {
    /// Install the handler for the calling thread.
    pub fn install() -> Self {
        QuietAlsa {
            #[cfg(target_os = "linux")]
            _out: alsa::Output::local_error_handler().ok(),
        }
    }
}

/// Redirects the process's stderr (fd 2) to `/dev/null` while alive.
///
/// Used only around calls into native audio libraries that print on their own
/// (libjack when the `jack` plugin is probed). Nothing of ours is printed while
/// it is held.
pub struct StderrGag {
    #[cfg(unix)]
    saved: Option<i32>,
}

impl StderrGag {
    /// Start gagging stderr; does nothing when that is not possible.
    pub fn new() -> Self {
        #[cfg(unix)]
        {
            // SAFETY: plain fd juggling on fd 2; every return value is checked
            // and the original fd is restored in `drop`.
            unsafe {
                let saved = libc::dup(2);
                if saved < 0 {
                    return StderrGag { saved: None };
                }
                let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
                if null < 0 {
                    libc::close(saved);
                    return StderrGag { saved: None };
                }
                libc::dup2(null, 2);
                libc::close(null);
                StderrGag { saved: Some(saved) }
            }
        }
        #[cfg(not(unix))]
        StderrGag {}
    }
}

impl Default for StderrGag {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for StderrGag {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(fd) = self.saved.take() {
            // SAFETY: `fd` is the duplicate of the original stderr made in `new`.
            unsafe {
                libc::dup2(fd, 2);
                libc::close(fd);
            }
        }
    }
}

/// A stream format a device offers by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Format {
    /// Channels.
    pub channels: u16,
    /// Sample rate (Hz).
    pub sample_rate: u32,
    /// Sample format, e.g. "f32".
    pub sample_format: String,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ch, {} Hz, {}",
            self.channels, self.sample_rate, self.sample_format
        )
    }
}

impl From<&cpal::SupportedStreamConfig> for Format {
    fn from(c: &cpal::SupportedStreamConfig) -> Self {
        Format {
            channels: c.channels(),
            sample_rate: c.sample_rate(),
            sample_format: format!("{:?}", c.sample_format()).to_lowercase(),
        }
    }
}

/// One device that can record or play.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    /// Short name to pass to `--device` (for ALSA: `default`, `pulse`, `hw:CARD=PCH,DEV=0`).
    pub name: String,
    /// Full cpal id (`alsa:default`).
    pub id: String,
    /// Human description from the driver.
    pub description: String,
    /// True for the system default device of this direction.
    pub default: bool,
    /// Default format, when the device could be opened.
    pub format: Format,
}

/// Input and output devices that can actually be opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeviceList {
    /// Devices that can record.
    pub input: Vec<DeviceInfo>,
    /// Devices that can play.
    pub output: Vec<DeviceInfo>,
}

/// Input or output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Recording.
    Input,
    /// Playback.
    Output,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// A device chosen for use, with the format to open it in.
pub struct OpenDevice {
    /// The cpal device.
    pub device: cpal::Device,
    /// Its default stream format.
    pub config: cpal::SupportedStreamConfig,
    /// Short name for messages.
    pub name: String,
}

/// Period of the streams rehearse opens (s).
pub const PERIOD_S: f64 = 0.05;

/// The stream config to open `cfg` with: its default format, with a period of
/// [`PERIOD_S`] when the device allows one. ALSA's pulse plugin reports the
/// stream readable before a whole period has arrived, and cpal's worker then
/// polls in a tight loop; how much depends on the period. Measured here while
/// speech was flowing (CPU of one core, 3 runs each): the default (~10 ms)
/// 45 %, 512 frames 40 %, 1024 20 %, 2048 10 %, 2400 (50 ms) 0 %, 3000 50 %,
/// 4800 25 %.
pub fn stream_config(cfg: &cpal::SupportedStreamConfig) -> cpal::StreamConfig {
    let mut sc = cfg.config();
    let want = (cfg.sample_rate() as f64 * PERIOD_S).round() as u32;
    if let cpal::SupportedBufferSize::Range { min, max } = *cfg.buffer_size() {
        // cpal double-buffers, so the period can be at most half the maximum.
        let hi = (max / 2).max(min);
        if want >= min && want <= hi {
            sc.buffer_size = cpal::BufferSize::Fixed(want);
        }
    }
    sc
}

fn short_name(id: &str) -> &str {
    id.split_once(':').map(|(_, n)| n).unwrap_or(id)
}

fn device_id(d: &cpal::Device) -> String {
    d.id().map(|i| i.to_string()).unwrap_or_default()
}

fn default_config(
    d: &cpal::Device,
    dir: Direction,
) -> Result<cpal::SupportedStreamConfig, cpal::Error> {
    let _gag = StderrGag::new();
    match dir {
        Direction::Input => d.default_input_config(),
        Direction::Output => d.default_output_config(),
    }
}

/// List the devices that can be opened for input and output.
pub fn list() -> anyhow::Result<DeviceList> {
    let _quiet = QuietAlsa::install();
    let host = cpal::default_host();
    let def_in = host.default_input_device().map(|d| device_id(&d));
    let def_out = host.default_output_device().map(|d| device_id(&d));
    let devices = {
        let _gag = StderrGag::new();
        host.devices()
    }
    .map_err(|e| {
        anyhow::anyhow!("cannot list audio devices ({e}); is the sound system running?")
    })?;
    let mut out = DeviceList::default();
    let mut seen: Vec<String> = Vec::new();
    // ALSA's `default` only appears in the hint list (with the better
    // description) while a sound server answers for it; ask for it directly too.
    let extra = host.default_input_device().into_iter();
    for d in devices.chain(extra) {
        let id = device_id(&d);
        if id.is_empty() || seen.contains(&id) {
            continue;
        }
        seen.push(id.clone());
        let description = d
            .description()
            .map(|x| x.name().to_string())
            .unwrap_or_default();
        // Opening tells more than `supports_input()`, which is false for
        // ALSA's `default` as returned by `default_input_device()`.
        for dir in [Direction::Input, Direction::Output] {
            let Ok(cfg) = default_config(&d, dir) else {
                continue;
            };
            let is_default = match dir {
                Direction::Input => def_in.as_deref() == Some(&id),
                Direction::Output => def_out.as_deref() == Some(&id),
            };
            let info = DeviceInfo {
                name: short_name(&id).to_string(),
                id: id.clone(),
                description: description.clone(),
                default: is_default,
                format: Format::from(&cfg),
            };
            match dir {
                Direction::Input => out.input.push(info),
                Direction::Output => out.output.push(info),
            }
        }
    }
    for v in [&mut out.input, &mut out.output] {
        v.sort_by_key(|d| !d.default);
    }
    Ok(out)
}

/// Pick a device by what the user typed: the full id (`alsa:pulse`), the
/// short name (`pulse`), the description, or a part of one of them that is
/// unique. Returns the index into `candidates` (`(id, description)` pairs).
pub fn match_name(candidates: &[(String, String)], wanted: &str) -> Result<usize, Vec<usize>> {
    let w = wanted.trim().to_lowercase();
    let exact: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, (id, desc))| {
            id.to_lowercase() == w || short_name(id).to_lowercase() == w || desc.to_lowercase() == w
        })
        .map(|(i, _)| i)
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    if exact.len() > 1 {
        return Err(exact);
    }
    let partial: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, (id, desc))| {
            !w.is_empty() && (id.to_lowercase().contains(&w) || desc.to_lowercase().contains(&w))
        })
        .map(|(i, _)| i)
        .collect();
    if partial.len() == 1 {
        Ok(partial[0])
    } else {
        Err(partial)
    }
}

/// Open the default device of a direction, or the one named by `--device`.
///
/// Call on the thread that holds a [`QuietAlsa`] to keep ALSA quiet.
pub fn open(dir: Direction, name: Option<&str>) -> Result<OpenDevice, DeviceError> {
    let host = cpal::default_host();
    let kind = dir.word();
    let device = match name {
        None => {
            let d = match dir {
                Direction::Input => host.default_input_device(),
                Direction::Output => host.default_output_device(),
            };
            d.ok_or(match dir {
                Direction::Input => DeviceError::NoInput,
                Direction::Output => DeviceError::NoOutput,
            })?
        }
        Some(wanted) => {
            let mut all: Vec<cpal::Device> = {
                let _gag = StderrGag::new();
                host.devices().map(|d| d.collect()).unwrap_or_default()
            };
            if let Some(d) = match dir {
                Direction::Input => host.default_input_device(),
                Direction::Output => host.default_output_device(),
            } {
                if !all.iter().any(|x| device_id(x) == device_id(&d)) {
                    all.insert(0, d);
                }
            }
            let names: Vec<(String, String)> = all
                .iter()
                .map(|d| {
                    let desc = d
                        .description()
                        .map(|x| x.name().to_string())
                        .unwrap_or_default();
                    (device_id(d), desc)
                })
                .collect();
            match match_name(&names, wanted) {
                Ok(i) => all.swap_remove(i),
                Err(m) if m.is_empty() => {
                    return Err(DeviceError::NotFound {
                        kind,
                        name: wanted.to_string(),
                    })
                }
                Err(m) => {
                    return Err(DeviceError::Ambiguous {
                        kind,
                        name: wanted.to_string(),
                        matches: m
                            .iter()
                            .map(|&i| short_name(&names[i].0).to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
    };
    let id = device_id(&device);
    let short = short_name(&id).to_string();
    match default_config(&device, dir) {
        Ok(config) => Ok(OpenDevice {
            device,
            config,
            name: short,
        }),
        Err(e) if name.is_none() => {
            // The default device exists in name only: no card, no server.
            let _ = e;
            Err(match dir {
                Direction::Input => DeviceError::NoInput,
                Direction::Output => DeviceError::NoOutput,
            })
        }
        Err(e) => Err(DeviceError::Unusable {
            kind,
            name: short,
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn matches_names() {
        let devs = c(&[
            ("alsa:default", "Default Audio Device"),
            ("alsa:pulse", "PulseAudio Sound Server"),
            ("alsa:hw:CARD=PCH,DEV=0", "HDA Intel PCH, ALC3246 Analog"),
            (
                "alsa:plughw:CARD=PCH,DEV=0",
                "HDA Intel PCH, ALC3246 Analog",
            ),
        ]);
        let table: &[(&str, Result<usize, Vec<usize>>)] = &[
            ("alsa:pulse", Ok(1)),
            ("pulse", Ok(1)),
            ("PULSE", Ok(1)),
            ("default", Ok(0)),
            ("pulseaudio sound server", Ok(1)),
            ("hw:CARD=PCH,DEV=0", Ok(2)),
            ("plughw", Ok(3)),
            ("intel", Err(vec![2, 3])),
            ("usb", Err(vec![])),
            ("", Err(vec![])),
        ];
        for (wanted, expect) in table {
            assert_eq!(&match_name(&devs, wanted), expect, "{wanted}");
        }
    }

    #[test]
    fn period_is_50_ms_when_allowed() {
        let make = |min, max| {
            cpal::SupportedStreamConfig::new(
                2,
                48_000,
                cpal::SupportedBufferSize::Range { min, max },
                cpal::SampleFormat::F32,
            )
        };
        let fixed = |c: &cpal::SupportedStreamConfig| match stream_config(c).buffer_size {
            cpal::BufferSize::Fixed(n) => Some(n),
            cpal::BufferSize::Default => None,
        };
        assert_eq!(fixed(&make(16, 174_763)), Some(2_400));
        assert_eq!(fixed(&make(16, 4_000)), None);
        assert_eq!(fixed(&make(16, 4_800)), Some(2_400));
        assert_eq!(fixed(&make(8_000, 100_000)), None);
        let unknown = cpal::SupportedStreamConfig::new(
            1,
            16_000,
            cpal::SupportedBufferSize::Unknown,
            cpal::SampleFormat::I16,
        );
        assert_eq!(fixed(&unknown), None);
    }

    #[test]
    fn format_display() {
        let f = Format {
            channels: 2,
            sample_rate: 48_000,
            sample_format: "f32".into(),
        };
        assert_eq!(f.to_string(), "2 ch, 48000 Hz, f32");
    }
}
