//! Views. Stateful pieces (the countdown, copy buttons, the samples menu) are components; the rest
//! are plain functions from a part of the analysis to `Html`.

pub mod access;
pub mod after_first_frame;
pub mod chain_view;
pub mod claims;
pub mod compare_view;
pub mod copy_button;
pub mod countdown;
pub mod federation;
pub mod findings;
pub mod identity;
pub mod intro;
pub mod json_view;
pub mod key_panel;
pub mod parts;
pub mod paste_panel;
pub mod report;
pub mod request_view;
pub mod response;
pub mod rich;
pub mod samples_menu;
pub mod sent_token;
pub mod session_view;
pub mod share_panel;
pub mod snippet_view;
pub mod summary;
pub mod timeline;
pub mod verification;
