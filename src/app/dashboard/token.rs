//! Dashboard links without passwords: a token names what it opens (a village or a township),
//! whose it is, its generation (`/dashboard revoke` moves it on) and when it expires, and is
//! signed with HMAC-SHA256 under a key derived from the bot's token, so every instance can check
//! it and nobody can forge or widen one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::domain::{PersonId, VillageId};

/// What a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Village(VillageId),
    Township(i64),
}

/// A dashboard link's contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub scope: Scope,
    pub person: PersonId,
    /// The person's link generation when it was made; a revocation moves it on.
    pub generation: i64,
    pub expires_at: i64,
}

/// The signing key: never the bot token itself, and empty when there is no token.
#[derive(Clone)]
pub struct Key(Option<[u8; 32]>);

impl Key {
    pub fn from_bot_token(token: &str) -> Key {
        if token.trim().is_empty() {
            return Key(None);
        }
        let mut h = Sha256::new();
        h.update(b"villagebot dashboard links v1\0");
        h.update(token.as_bytes());
        Key(Some(h.finalize().into()))
    }

    fn mac(&self, payload: &[u8]) -> Option<Hmac<Sha256>> {
        let key = self.0?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
        mac.update(payload);
        Some(mac)
    }

    /// The token as it goes into a link; `None` without a key.
    pub fn sign(&self, t: &Token) -> Option<String> {
        let (kind, id) = match t.scope {
            Scope::Village(v) => ('v', v.0),
            Scope::Township(t) => ('t', t),
        };
        let payload = format!(
            "{kind}.{id}.{}.{}.{}",
            t.person.0, t.generation, t.expires_at
        );
        let tag = self.mac(payload.as_bytes())?.finalize().into_bytes();
        Some(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        ))
    }

    /// The token a link carries, if its signature holds and it has not expired at `now`.
    pub fn verify(&self, text: &str, now: i64) -> Option<Token> {
        let (payload, tag) = text.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&payload)?.verify_slice(&tag).ok()?;
        let payload = String::from_utf8(payload).ok()?;
        let parts: Vec<&str> = payload.split('.').collect();
        let [kind, id, person, generation, expires] = parts.as_slice() else {
            return None;
        };
        let id: i64 = id.parse().ok()?;
        let scope = match *kind {
            "v" => Scope::Village(VillageId(id)),
            "t" => Scope::Township(id),
            _ => return None,
        };
        let t = Token {
            scope,
            person: PersonId(person.parse().ok()?),
            generation: generation.parse().ok()?,
            expires_at: expires.parse().ok()?,
        };
        (now < t.expires_at).then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Token {
        Token {
            scope: Scope::Village(VillageId(3)),
            person: PersonId(7),
            generation: 0,
            expires_at: 1000,
        }
    }

    #[test]
    fn a_signed_token_reads_back_until_it_expires() {
        let key = Key::from_bot_token("123:abc");
        let text = key.sign(&token()).unwrap_or_default();
        assert_eq!(key.verify(&text, 999), Some(token()));
        assert_eq!(key.verify(&text, 1000), None, "expired");
        assert_eq!(Key::from_bot_token("123:other").verify(&text, 0), None);
    }

    #[test]
    fn a_changed_token_is_refused() {
        let key = Key::from_bot_token("123:abc");
        let text = key.sign(&token()).unwrap_or_default();
        let (_, tag) = text.split_once('.').unwrap_or_default();
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode("t.3.7.0.1000"));
        assert_eq!(
            key.verify(&forged, 0),
            None,
            "a village link cannot open a township"
        );
        assert_eq!(key.verify("garbage", 0), None);
        assert_eq!(key.verify("", 0), None);
        assert!(Key::from_bot_token("").sign(&token()).is_none());
    }
}
