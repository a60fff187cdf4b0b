//! Presentation helpers the front ends share: pure functions that turn parts of an [`Analysis`]
//! into what is shown (coloured JSON spans, plain-text reports), so no view formats anything itself.
//!
//! [`Analysis`]: crate::Analysis

pub mod json_spans;
pub mod labels;
pub mod share;
pub mod text;
pub mod timeline;
