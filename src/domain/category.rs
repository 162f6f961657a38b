//! Service categories and deadline tiers: the closed vocabularies every ticket is filed under.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of help a request needs; decides routing, default tier and privacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Repair,
    Sanitation,
    Dispute,
    Hazard,
    Assistance,
    Paperwork,
    Livelihood,
    Other,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Repair,
        Category::Sanitation,
        Category::Dispute,
        Category::Hazard,
        Category::Assistance,
        Category::Paperwork,
        Category::Livelihood,
        Category::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Repair => "repair",
            Category::Sanitation => "sanitation",
            Category::Dispute => "dispute",
            Category::Hazard => "hazard",
            Category::Assistance => "assistance",
            Category::Paperwork => "paperwork",
            Category::Livelihood => "livelihood",
            Category::Other => "other",
        }
    }

    /// The tier a new ticket of this category gets unless a cadre changes it.
    pub fn default_tier(self) -> Tier {
        match self {
            Category::Dispute | Category::Assistance | Category::Livelihood => Tier::Complex,
            _ => Tier::Simple,
        }
    }

    /// Sensitive categories keep their details out of the group chat.
    pub fn is_sensitive(self) -> bool {
        matches!(self, Category::Dispute | Category::Assistance)
    }
}

/// Reads a list of category keys separated by commas (Latin or Chinese) or spaces; `Err` names
/// the first word that is not a category.
pub fn parse_list(text: &str) -> Result<Vec<Category>, String> {
    let mut out = vec![];
    for part in text
        .split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let c: Category = part.parse().map_err(|_| part.to_string())?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown category `{0}`")]
pub struct UnknownCategory(pub String);

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Category::ALL
            .into_iter()
            .find(|c| c.key() == s)
            .ok_or(UnknownCategory(s))
    }
}

/// Deadline tier: "ordinary things not overnight, complex within the week, difficult within ten days".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Simple,
    Complex,
    Difficult,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Simple, Tier::Complex, Tier::Difficult];

    pub fn key(self) -> &'static str {
        match self {
            Tier::Simple => "simple",
            Tier::Complex => "complex",
            Tier::Difficult => "difficult",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tier `{0}`")]
pub struct UnknownTier(pub String);

impl FromStr for Tier {
    type Err = UnknownTier;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Tier::ALL
            .into_iter()
            .find(|t| t.key() == s)
            .ok_or(UnknownTier(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.key().parse::<Category>(), Ok(c));
        }
        for t in Tier::ALL {
            assert_eq!(t.key().parse::<Tier>(), Ok(t));
        }
        assert!("plumbing".parse::<Category>().is_err());
    }

    #[test]
    fn sensitive_and_default_tiers() {
        assert!(Category::Dispute.is_sensitive());
        assert!(!Category::Repair.is_sensitive());
        assert_eq!(Category::Assistance.default_tier(), Tier::Complex);
        assert_eq!(Category::Hazard.default_tier(), Tier::Simple);
    }

    #[test]
    fn lists_parse_with_any_separator() {
        assert_eq!(
            parse_list("repair,sanitation"),
            Ok(vec![Category::Repair, Category::Sanitation])
        );
        assert_eq!(
            parse_list("repair， hazard、repair"),
            Ok(vec![Category::Repair, Category::Hazard])
        );
        assert_eq!(parse_list("repair,plumbing"), Err("plumbing".into()));
    }
}
