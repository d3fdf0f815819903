//! Small helpers with no dependency on the rest of the crate (file writes,
//! …). Every other layer may use them; they use nothing above them.
pub mod fs;
