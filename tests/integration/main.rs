//! One integration test binary: every module runs the real `protowright` binary or compares it
//! with the reference tools (buf, protoc) where they are installed.

mod util;

mod build;
mod cache;
mod docs;
mod inputs;
mod python;
