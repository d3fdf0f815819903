//! Small helpers with no dependency on the rest of the crate (file writes,
//! file-type checks, the voice band's filter; in tests, an allocation probe). Every other layer may use them; they use nothing
//! above them.
#[cfg(test)]
pub mod alloc_probe;
pub mod band;
pub mod fs;
