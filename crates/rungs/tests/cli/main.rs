//! End-to-end tests of the `rungs` binary, gathered in one test binary (one link,
//! and the fixture repositories of `fixtures/` built once for all of them): each
//! module runs the binary on real repositories and compares with git itself.

mod common;

mod action;

mod cache;
mod ci_examples;
mod diff;
mod eval;
mod evidence;
mod explain;
mod hostile;
mod html;
mod ladder;
mod manual;
mod merge;
mod parity;
mod partial;
mod privacy;
mod profiles;
mod progress;
mod render;
mod roster;
mod rules;
mod scan;
mod schema;
mod signals;
