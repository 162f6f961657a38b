//! Roles and the one table of which role may run which command.

use serde::{Deserialize, Serialize};

/// What a person is in a village. A person can hold several roles at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Volunteer,
    Captain,
    Chief,
    Cadre,
    TownshipCadre,
    SuperAdmin,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Volunteer => "volunteer",
            Role::Captain => "captain",
            Role::Chief => "chief",
            Role::Cadre => "cadre",
            Role::TownshipCadre => "township_cadre",
            Role::SuperAdmin => "super_admin",
        }
    }
}

/// The roles one person holds in one village.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub volunteer: bool,
    pub captain: bool,
    pub chief: bool,
    pub cadre: bool,
    /// A cadre of the township the village belongs to.
    pub township_cadre: bool,
    pub super_admin: bool,
    /// An administrator of the Telegram group (may set the village up).
    pub group_admin: bool,
}

impl Roles {
    /// Cadres run the village; super-admins may do everything a cadre may.
    pub fn is_cadre(&self) -> bool {
        self.cadre || self.township_cadre || self.super_admin
    }

    pub fn has(&self, role: Role) -> bool {
        match role {
            Role::Resident => true,
            Role::Volunteer => self.volunteer || self.captain,
            Role::Captain => self.captain,
            Role::Chief => self.chief || self.is_cadre(),
            Role::Cadre => self.is_cadre(),
            Role::TownshipCadre => self.township_cadre || self.super_admin,
            Role::SuperAdmin => self.super_admin,
        }
    }
}

/// Every command the bot understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Start,
    Help,
    Setup,
    Lang,
    Cadre,
    Chief,
    Home,
    Team,
    Captain,
    Volunteer,
    Order,
    Assign,
    Close,
    Reopen,
    Cancel,
    List,
    Ticket,
    /// Who the village's escalations go to above its duty cadre (super-admins).
    TownshipCadre,
    Tier,
    /// Mark a ticket urgent, or not.
    Urgent,
    /// Corrections of intake: another category; not a request at all.
    Category,
    NotRequest,
    /// A supporter's "me too" message becomes a ticket of its own.
    Split,
    Note,
    Merge,
    Mine,
    Announce,
    Acks,
    Stats,
    Export,
    Roster,
    Unchief,
    Unvolunteer,
    Move,
    Township,
    AnnounceAll,
    /// One's points, the ranking, a cadre's correction.
    Points,
    Redeem,
    /// Care households: their level (cadres), the visits due (chiefs).
    Care,
    Visit,
    /// A personal link to the village's (or township's) dashboard.
    Dashboard,
}

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Anyone,
    /// A group administrator or a super-admin.
    GroupAdmin,
    Role(Role),
}

impl CommandKind {
    pub const ALL: [CommandKind; 41] = [
        CommandKind::Start,
        CommandKind::Help,
        CommandKind::Order,
        CommandKind::Mine,
        CommandKind::Note,
        CommandKind::Home,
        CommandKind::Volunteer,
        CommandKind::Unvolunteer,
        CommandKind::List,
        CommandKind::Ticket,
        CommandKind::Cancel,
        CommandKind::Setup,
        CommandKind::Lang,
        CommandKind::Cadre,
        CommandKind::Chief,
        CommandKind::Team,
        CommandKind::Captain,
        CommandKind::Assign,
        CommandKind::Close,
        CommandKind::Reopen,
        CommandKind::Tier,
        CommandKind::Urgent,
        CommandKind::Category,
        CommandKind::NotRequest,
        CommandKind::Merge,
        CommandKind::Split,
        CommandKind::Announce,
        CommandKind::Acks,
        CommandKind::Stats,
        CommandKind::Export,
        CommandKind::Roster,
        CommandKind::Unchief,
        CommandKind::Move,
        CommandKind::Township,
        CommandKind::AnnounceAll,
        CommandKind::TownshipCadre,
        CommandKind::Points,
        CommandKind::Redeem,
        CommandKind::Care,
        CommandKind::Visit,
        CommandKind::Dashboard,
    ];

    /// The Latin name typed after the slash.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Start => "start",
            CommandKind::Help => "help",
            CommandKind::Setup => "setup",
            CommandKind::Lang => "lang",
            CommandKind::Cadre => "cadre",
            CommandKind::Chief => "chief",
            CommandKind::Home => "home",
            CommandKind::Team => "team",
            CommandKind::Captain => "captain",
            CommandKind::Volunteer => "volunteer",
            CommandKind::Order => "order",
            CommandKind::Assign => "assign",
            CommandKind::Close => "close",
            CommandKind::Reopen => "reopen",
            CommandKind::Cancel => "cancel",
            CommandKind::List => "list",
            CommandKind::Ticket => "ticket",
            CommandKind::TownshipCadre => "township_cadre",
            CommandKind::Tier => "tier",
            CommandKind::Urgent => "urgent",
            CommandKind::Category => "category",
            CommandKind::NotRequest => "not_request",
            CommandKind::Split => "split",
            CommandKind::Note => "note",
            CommandKind::Merge => "merge",
            CommandKind::Mine => "mine",
            CommandKind::Announce => "announce",
            CommandKind::Acks => "acks",
            CommandKind::Stats => "stats",
            CommandKind::Export => "export",
            CommandKind::Roster => "roster",
            CommandKind::Unchief => "unchief",
            CommandKind::Unvolunteer => "unvolunteer",
            CommandKind::Move => "move",
            CommandKind::Township => "township",
            CommandKind::AnnounceAll => "announce_all",
            CommandKind::Points => "points",
            CommandKind::Redeem => "redeem",
            CommandKind::Care => "care",
            CommandKind::Visit => "visit",
            CommandKind::Dashboard => "dashboard",
        }
    }

    pub fn from_name(name: &str) -> Option<CommandKind> {
        CommandKind::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The permission table. Ticket-level rules (a resident cancels only their own ticket) are the
    /// state machine's; this decides who may run the command at all.
    pub fn requirement(self) -> Requirement {
        use CommandKind as C;
        match self {
            C::Start | C::Help | C::Order | C::Home | C::Volunteer | C::List | C::Ticket => {
                Requirement::Anyone
            }
            // Who may raise or drop urgency is the ticket's rule (whoever handles it; a cadre or
            // the chief to drop it).
            C::Cancel | C::Note | C::Mine | C::Points | C::Urgent => Requirement::Anyone,
            // Corrections are the ticket's rule too: a cadre, the requester's chief, the holder.
            C::Category | C::NotRequest => Requirement::Anyone,
            C::Redeem | C::Dashboard => Requirement::Role(Role::Cadre),
            C::Care | C::Visit => Requirement::Role(Role::Chief),
            C::Tier | C::Merge | C::Split | C::Announce | C::Export => {
                Requirement::Role(Role::Cadre)
            }
            C::Acks | C::Stats | C::Roster => Requirement::Role(Role::Chief),
            C::Unchief | C::Move | C::Township => Requirement::Role(Role::Cadre),
            C::AnnounceAll => Requirement::Role(Role::TownshipCadre),
            C::Unvolunteer => Requirement::Anyone,
            C::Setup => Requirement::GroupAdmin,
            C::TownshipCadre => Requirement::Role(Role::SuperAdmin),
            C::Lang
            | C::Cadre
            | C::Chief
            | C::Team
            | C::Captain
            | C::Assign
            | C::Close
            | C::Reopen => Requirement::Role(Role::Cadre),
        }
    }

    pub fn allowed(self, roles: &Roles) -> bool {
        match self.requirement() {
            Requirement::Anyone => true,
            Requirement::GroupAdmin => roles.group_admin || roles.super_admin,
            Requirement::Role(role) => roles.has(role),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_cannot_run_cadre_commands() {
        let resident = Roles::default();
        for c in CommandKind::ALL {
            let expected = matches!(c.requirement(), Requirement::Anyone);
            assert_eq!(c.allowed(&resident), expected, "{c:?}");
        }
    }

    #[test]
    fn super_admin_may_do_everything() {
        let admin = Roles {
            super_admin: true,
            ..Roles::default()
        };
        assert!(CommandKind::ALL.into_iter().all(|c| c.allowed(&admin)));
    }

    #[test]
    fn setup_needs_a_group_admin() {
        let cadre = Roles {
            cadre: true,
            ..Roles::default()
        };
        assert!(!CommandKind::Setup.allowed(&cadre));
        let admin = Roles {
            group_admin: true,
            ..Roles::default()
        };
        assert!(CommandKind::Setup.allowed(&admin));
    }

    #[test]
    fn names_round_trip() {
        for c in CommandKind::ALL {
            assert_eq!(CommandKind::from_name(c.name()), Some(c));
        }
    }
}
