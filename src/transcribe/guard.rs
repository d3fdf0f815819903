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
//! - installs a handler for SIGFPE, SIGABRT, SIGILL, SIGSEGV and SIGBUS
//!   that writes one line with the model's path and exits 1, once whisper
//!   has been used ([`enter`]); a crash inside a [`Guard`] (loading,
//!   transcribing) is blamed on the model, one after it is called an
//!   internal error. Before any whisper call it restores the previous action
//!   (Rust's stack-overflow report for SIGSEGV) or the default, so other
//!   failures are not misreported. A C++ exception (e.g. `std::bad_alloc`
//!   under a memory limit) that unwinds into Rust ends in an abort, which
//!   this catches too.
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
use std::sync::{Mutex, Once, OnceLock};

/// Guards alive right now (loads and transcriptions in progress).
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// The model of the latest guard (a leaked byte string), kept after the
/// guard ends: a crash later in the same process is still reported.
static MODEL: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static MODEL_LEN: AtomicUsize = AtomicUsize::new(0);
/// The action of the latest guard (a `&'static str`).
static ACTION: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static ACTION_LEN: AtomicUsize = AtomicUsize::new(0);
/// Model paths already leaked, so each is leaked once.
static PATHS: Mutex<Vec<&'static [u8]>> = Mutex::new(Vec::new());
/// The SIGSEGV and SIGBUS actions before ours (Rust's stack-overflow
/// handler), restored when the fault is not ours to report.
static PREVIOUS: OnceLock<[libc::sigaction; 2]> = OnceLock::new();
static INSTALL: Once = Once::new();

const SIGNALS: [c_int; 5] = [
    libc::SIGFPE,
    libc::SIGABRT,
    libc::SIGILL,
    libc::SIGSEGV,
    libc::SIGBUS,
];

/// Prepare the process (idempotent). Call it at start-up, before threads
/// are spawned: it sets an environment variable.
pub fn install() {
    INSTALL.call_once(|| {
        if std::env::var_os("GGML_NO_BACKTRACE").is_none() {
            std::env::set_var("GGML_NO_BACKTRACE", "1");
        }
        // SAFETY: plain C calls registering handlers that only use
        // async-signal-safe functions (write, _exit, sigaction, raise).
        unsafe {
            whisper_rs::whisper_rs_sys::ggml_set_abort_callback(Some(on_ggml_abort));
            let mut old: [libc::sigaction; 2] = std::mem::zeroed();
            for sig in SIGNALS {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_signal as *const () as usize;
                sa.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut sa.sa_mask);
                let keep = match sig {
                    libc::SIGSEGV => &mut old[0] as *mut libc::sigaction,
                    libc::SIGBUS => &mut old[1] as *mut libc::sigaction,
                    _ => std::ptr::null_mut(),
                };
                libc::sigaction(sig, &sa, keep);
            }
            let _ = PREVIOUS.set(old);
        }
    });
}

/// While alive, a crash in whisper.cpp is reported as a failure while
/// `action` the model at `model`.
#[must_use = "the guard protects only while it is alive"]
pub struct Guard(());

/// Start a guarded whisper call: `action` is "loading" or "transcribing with".
pub fn enter(action: &'static str, model: &Path) -> Guard {
    install();
    let path = leaked_path(model);
    MODEL_LEN.store(0, Ordering::SeqCst);
    MODEL.store(path.as_ptr().cast_mut(), Ordering::SeqCst);
    MODEL_LEN.store(path.len(), Ordering::SeqCst);
    ACTION_LEN.store(0, Ordering::SeqCst);
    ACTION.store(action.as_ptr().cast_mut(), Ordering::SeqCst);
    ACTION_LEN.store(action.len(), Ordering::SeqCst);
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    Guard(())
}

impl Drop for Guard {
    fn drop(&mut self) {
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `model` as one line of bytes, leaked once per path.
fn leaked_path(model: &Path) -> &'static [u8] {
    let text = model.display().to_string().replace(['\n', '\r', '\0'], " ");
    let mut all = PATHS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = all.iter().find(|p| **p == text.as_bytes()) {
        return p;
    }
    let leaked: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
    all.push(leaked);
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

fn load_bytes(ptr: &AtomicPtr<u8>, len: &AtomicUsize) -> Option<&'static [u8]> {
    let p = ptr.load(Ordering::SeqCst);
    let n = len.load(Ordering::SeqCst);
    // SAFETY: the pointers only ever hold leaked or static byte strings of
    // the stored length (the length is cleared while they change).
    (!p.is_null() && n > 0).then(|| unsafe { std::slice::from_raw_parts(p, n) })
}

/// Write the one-line error (without the cause and newline). False if no
/// whisper work has happened in this process (then it is not ours).
fn write_message() -> bool {
    let Some(model) = load_bytes(&MODEL, &MODEL_LEN) else {
        return false;
    };
    if ACTIVE.load(Ordering::SeqCst) > 0 {
        write_stderr(b"Error: whisper.cpp failed while ");
        write_stderr(load_bytes(&ACTION, &ACTION_LEN).unwrap_or(b"using"));
        write_stderr(b" the model ");
        write_stderr(model);
        write_stderr(
            b"; the file is damaged or not a Whisper model, or memory ran out: delete it and run `rehearse model fetch base.en`, or pass --model PATH with another model",
        );
    } else {
        write_stderr(
            b"Error: rehearse stopped on an internal error after using the Whisper model ",
        );
        write_stderr(model);
        write_stderr(b"; if it happens again, free some memory or try another model (`rehearse model fetch base.en`)");
    }
    true
}

extern "C" fn on_signal(sig: c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    if !write_message() {
        // Not ours: what would have happened without this handler.
        // SAFETY: async-signal-safe calls.
        unsafe {
            let previous = PREVIOUS.get().and_then(|old| match sig {
                libc::SIGSEGV => Some(&old[0]),
                libc::SIGBUS => Some(&old[1]),
                _ => None,
            });
            match previous {
                // Re-run the faulting instruction under the old handler.
                Some(old) => {
                    libc::sigaction(sig, old, std::ptr::null_mut());
                }
                None => {
                    libc::signal(sig, libc::SIG_DFL);
                    libc::raise(sig);
                }
            }
        }
        return;
    }
    let cause: &[u8] = match sig {
        libc::SIGFPE => b" (arithmetic error, SIGFPE)\n",
        libc::SIGABRT => b" (abort)\n",
        libc::SIGSEGV => b" (invalid memory access, SIGSEGV)\n",
        libc::SIGBUS => b" (bus error, SIGBUS)\n",
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
    if !write_message() {
        write_stderr(b"Error: whisper.cpp failed; run `rehearse model fetch base.en`, or pass --model PATH with another model");
    }
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
        let g = enter("loading", Path::new("/m/ggml-bad.bin"));
        if mode == "after" {
            drop(g);
            std::process::abort();
        }
        // SAFETY: deliberately failing the way C code does.
        unsafe {
            match mode.as_str() {
                "fpe" => {
                    libc::raise(libc::SIGFPE);
                }
                "segv" => {
                    libc::raise(libc::SIGSEGV);
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

    #[test]
    fn sigsegv_in_whisper_is_one_line_and_exit_1() {
        assert_one_line_exit_1("segv", "SIGSEGV");
    }

    /// After whisper has been used (guard gone), an abort is an internal
    /// error, still one line and exit 1, never a signal.
    #[test]
    fn abort_after_whisper_is_an_internal_error_and_exit_1() {
        let (code, _, stderr) = child("transcribe::guard::tests::child_entry", "after");
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("Error: rehearse stopped on an internal error after using the Whisper model /m/ggml-bad.bin"),
            "{stderr}"
        );
    }
}
