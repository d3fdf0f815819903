//! Tests of WAV reading and writing, including crafted headers.

use super::*;
use crate::audio::sine;

#[test]
fn downmix_averages_channels() {
    assert_eq!(downmix(&[1.0, 0.0, 0.5, 0.5], 2), vec![0.5, 0.5]);
    assert_eq!(downmix(&[0.1, 0.2], 1), vec![0.1, 0.2]);
}

#[test]
fn resample_keeps_length_and_pitch() {
    for &rate in &[8_000u32, 22_050, 44_100, 48_000] {
        let x = sine(rate, 1.0, 440.0);
        let y = resample(&x, rate, 16_000);
        let expect = 16_000.0;
        assert!(
            (y.len() as f64 - expect).abs() < 16.0,
            "{rate}: got {} samples",
            y.len()
        );
        // Count zero crossings: 440 Hz gives ~880 per second.
        let zc = y
            .windows(2)
            .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
            .count();
        assert!((860..=900).contains(&zc), "{rate}: {zc} crossings");
    }
}

#[test]
fn wav_roundtrip_all_formats() {
    let dir = tempfile::tempdir().unwrap();
    let x = sine(48_000, 0.5, 300.0);
    for (bits, fmt) in [
        (8, hound::SampleFormat::Int),
        (16, hound::SampleFormat::Int),
        (24, hound::SampleFormat::Int),
        (32, hound::SampleFormat::Int),
        (32, hound::SampleFormat::Float),
    ] {
        let path = dir.path().join(format!("{bits}{fmt:?}.wav"));
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: bits,
            sample_format: fmt,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for &s in &x {
            for _ in 0..2 {
                match fmt {
                    hound::SampleFormat::Float => w.write_sample(s).unwrap(),
                    hound::SampleFormat::Int => {
                        let m = ((1i64 << (bits - 1)) - 1) as f32;
                        w.write_sample((s * m) as i32).unwrap()
                    }
                }
            }
        }
        w.finalize().unwrap();
        let y = read_16k_mono(&path).unwrap();
        assert!((y.len() as i64 - 8000).abs() < 16, "{bits} {fmt:?}");
        let peak = y.iter().fold(0f32, |m, v| m.max(v.abs()));
        assert!((0.45..0.56).contains(&peak), "{bits} {fmt:?} peak {peak}");
    }
}

#[test]
fn bad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.wav");
    std::fs::write(&junk, b"this is not audio at all").unwrap();
    assert!(matches!(read_pcm(&junk), Err(WavError::NotWav { .. })));
    let empty = dir.path().join("empty.wav");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(read_pcm(&empty), Err(WavError::NotWav { .. })));
    let zero = dir.path().join("zero.wav");
    write_wav(&zero, &[], 16_000).unwrap();
    assert!(matches!(read_pcm(&zero), Err(WavError::Empty { .. })));
    let full = encode_wav(&sine(16_000, 1.0, 200.0), 16_000);
    let cut = dir.path().join("cut.wav");
    std::fs::write(&cut, &full[..full.len() / 2 + 1]).unwrap();
    let err = read_pcm(&cut).unwrap_err();
    assert!(matches!(err, WavError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated"));
    let missing = dir.path().join("missing.wav");
    assert!(matches!(read_pcm(&missing), Err(WavError::Missing { .. })));
}

/// A minimal WAV header: PCM int (`fmt` 1) or float (3), `data` declaring `data_len` bytes.
fn header(fmt: u16, ch: u16, rate: u32, bits: u16, data_len: u32) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&data_len.saturating_add(36).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&fmt.to_le_bytes());
    h.extend_from_slice(&ch.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    let block = ch * bits.div_ceil(8);
    h.extend_from_slice(&(rate * block as u32).to_le_bytes());
    h.extend_from_slice(&block.to_le_bytes());
    h.extend_from_slice(&bits.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

#[test]
fn header_sizes_do_not_decide_allocation() {
    // 24 KB of 8-bit audio whose header claims 4 GiB of data: reading it
    // used to reserve 16 GiB of f32 before looking at the data.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge-claim.wav");
    for (claim, want) in [
        // 0xFFFFFFFF means "length unknown" (streaming writers): read what is there.
        (u32::MAX, Ok(24_000)),
        // Any other claim beyond the file is a truncated file.
        (0xFFFF_0000, Err("truncated")),
    ] {
        let mut bytes = header(1, 1, 8_000, 8, claim);
        bytes.extend(std::iter::repeat_n(128u8, 24_000));
        std::fs::write(&path, &bytes).unwrap();
        let (got, largest) = crate::util::alloc_probe::largest_allocation(|| {
            read_pcm(&path)
                .map(|p| p.samples.len())
                .map_err(|e| e.to_string())
        });
        assert!(
            largest < 1 << 20,
            "reserved {largest} bytes for a 24 KB file"
        );
        match (got, want) {
            (Ok(n), Ok(w)) => assert_eq!(n, w),
            (Err(e), Err(w)) => assert!(e.contains(w), "{e}"),
            (got, want) => panic!("claim {claim:#x}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn implausible_rates_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for rate in [1, 999, 384_001, u32::MAX / 4] {
        let path = dir.path().join(format!("{rate}.wav"));
        let mut bytes = header(1, 1, rate, 8, 48_000);
        bytes.extend(std::iter::repeat_n(128u8, 48_000));
        std::fs::write(&path, &bytes).unwrap();
        let err = read_pcm(&path).unwrap_err();
        assert!(matches!(err, WavError::BadRate { .. }), "{rate}: {err}");
        assert!(err.to_string().contains(&format!("{rate} Hz")), "{err}");
    }
    for rate in [MIN_RATE, 8_000, 48_000, MAX_RATE] {
        let path = dir.path().join(format!("ok{rate}.wav"));
        let mut bytes = header(1, 1, rate, 8, 1_000);
        bytes.extend(std::iter::repeat_n(128u8, 1_000));
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_pcm(&path).is_ok(), "{rate}");
    }
}

#[test]
fn recordings_over_three_hours_are_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    // 3 h 1 min of 8-bit mono at the lowest rate accepted (10.9 MB).
    let n = (MAX_SECONDS + 60) as u32 * MIN_RATE;
    let mut bytes = header(1, 1, MIN_RATE, 8, n);
    bytes.resize(bytes.len() + n as usize, 128);
    std::fs::write(&path, &bytes).unwrap();
    let (got, largest) = crate::util::alloc_probe::largest_allocation(|| read_pcm(&path));
    let err = got.unwrap_err();
    assert!(
        matches!(err, WavError::TooLong { minutes: 181, .. }),
        "{err}"
    );
    assert!(
        largest < 1 << 20,
        "decoded before refusing ({largest} bytes)"
    );
    // The same claim without the data behind it is a truncated file, not a long one.
    std::fs::write(&path, &bytes[..100_044]).unwrap();
    assert!(matches!(read_pcm(&path), Err(WavError::Truncated { .. })));
}

#[test]
fn non_finite_and_huge_samples_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nan.wav");
    let vals = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1e30,
        -2.0,
        0.5,
        -1.0,
    ];
    let mut bytes = header(3, 1, 16_000, 32, (vals.len() * 4) as u32);
    for v in vals {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(&path, &bytes).unwrap();
    let pcm = read_pcm(&path).unwrap();
    assert_eq!(pcm.samples, [0.0, 0.0, 0.0, 1.0, -1.0, 0.5, -1.0]);
    assert_eq!(pcm.cleaned, 5);
    let clean = dir.path().join("clean.wav");
    write_wav(&clean, &[0.5, -0.5], 16_000).unwrap();
    assert_eq!(read_pcm(&clean).unwrap().cleaned, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answer.wav");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // Opening a FIFO with no writer blocks: read in a thread, with a deadline.
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(read_pcm(&f).map(|_| ()).map_err(|e| e.to_string()));
    });
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("read_pcm blocked on a FIFO");
    let err = got.unwrap_err();
    assert!(
        err.contains("FIFO") && err.contains("not a regular file"),
        "{err}"
    );
    let err = read_pcm(dir.path()).unwrap_err().to_string();
    assert!(err.contains("is a folder"), "{err}");
}

#[test]
fn a_missing_file_is_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let err = anyhow::Error::from(read_pcm(&dir.path().join("gone.wav")).unwrap_err());
    let full = format!("{err:#}");
    assert!(
        full.ends_with("gone.wav does not exist; check the path"),
        "{full}"
    );
    assert!(!full.contains("os error"), "{full}");
}
