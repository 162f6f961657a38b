//! The township's big screen: signed personal links (`token`, `access`, `/dashboard` in
//! `command`) and the figures every page shows (`board`). The HTTP pages are in `http::dashboard`.

pub mod access;
pub mod board;
pub mod command;
pub mod token;
pub mod village;
