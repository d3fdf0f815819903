//! Files on disk: the question bank, saved attempts and the data directory.
pub mod attempts;
pub mod paths;
pub mod questions;
