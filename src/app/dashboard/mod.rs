//! The township's big screen: signed personal links (`token`, `access`, `/dashboard` in
//! `command`), the figures every page shows (`board`, `village`), and Open311's read side
//! (`open311`). The HTTP pages are in `http::dashboard` and `http::open311`.

pub mod access;
pub mod board;
pub mod command;
pub mod open311;
pub mod token;
pub mod village;
