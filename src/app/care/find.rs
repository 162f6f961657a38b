//! Which household a cadre or chief means: `@username` or the name it is known by in the village,
//! and which care households a person looks after.

use crate::app::context::{AppError, Ctx};
use crate::store::care::{self, CareHousehold};
use crate::store::grid::{self, Post};
use crate::store::people::{self, Person};
use crate::store::villages::Village;

/// What a name given in a command points to.
pub enum Found {
    One(Person),
    /// Nobody by that name is a household of the village.
    Nobody,
    /// Several households share the name: the @username is needed.
    Several,
}

/// A household of the village by `@username` or by name (a trailing 家 is ignored).
pub async fn household(ctx: &mut Ctx<'_>, v: &Village, text: &str) -> Result<Found, AppError> {
    let text = text.trim();
    let ids = if let Some(name) = text.strip_prefix('@') {
        let person = people::by_username(&mut ctx.tx, name).await?;
        match person {
            Some(p) if grid::household(&mut ctx.tx, v.id, p.id).await?.is_some() => vec![p.id],
            _ => vec![],
        }
    } else {
        let name = text
            .strip_suffix('家')
            .filter(|n| !n.is_empty())
            .unwrap_or(text);
        care::households_named(&mut ctx.tx, v.id, name).await?
    };
    Ok(match ids.as_slice() {
        [one] => match people::get(&mut ctx.tx, *one).await? {
            Some(p) => Found::One(p),
            None => Found::Nobody,
        },
        [] => Found::Nobody,
        _ => Found::Several,
    })
}

/// The care households `me` looks after in a village: all of them for a cadre, those of their
/// neighbourhoods for a chief, none for anyone else.
pub async fn looked_after(
    ctx: &mut Ctx<'_>,
    v: &Village,
    me: &Person,
) -> Result<Vec<CareHousehold>, AppError> {
    let roles = ctx.roles(v, me, false).await?;
    let all = care::all(&mut ctx.tx, v.id).await?;
    if roles.is_cadre() {
        return Ok(all);
    }
    let mine: Vec<i64> = grid::posts(&mut ctx.tx, v.id, me.id)
        .await?
        .into_iter()
        .filter_map(|p| match p {
            Post::Chief(n) => Some(n),
            _ => None,
        })
        .collect();
    Ok(all
        .into_iter()
        .filter(|h| h.neighbourhood.is_some_and(|n| mine.contains(&n)))
        .collect())
}
