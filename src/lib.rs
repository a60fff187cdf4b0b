//! The MI Token Inspector web app: a Yew front end ([`ui`]) that renders what the analysis core
//! ([`mi_core`]) hands out. It explains and checks nothing itself.

pub mod ui;
