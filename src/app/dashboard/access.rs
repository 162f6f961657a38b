//! Who a dashboard link lets in, and to what: the signature and expiry (`token`), the person's
//! current link generation, and that they still hold the post the link was made for. Anything
//! else sees nothing.

use super::token::{Key, Scope, Token};
use crate::app::context::{App, AppError, Ctx};
use crate::domain::VillageId;
use crate::store::grid::{self, Post};
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};
use crate::store::{dashboard, townships};

/// An admitted viewer: their token and the villages it covers.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub token: Token,
    pub villages: Vec<Village>,
    /// The township's name, for a township link.
    pub township: Option<String>,
}

impl Viewer {
    /// The village of this id, if the link covers it.
    pub fn village(&self, id: VillageId) -> Option<&Village> {
        self.villages.iter().find(|v| v.id == id)
    }
}

impl App {
    pub fn dashboard_key(&self) -> Key {
        Key::from_bot_token(self.settings.telegram.token.expose())
    }
}

/// The viewer a link admits at `now`, or `None`.
pub async fn admit(ctx: &mut Ctx<'_>, text: &str) -> Result<Option<Viewer>, AppError> {
    let Some(token) = ctx.app.dashboard_key().verify(text, ctx.now) else {
        return Ok(None);
    };
    if dashboard::generation(&mut ctx.tx, token.person).await? != token.generation {
        return Ok(None);
    }
    let Some(person) = people::get(&mut ctx.tx, token.person).await? else {
        return Ok(None);
    };
    let admin = ctx.app.is_super_admin(person.tg_user_id);
    match token.scope {
        Scope::Village(id) => {
            let Some(v) = villages::by_id(&mut ctx.tx, id).await? else {
                return Ok(None);
            };
            let cadre = grid::posts(&mut ctx.tx, id, person.id)
                .await?
                .contains(&Post::Cadre);
            let township = match v.township {
                Some(t) => townships::cadres(&mut ctx.tx, t)
                    .await?
                    .contains(&person.id),
                None => false,
            };
            Ok((cadre || township || admin).then(|| Viewer {
                token,
                villages: vec![v],
                township: None,
            }))
        }
        Scope::Township(t) => {
            let cadre = townships::cadres(&mut ctx.tx, t)
                .await?
                .contains(&person.id);
            if !(cadre || admin) {
                return Ok(None);
            }
            Ok(Some(Viewer {
                token,
                villages: townships::villages(&mut ctx.tx, t).await?,
                township: townships::name(&mut ctx.tx, t).await?,
            }))
        }
    }
}

/// A fresh link for `me` to `scope`, valid for the configured days; `None` when the deployment
/// has no address for its dashboard or no key.
pub async fn link(
    ctx: &mut Ctx<'_>,
    me: &Person,
    scope: Scope,
) -> Result<Option<(String, i64)>, AppError> {
    let Some(base) = ctx.app.settings.dashboard_base() else {
        return Ok(None);
    };
    let expires_at = ctx.now + i64::from(ctx.app.settings.dashboard.link_days) * 86_400;
    let token = Token {
        scope,
        person: me.id,
        generation: dashboard::generation(&mut ctx.tx, me.id).await?,
        expires_at,
    };
    Ok(ctx
        .app
        .dashboard_key()
        .sign(&token)
        .map(|t| (format!("{base}/dashboard?t={t}"), expires_at)))
}
