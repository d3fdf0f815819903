//! Keys from standard input, read on one thread for the whole run so that
//! each step decides what a key means: Enter skips the question while it
//! plays, starts recording early during thinking time, stops the recording;
//! keys pressed before recording starts are dropped ([`Keys::drain`]) so they
//! never stop it. On a terminal, the after-report menu reads one key without
//! Enter ([`Keys::one_key`]). End of input is never a key.

use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The keys pressed, in order.
pub(crate) struct Keys {
    rx: Mutex<Receiver<u8>>,
    tty: bool,
}

impl Keys {
    /// Start reading standard input.
    pub fn start() -> Keys {
        let (tx, rx) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || {
                let mut buf = [0u8; 64];
                let mut stdin = std::io::stdin();
                while let Ok(n @ 1..) = stdin.read(&mut buf) {
                    if buf[..n].iter().any(|&b| tx.send(b).is_err()) {
                        return;
                    }
                }
            });
        Keys {
            rx: Mutex::new(rx),
            tty: std::io::stdin().is_terminal(),
        }
    }

    /// Whether standard input is a terminal (a person at the keyboard).
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Forget every key pressed so far.
    pub fn drain(&self) {
        let rx = self.rx.lock().unwrap_or_else(|e| e.into_inner());
        while rx.try_recv().is_ok() {}
    }

    /// Whether Enter is pressed within `wait` (other keys are dropped).
    pub fn enter(&self, wait: Duration) -> bool {
        let rx = self.rx.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = Instant::now() + wait;
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(b'\n' | b'\r') => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
    }

    /// One key pressed on the terminal, without Enter (keys pressed before
    /// `prompt` is shown are dropped). `None` on Ctrl-C (`stop`) or end of
    /// input.
    pub fn one_key(&self, stop: &AtomicBool, prompt: impl FnOnce()) -> Option<u8> {
        let _raw = RawMode::enter();
        self.drain();
        prompt();
        let rx = self.rx.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(b) => return Some(b),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

/// The terminal reading key by key, unechoed, until dropped (Ctrl-C still
/// signals). Nothing when standard input is not a terminal.
struct RawMode {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl RawMode {
    fn enter() -> RawMode {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr/tcsetattr on fd 0 with a termios we own.
            let mut t: libc::termios = unsafe { std::mem::zeroed() };
            if unsafe { libc::tcgetattr(0, &mut t) } != 0 {
                return RawMode { saved: None };
            }
            let saved = t;
            t.c_lflag &= !(libc::ICANON | libc::ECHO);
            t.c_cc[libc::VMIN] = 1;
            t.c_cc[libc::VTIME] = 0;
            let ok = unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) } == 0;
            RawMode {
                saved: ok.then_some(saved),
            }
        }
        #[cfg(not(unix))]
        RawMode {}
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(t) = &self.saved {
            // SAFETY: restores the settings read in `enter`.
            unsafe { libc::tcsetattr(0, libc::TCSANOW, t) };
        }
    }
}
