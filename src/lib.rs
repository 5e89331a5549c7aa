//! newsdesk: a terminal news reader whose reading pane highlights the people, organisations and
//! places in a story.
//!
//! Modules, from the bottom up:
//! - [`article`]: the domain model shared by everything else.
//! - [`store`]: the SQLite library; the only code that speaks SQL.
//! - [`import`] / [`export`]: turn files into articles and back; no terminal, no SQL.
//! - [`highlight`]: highlights and notes, anchored to a story's text so they survive it changing.
//! - [`text`]: sanitising and measuring untrusted text before it reaches a terminal.
//! - [`config`]: the embedded default config merged with the user's file.
//! - [`tui`]: the reader (model → action → update → render), driven by crossterm events.
//! - [`cli`]: argument parsing and the subcommands; wires the store to the rest.
//!
//! Data flows one way in the reader: input event → action → state update → render.

pub mod article;
pub mod cli;
pub mod config;
pub mod demo;
pub mod entities;
pub mod export;
pub mod extract;
pub mod fetch;
pub mod highlight;
pub mod html;
pub mod import;
pub mod library;
pub mod paths;
pub mod query;
pub mod stages;
pub mod store;
pub mod subscriptions;
pub mod sync;
pub mod synth;
pub mod text;
pub mod tui;
pub mod web;
