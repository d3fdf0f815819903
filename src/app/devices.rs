//! `rehearse devices`: the input and output devices that can be opened, with
//! the name to pass to `--device`, as a table or JSON.

use super::Globals;
use crate::app::out::{out, outln};
use crate::audio::devices::{self, DeviceInfo, DeviceList};
use crate::cli::DevicesArgs;
use std::process::ExitCode;

/// Version of the `--json` layout.
pub const DEVICES_JSON_VERSION: u32 = 1;

/// Run `rehearse devices`.
pub fn run(_g: &Globals, args: DevicesArgs) -> anyhow::Result<ExitCode> {
    let list = devices::list()?;
    if args.output.json {
        outln!("{}", to_json(&list))?;
    } else {
        out!("{}", render(&list))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `{"version": 1, "input": [...], "output": [...]}`.
pub fn to_json(list: &DeviceList) -> String {
    let v = serde_json::json!({
        "version": DEVICES_JSON_VERSION,
        "input": list.input,
        "output": list.output,
    });
    crate::output::json::pretty(&v).expect("JSON values always serialise")
}

/// The two tables, with a hint when a direction has no device.
pub fn render(list: &DeviceList) -> String {
    let mut out = String::new();
    section(
        &mut out,
        "Input devices (record with `rehearse practice --device NAME`)",
        &list.input,
    );
    out.push('\n');
    section(
        &mut out,
        "Output devices (questions are played on the default)",
        &list.output,
    );
    out
}

fn section(out: &mut String, title: &str, devs: &[DeviceInfo]) {
    use std::fmt::Write;
    let _ = writeln!(out, "{title}:");
    if devs.is_empty() {
        let _ = writeln!(
            out,
            "  (none found: is a sound card connected, or a sound server such as PulseAudio or PipeWire running?)"
        );
        return;
    }
    let width = devs
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(0);
    for d in devs {
        let mark = if d.default { "*" } else { " " };
        let mut note = d.description.clone();
        if d.name == "null" {
            note = "discards / records silence (never used unless named)".into();
        }
        let _ = writeln!(
            out,
            "{mark} {:<width$}  {:<22}  {note}",
            d.name,
            d.format.to_string()
        );
    }
    if devs.iter().any(|d| d.default) {
        let _ = writeln!(out, "  (* = default)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::devices::Format;

    fn dev(name: &str, default: bool) -> DeviceInfo {
        DeviceInfo {
            name: name.into(),
            id: format!("alsa:{name}"),
            description: format!("{name} device"),
            default,
            format: Format {
                channels: 2,
                sample_rate: 48_000,
                sample_format: "f32".into(),
            },
        }
    }

    #[test]
    fn table_and_json() {
        let list = DeviceList {
            input: vec![dev("default", true), dev("null", false)],
            output: vec![],
        };
        let t = render(&list);
        assert!(t.contains("* default  2 ch, 48000 Hz, f32"), "{t}");
        assert!(t.contains("  null     2 ch, 48000 Hz, f32"), "{t}");
        assert!(t.contains("records silence"));
        assert!(t.contains("Output devices") && t.contains("(none found"));
        let j: serde_json::Value = serde_json::from_str(&to_json(&list)).unwrap();
        assert_eq!(j["version"], 1);
        assert_eq!(j["input"][0]["name"], "default");
        assert_eq!(j["input"][0]["default"], true);
        assert_eq!(j["input"][0]["format"]["sample_rate"], 48_000);
        assert_eq!(j["output"].as_array().unwrap().len(), 0);
    }
}
