//! `mi-inspect`'s command line: the one table of its commands and flags ([`flags`]) and the parser
//! that reads them ([`args`]). `main.rs` reads files and prints; everything else is the core's.

pub mod args;
pub mod flags;
