//! What every module takes from `alloc` (and the one lazy-static cell), in one `use` line:
//! `use crate::prelude::*;`.
//!
//! The crate is `#![no_std]` on wasm32 (see the crate documentation), where std's prelude, and
//! with it `Vec`, `String`, `ToOwned`, `ToString`, `vec!` and `format!`, is missing.
//! These are the same items std's prelude re-exports, so natively the glob changes nothing.

pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec::Vec;
pub(crate) use alloc::{format, vec};

/// A value built on first use, for the crate's `static` tables: std's thread-safe `OnceLock`
/// natively, where the CLI analyses pages on every core at once.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use std::sync::OnceLock;

/// A value built on first use, for the crate's `static` tables: on wasm32, which has one thread,
/// a plain cell ([`crate::arena::OneThreadLock`]) instead of std's `OnceLock` (not in core) and
/// its synchronisation.
#[cfg(target_arch = "wasm32")]
pub(crate) use crate::arena::OneThreadLock as OnceLock;
