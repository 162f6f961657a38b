//! Points (积分): the ledger entries a ticket's life earns or costs (`ledger`), and the commands
//! that show, rank, exchange and correct them (`commands`).

pub mod commands;
pub mod ledger;
