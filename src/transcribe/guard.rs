//! The last line of defence around whisper.cpp: if the C/C++ code fails
//! anyway (a failed `GGML_ASSERT`, an uncaught C++ exception, a division by
//! zero), the user gets one line on stderr and exit status 1, never a bare
//! signal, and never ggml's gdb backtrace (which it prints to **stdout**,
//! corrupting `--json`).
//!
//! [`super::model::check_model_file`] refuses bad model files before
//! whisper.cpp sees them; this module is for what that check cannot foresee.
//! [`install`] (once, early, while the process has one thread):
//!
//! - sets `GGML_NO_BACKTRACE` (read by ggml's abort path and its C++
//!   terminate handler) so no debugger is started;
//! - registers a ggml abort callback that prints ggml's message as part of
//!   one line and exits 1;
//! - installs a handler for SIGFPE, SIGABRT and SIGILL that, while a
//!   [`Guard`] is alive (loading a model, transcribing), writes one line with
//!   the model's path and exits 1; outside whisper calls it restores the
//!   default action and re-raises, so other failures are not misreported.
//!
//! Probing the model in a child process was the alternative. Measured on the
//! 2-core development machine (load average 14-17, 2026-12-02), a process
//! that only loads the model (`rehearse -q transcribe` on 2 s of silence)
//! takes 0.48-0.67 s and 113 MB for tiny.en, 0.51-0.67 s and 131 MB for
//! base q8_0: a probe would add that to every command, for nothing once the
//! header check refuses the files that crash whisper.cpp. The handlers cost
//! nothing until a crash.

use std::ffi::{c_char, c_int, CStr};
use std::path::Path;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// Guards alive right now (loads and transcriptions in progress).
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// The message for the current guard: a leaked, NUL-free byte string.
static MESSAGE: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static MESSAGE_LEN: AtomicUsize = AtomicUsize::new(0);
/// Messages already built, one per model and action (leaked once each).
static MESSAGES: Mutex<Vec<(String, &'static [u8])>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// Prepare the process (idempotent). Call it at start-up, before threads
/// are spawned: it sets an environment variable.
pub fn install() {
    INSTALL.call_once(|| {
        if std::env::var_os("GGML_NO_BACKTRACE").is_none() {
            std::env::set_var("GGML_NO_BACKTRACE", "1");
        }
        // SAFETY: plain C calls registering handlers that only use
        // async-signal-safe functions (write, _exit, signal, raise).
        unsafe {
            whisper_rs::whisper_rs_sys::ggml_set_abort_callback(Some(on_ggml_abort));
            for sig in [libc::SIGFPE, libc::SIGABRT, libc::SIGILL] {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_signal as *const () as usize;
                sa.sa_flags = libc::SA_SIGINFO;
                libc::sigemptyset(&mut sa.sa_mask);
                libc::sigaction(sig, &sa, std::ptr::null_mut());
            }
        }
    });
}

/// While alive, a crash in whisper.cpp is reported as a failure while
/// `action` (e.g. "loading") the model at `model`.
#[must_use = "the guard protects only while it is alive"]
pub struct Guard {
    previous: (*mut u8, usize),
}

/// Start a guarded whisper call: `action` is "loading" or "transcribing with".
pub fn enter(action: &str, model: &Path) -> Guard {
    install();
    let msg = message(action, model);
    let previous = (
        MESSAGE.swap(msg.as_ptr().cast_mut(), Ordering::SeqCst),
        MESSAGE_LEN.swap(msg.len(), Ordering::SeqCst),
    );
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    Guard { previous }
}

impl Drop for Guard {
    fn drop(&mut self) {
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
        MESSAGE_LEN.store(self.previous.1, Ordering::SeqCst);
        MESSAGE.store(self.previous.0, Ordering::SeqCst);
    }
}

/// The one-line message (without the cause), built once per model and action.
fn message(action: &str, model: &Path) -> &'static [u8] {
    let key = format!("{action}\0{}", model.display());
    let mut all = MESSAGES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, m)) = all.iter().find(|(k, _)| *k == key) {
        return m;
    }
    let text = format!(
        "Error: whisper.cpp failed while {action} the model {}; the file is damaged or not a Whisper model: delete it and run `rehearse model fetch {}`, or pass --model PATH with another model",
        model.display(),
        super::model::DEFAULT_MODEL
    )
    .replace(['\n', '\0'], " ");
    let leaked: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
    all.push((key, leaked));
    leaked
}

/// Write all of `bytes` to stderr (async-signal-safe).
fn write_stderr(bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // SAFETY: writing a valid buffer to fd 2.
        let n = unsafe { libc::write(2, rest.as_ptr().cast(), rest.len()) };
        if n <= 0 {
            return;
        }
        rest = &rest[n as usize..];
    }
}

/// The current guard's message, or a generic one.
fn current_message() -> &'static [u8] {
    let p = MESSAGE.load(Ordering::SeqCst);
    let n = MESSAGE_LEN.load(Ordering::SeqCst);
    if p.is_null() {
        b"Error: whisper.cpp failed; the model file is damaged or not a Whisper model: run `rehearse model fetch base.en`, or pass --model PATH with another model"
    } else {
        // SAFETY: MESSAGE points to a leaked slice of MESSAGE_LEN bytes.
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

extern "C" fn on_signal(sig: c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    if ACTIVE.load(Ordering::SeqCst) == 0 {
        // Not inside whisper: the default action, as if we were not here.
        // SAFETY: async-signal-safe calls.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
        return;
    }
    write_stderr(current_message());
    let cause: &[u8] = match sig {
        libc::SIGFPE => b" (arithmetic error, SIGFPE)\n",
        libc::SIGABRT => b" (abort)\n",
        _ => b" (illegal instruction)\n",
    };
    write_stderr(cause);
    // SAFETY: ends the process without running anything else.
    unsafe { libc::_exit(1) }
}

unsafe extern "C" fn on_ggml_abort(message: *const c_char) {
    let what = if message.is_null() {
        String::new()
    } else {
        // SAFETY: ggml passes a NUL-terminated buffer.
        unsafe { CStr::from_ptr(message) }
            .to_string_lossy()
            .replace('\n', " ")
    };
    write_stderr(current_message());
    write_stderr(format!(" (ggml: {what})\n").as_bytes());
    // SAFETY: ends the process without unwinding through C.
    unsafe { libc::_exit(1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Run this test binary again as a child that runs only `test`, with
    /// `REHEARSE_GUARD_CHILD` set; its (status, stdout, stderr).
    fn child(test: &str, mode: &str) -> (Option<i32>, String, String) {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([test, "--exact", "--nocapture", "--test-threads", "1"])
            .env("REHEARSE_GUARD_CHILD", mode)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// In the child: crash the way whisper.cpp can, inside a guard.
    fn crash_in_child() -> bool {
        let Ok(mode) = std::env::var("REHEARSE_GUARD_CHILD") else {
            return false;
        };
        install();
        let _g = enter("loading", Path::new("/m/ggml-bad.bin"));
        // SAFETY: deliberately failing the way C code does.
        unsafe {
            match mode.as_str() {
                "fpe" => {
                    libc::raise(libc::SIGFPE);
                }
                "abort" => libc::abort(),
                _ => whisper_rs::whisper_rs_sys::ggml_abort(
                    c"whisper.cpp".as_ptr(),
                    7,
                    c"GGML_ASSERT(%s) failed".as_ptr(),
                    c"x".as_ptr(),
                ),
            }
        }
        true
    }

    fn assert_one_line_exit_1(mode: &str, cause: &str) {
        let (code, stdout, stderr) = child("transcribe::guard::tests::child_entry", mode);
        assert_eq!(code, Some(1), "{mode}: stderr {stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("Error: whisper.cpp failed"))
            .unwrap_or_else(|| panic!("{mode}: no error line in {stderr:?}"));
        assert!(line.contains("/m/ggml-bad.bin"), "{line}");
        assert!(line.contains("rehearse model fetch"), "{line}");
        assert!(line.contains(cause), "{line}");
        assert!(
            !stdout.contains("gdb") && !stdout.contains("backtrace"),
            "{stdout}"
        );
    }

    #[test]
    fn child_entry() {
        // Does nothing unless run as the child by the tests below.
        if crash_in_child() {
            unreachable!("the crash above ends the process");
        }
    }

    #[test]
    fn sigfpe_in_whisper_is_one_line_and_exit_1() {
        assert_one_line_exit_1("fpe", "SIGFPE");
    }

    #[test]
    fn abort_in_whisper_is_one_line_and_exit_1() {
        assert_one_line_exit_1("abort", "(abort)");
    }

    #[test]
    fn ggml_assert_is_one_line_and_exit_1() {
        assert_one_line_exit_1("ggml", "GGML_ASSERT(x) failed");
    }
}
