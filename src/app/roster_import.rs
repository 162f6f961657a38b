//! Loads a village roster (neighbourhoods, chiefs, households, teams, captains, volunteers) from a
//! spreadsheet's CSV export: every good row in one transaction, every bad row reported with its
//! line number, and running it twice changes nothing more.

use std::collections::HashMap;

use super::roster::parse_categories;
use super::{AppError, Ctx};
use crate::domain::VillageId;
use crate::i18n::{arg, Lang};
use crate::store::grid::{self, Post};
use crate::store::people;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: usize,
    pub duplicates: usize,
    /// Rows not imported, with their line and the reason.
    pub problems: Vec<(usize, String)>,
    /// Imported rows worth a remark (a username nobody has used yet).
    pub notes: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Kind,
    Neighbourhood,
    Team,
    Username,
    Name,
    Categories,
}

fn column(name: &str) -> Option<Column> {
    Some(match name.trim().to_lowercase().as_str() {
        "kind" | "type" | "类型" | "角色" => Column::Kind,
        "neighbourhood" | "neighborhood" | "片区" | "组" => Column::Neighbourhood,
        "team" | "志愿队" | "队名" => Column::Team,
        "username" | "用户名" => Column::Username,
        "name" | "姓名" => Column::Name,
        "categories" | "分类" => Column::Categories,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Neighbourhood,
    Chief,
    Household,
    Team,
    Captain,
    Volunteer,
}

fn kind(text: &str) -> Option<Kind> {
    Some(match text.trim().to_lowercase().as_str() {
        "neighbourhood" | "neighborhood" | "片区" => Kind::Neighbourhood,
        "chief" | "联户长" | "巷长" => Kind::Chief,
        "household" | "住户" | "农户" => Kind::Household,
        "team" | "志愿队" => Kind::Team,
        "captain" | "队长" => Kind::Captain,
        "volunteer" | "志愿者" | "队员" => Kind::Volunteer,
        _ => return None,
    })
}

fn valid_username(u: &str) -> Option<String> {
    let u = u.trim().trim_start_matches('@');
    let ok =
        (3..=32).contains(&u.len()) && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| u.to_lowercase())
}

/// Imports `text` into the village; the caller commits.
pub async fn import(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    text: &str,
) -> Result<ImportReport, AppError> {
    let mut report = ImportReport::default();
    let t = |id: &str, args: &crate::i18n::Args<'_>| ctx.app.i18n.text(lang, id, args);
    let rows = match super::csv::parse(text) {
        Ok(rows) => rows,
        Err((line, _)) => {
            report
                .problems
                .push((line, t("import-unclosed-quote", &[])));
            return Ok(report);
        }
    };
    let Some(((_, header), body)) = rows.split_first() else {
        report.problems.push((1, t("import-empty", &[])));
        return Ok(report);
    };
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        match column(name) {
            Some(c) => {
                columns.insert(c, i);
            }
            None if name.trim().is_empty() => {}
            None => report
                .notes
                .push((1, t("import-unknown-column", &[arg("column", name.trim())]))),
        }
    }
    if !columns.contains_key(&Column::Kind) {
        report.problems.push((1, t("import-no-kind-column", &[])));
        return Ok(report);
    }
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    for (line, cells) in body {
        let get = |c: Column| {
            columns
                .get(&c)
                .and_then(|i| cells.get(*i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let key: Vec<String> = [
            Column::Kind,
            Column::Neighbourhood,
            Column::Team,
            Column::Username,
            Column::Categories,
        ]
        .into_iter()
        .map(|c| get(c).to_lowercase())
        .collect();
        if let Some(first) = seen.get(&key) {
            report.duplicates += 1;
            report
                .notes
                .push((*line, t("import-duplicate", &[arg("line", *first as i64)])));
            continue;
        }
        seen.insert(key, *line);
        match import_row(ctx, village, lang, &get).await? {
            Ok(note) => {
                report.imported += 1;
                if let Some(n) = note {
                    report.notes.push((*line, n));
                }
            }
            Err(problem) => report.problems.push((*line, problem)),
        }
    }
    Ok(report)
}

/// One row; `Err` is the reason it was not imported.
async fn import_row(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    get: &impl Fn(Column) -> String,
) -> Result<Result<Option<String>, String>, AppError> {
    let t = |id: &str, args: &crate::i18n::Args<'_>| ctx.app.i18n.text(lang, id, args);
    let raw_kind = get(Column::Kind);
    let Some(k) = kind(&raw_kind) else {
        return Ok(Err(t("import-bad-kind", &[arg("kind", raw_kind)])));
    };
    let need = |c: Column, name: &str| {
        let v = get(c);
        if v.is_empty() {
            Err(t("import-missing", &[arg("column", name)]))
        } else {
            Ok(v)
        }
    };
    let place = || need(Column::Neighbourhood, "neighbourhood");
    let team = || need(Column::Team, "team");
    let user = || {
        let raw = need(Column::Username, "username")?;
        valid_username(&raw).ok_or_else(|| t("import-bad-username", &[arg("username", raw)]))
    };
    let now = ctx.now;
    match k {
        Kind::Neighbourhood => {
            let p = match place() {
                Ok(p) => p,
                Err(problem) => return Ok(Err(problem)),
            };
            grid::neighbourhood(&mut ctx.tx, village, &p, now).await?;
            return Ok(Ok(None));
        }
        Kind::Team => {
            let name = match team() {
                Ok(n) => n,
                Err(problem) => return Ok(Err(problem)),
            };
            let cats = match parse_categories(&get(Column::Categories)) {
                Ok(c) if !c.is_empty() => c,
                Ok(_) => return Ok(Err(t("import-missing", &[arg("column", "categories")]))),
                Err(bad) => return Ok(Err(t("import-bad-category", &[arg("category", bad)]))),
            };
            grid::upsert_team(&mut ctx.tx, village, &name, &cats, now).await?;
            return Ok(Ok(None));
        }
        Kind::Chief | Kind::Household | Kind::Captain | Kind::Volunteer => {}
    }
    let username = match user() {
        Ok(u) => u,
        Err(problem) => return Ok(Err(problem)),
    };
    let post = match k {
        Kind::Chief | Kind::Household => match place() {
            Ok(p) => Post::Chief(grid::neighbourhood(&mut ctx.tx, village, &p, now).await?),
            Err(problem) => return Ok(Err(problem)),
        },
        _ => {
            let name = match team() {
                Ok(n) => n,
                Err(problem) => return Ok(Err(problem)),
            };
            match grid::team_by_name(&mut ctx.tx, village, &name).await? {
                Some(team) if k == Kind::Captain => Post::Captain(team.id),
                Some(team) => Post::Volunteer(team.id),
                None => return Ok(Err(t("import-unknown-team", &[arg("team", name)]))),
            }
        }
    };
    let person = people::named(&mut ctx.tx, &username, now).await?;
    let name = get(Column::Name);
    if person.tg_user_id.is_none() && !name.is_empty() {
        people::set_placeholder_name(&mut ctx.tx, person.id, &name).await?;
    }
    match (k, post) {
        (Kind::Household, Post::Chief(n)) => {
            grid::set_household(&mut ctx.tx, village, person.id, n, now).await?
        }
        _ => {
            grid::appoint(&mut ctx.tx, village, person.id, post, None, now).await?;
        }
    }
    let note = person.tg_user_id.is_none().then(|| {
        t(
            "import-not-seen",
            &[arg("username", format!("@{username}"))],
        )
    });
    Ok(Ok(note))
}

/// The report as text, in the deployment's language.
pub fn render(ctx: &Ctx<'_>, lang: Lang, r: &ImportReport) -> String {
    let mut lines = vec![ctx.app.i18n.text(
        lang,
        "import-summary",
        &[
            arg("imported", r.imported as i64),
            arg("duplicates", r.duplicates as i64),
            arg("problems", r.problems.len() as i64),
        ],
    )];
    let mut all: Vec<(usize, bool, &String)> =
        r.problems.iter().map(|(l, p)| (*l, true, p)).collect();
    all.extend(r.notes.iter().map(|(l, n)| (*l, false, n)));
    all.sort_by_key(|(l, problem, _)| (*l, !*problem));
    for (line, problem, text) in all {
        let id = if problem {
            "import-line-problem"
        } else {
            "import-line-note"
        };
        lines.push(ctx.app.i18n.text(
            lang,
            id,
            &[arg("line", line as i64), arg("text", text.clone())],
        ));
    }
    lines.join("\n")
}
