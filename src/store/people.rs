//! People: known by Telegram id once they write, or only by @username when a cadre names them first.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{PersonId, UserId, VillageId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub tg_user_id: Option<UserId>,
    pub username: Option<String>,
    pub display_name: String,
    /// Pressed Start in a private chat, so the bot may write to them directly.
    pub private_ok: bool,
    /// The village group they last wrote in, for private messages that need a village.
    pub last_village: Option<VillageId>,
}

impl Person {
    /// How the bot names the person in a message.
    pub fn label(&self) -> String {
        match &self.username {
            Some(u) if self.display_name.is_empty() => format!("@{u}"),
            _ => self.display_name.clone(),
        }
    }
}

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    tg_user_id: Option<i64>,
    username: Option<String>,
    display_name: String,
    private_ok: i64,
    last_village_id: Option<i64>,
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        Person {
            id: PersonId(r.id),
            tg_user_id: r.tg_user_id.map(UserId),
            username: r.username,
            display_name: r.display_name,
            private_ok: r.private_ok != 0,
            last_village: r.last_village_id.map(VillageId),
        }
    }
}

const COLUMNS: &str = "id, tg_user_id, username, display_name, private_ok, last_village_id";

/// Usernames are case-insensitive in Telegram; store them folded and without the @.
pub fn fold_username(name: &str) -> String {
    name.trim().trim_start_matches('@').to_lowercase()
}

pub async fn get(conn: &mut AnyConnection, id: PersonId) -> Result<Option<Person>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE id = $1");
    let row: Option<PersonRow> = sqlx::query_as(&sql).bind(id.0).fetch_optional(conn).await?;
    Ok(row.map(Person::from))
}

pub async fn by_user(conn: &mut AnyConnection, user: UserId) -> Result<Option<Person>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE tg_user_id = $1");
    let row: Option<PersonRow> = sqlx::query_as(&sql)
        .bind(user.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Person::from))
}

pub async fn by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<Person>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM people WHERE username = $1 ORDER BY tg_user_id IS NULL, id LIMIT 1"
    );
    let row: Option<PersonRow> = sqlx::query_as(&sql)
        .bind(fold_username(username))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Person::from))
}

/// Records who wrote: creates the person, refreshes their names, and claims a placeholder that a
/// cadre created for their @username, moving its appointments and household to them.
pub async fn seen(
    conn: &mut AnyConnection,
    user: UserId,
    username: Option<&str>,
    display_name: &str,
    now: i64,
) -> Result<Person, StoreError> {
    let username = username.map(fold_username).filter(|u| !u.is_empty());
    let mut known = by_user(conn, user).await?;
    // The everyday case: someone who wrote before, under the same names (and no placeholder can
    // be made for a @username someone already holds: the name finds them).
    if let Some(me) = known.take_if(|me| me.username == username && me.display_name == display_name)
    {
        return Ok(me);
    }
    let placeholder = match &username {
        Some(u) => placeholder(conn, u).await?,
        None => None,
    };
    let id = match (known, placeholder) {
        (Some(me), Some(ph)) => {
            take_over(conn, me.id, ph.id).await?;
            me.id
        }
        (Some(me), None) => me.id,
        (None, Some(ph)) => {
            sqlx::query("UPDATE people SET tg_user_id = $1 WHERE id = $2")
                .bind(user.0)
                .bind(ph.id.0)
                .execute(&mut *conn)
                .await?;
            ph.id
        }
        (None, None) => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO people (tg_user_id, username, display_name, updated_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(user.0)
            .bind(&username)
            .bind(display_name)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
            PersonId(id)
        }
    };
    sqlx::query(
        "UPDATE people SET username = $1, display_name = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(&username)
    .bind(display_name)
    .bind(now)
    .bind(id.0)
    .execute(&mut *conn)
    .await?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("person {id} vanished")))
}

/// The placeholder a cadre made for a @username nobody has written with yet.
async fn placeholder(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<Person>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE username = $1 AND tg_user_id IS NULL");
    let row: Option<PersonRow> = sqlx::query_as(&sql)
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(Person::from))
}

/// Where a placeholder can be named; all of it passes to the person who claims the username.
const PLACES_OF_A_PERSON: [(&str, &str); 7] = [
    ("appointments", "person_id"),
    ("households", "person_id"),
    ("township_cadres", "person_id"),
    ("tickets", "holder_person_id"),
    ("tickets", "requester_id"),
    ("villages", "duty_cadre_id"),
    ("villages", "township_cadre_id"),
];

/// A person who already wrote claims the placeholder made for their new @username.
async fn take_over(
    conn: &mut AnyConnection,
    me: PersonId,
    placeholder: PersonId,
) -> Result<(), StoreError> {
    for (table, column) in PLACES_OF_A_PERSON {
        sqlx::query(&format!(
            "UPDATE {table} SET {column} = $1 WHERE {column} = $2"
        ))
        .bind(me.0)
        .bind(placeholder.0)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE people SET username = NULL WHERE id = $1")
        .bind(placeholder.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Finds the person a cadre names by @username, creating a placeholder if nobody by that name has
/// written yet.
pub async fn named(
    conn: &mut AnyConnection,
    username: &str,
    now: i64,
) -> Result<Person, StoreError> {
    if let Some(p) = by_username(conn, username).await? {
        return Ok(p);
    }
    let folded = fold_username(username);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO people (username, display_name, updated_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&folded)
    .bind(format!("@{folded}"))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    get(conn, PersonId(id))
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("person {id} vanished")))
}

pub async fn set_private_ok(
    conn: &mut AnyConnection,
    id: PersonId,
    ok: bool,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET private_ok = $1 WHERE id = $2")
        .bind(i64::from(ok))
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives a placeholder (someone not yet seen) the name a roster lists for them.
pub async fn set_placeholder_name(
    conn: &mut AnyConnection,
    id: PersonId,
    name: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET display_name = $1 WHERE id = $2 AND tg_user_id IS NULL")
        .bind(name)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Remembers the village group a person last wrote in.
pub async fn set_last_village(
    conn: &mut AnyConnection,
    id: PersonId,
    village: VillageId,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET last_village_id = $1 WHERE id = $2")
        .bind(village.0)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}
