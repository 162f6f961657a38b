//! Loads a village roster (neighbourhoods, chiefs, households and their care levels, teams,
//! captains, volunteers) from a workbook or CSV file (`sheet`): every good row in one transaction,
//! every bad row reported with its line number, and running it twice changes nothing more.

use std::collections::HashMap;

use crate::app::care::commands::mark;
use crate::app::care::commands::MAX_REASON;
use crate::app::commands::args::is_username;
use crate::app::context::{App, AppError, Ctx};
use crate::app::roster::appoint::valid_name;
use crate::app::roster::sheet;
use crate::domain::care::CareLevel;
use crate::domain::category::parse_list;
use crate::domain::{PersonId, VillageId};
use crate::i18n::{arg, Args, Lang};
use crate::store::grid::{self, Post};
use crate::store::{care, people};

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
    Care,
    CareReason,
}

fn column(name: &str) -> Option<Column> {
    Some(match name.trim().to_lowercase().as_str() {
        "kind" | "type" | "类型" | "角色" => Column::Kind,
        "neighbourhood" | "neighborhood" | "片区" | "组" => Column::Neighbourhood,
        "team" | "志愿队" | "队名" => Column::Team,
        "username" | "用户名" => Column::Username,
        "name" | "姓名" => Column::Name,
        "categories" | "分类" => Column::Categories,
        "care" | "关爱" | "关爱等级" => Column::Care,
        "care_reason" | "关爱原因" => Column::CareReason,
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
    is_username(u).then(|| u.to_lowercase())
}

/// Imports a workbook or CSV file into the village; the caller commits.
pub async fn import(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    file: &[u8],
) -> Result<ImportReport, AppError> {
    let say = Say { app: ctx.app, lang };
    let mut report = ImportReport::default();
    let rows = match sheet::records(file) {
        Ok(rows) => rows,
        Err(e) => {
            let detail = arg("detail", e.to_string());
            report
                .problems
                .push((e.line(), say.t("import-unreadable", &[detail])));
            return Ok(report);
        }
    };
    let Some(((_, header), body)) = rows.split_first() else {
        report.problems.push((1, say.t("import-empty", &[])));
        return Ok(report);
    };
    let columns = read_header(say, header, &mut report);
    if !columns.contains_key(&Column::Kind) {
        report
            .problems
            .push((1, say.t("import-no-kind-column", &[])));
        return Ok(report);
    }
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    for (line, cells) in body {
        let row = Row {
            cells,
            columns: &columns,
        };
        if let Some(first) = seen.get(&row.key()) {
            report.duplicates += 1;
            let note = say.t("import-duplicate", &[arg("line", *first as i64)]);
            report.notes.push((*line, note));
            continue;
        }
        seen.insert(row.key(), *line);
        match import_row(ctx, village, say, &row).await {
            Ok(note) => {
                report.imported += 1;
                report.notes.extend(note.map(|n| (*line, n)));
            }
            Err(RowError::Problem(problem)) => report.problems.push((*line, problem)),
            Err(RowError::Failed(e)) => return Err(e),
        }
    }
    Ok(report)
}

/// Sentences in the language of the report.
#[derive(Clone, Copy)]
struct Say<'a> {
    app: &'a App,
    lang: Lang,
}

impl Say<'_> {
    fn t(&self, id: &str, args: &Args<'_>) -> String {
        self.app.i18n.text(self.lang, id, args)
    }
}

/// Which column holds what; unknown headers are noted and ignored.
fn read_header(
    say: Say<'_>,
    header: &[String],
    report: &mut ImportReport,
) -> HashMap<Column, usize> {
    let mut columns = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        match column(name) {
            Some(c) => {
                columns.insert(c, i);
            }
            None if name.trim().is_empty() => {}
            None => {
                let note = say.t("import-unknown-column", &[arg("column", name.trim())]);
                report.notes.push((1, note));
            }
        }
    }
    columns
}

/// One line of the file, read by column.
struct Row<'a> {
    cells: &'a [String],
    columns: &'a HashMap<Column, usize>,
}

impl Row<'_> {
    fn get(&self, c: Column) -> String {
        self.columns
            .get(&c)
            .and_then(|i| self.cells.get(*i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// What makes two rows the same row.
    fn key(&self) -> Vec<String> {
        [
            Column::Kind,
            Column::Neighbourhood,
            Column::Team,
            Column::Username,
            Column::Categories,
            Column::Care,
            Column::CareReason,
        ]
        .into_iter()
        .map(|c| self.get(c).to_lowercase())
        .collect()
    }

    /// A cell that must not be empty; the problem says which. Names of places and teams are
    /// held to the length a chat command allows.
    fn need(&self, say: Say<'_>, c: Column, name: &str) -> Result<String, RowError> {
        let v = self.get(c);
        if v.is_empty() {
            return Err(say.problem("import-missing", &[arg("column", name)]));
        }
        if matches!(c, Column::Neighbourhood | Column::Team) && !valid_name(&v) {
            return Err(say.problem("import-too-long", &[arg("column", name)]));
        }
        Ok(v)
    }
}

/// Why a row was not imported: a problem to report on its line, or a failure that stops the
/// whole import.
enum RowError {
    Problem(String),
    Failed(AppError),
}

impl<E: Into<AppError>> From<E> for RowError {
    fn from(e: E) -> Self {
        RowError::Failed(e.into())
    }
}

impl Say<'_> {
    fn problem(&self, id: &str, args: &Args<'_>) -> RowError {
        RowError::Problem(self.t(id, args))
    }
}

/// One row; `Ok` carries a remark worth making.
async fn import_row(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    say: Say<'_>,
    row: &Row<'_>,
) -> Result<Option<String>, RowError> {
    let raw_kind = row.get(Column::Kind);
    let Some(k) = kind(&raw_kind) else {
        return Err(say.problem("import-bad-kind", &[arg("kind", raw_kind)]));
    };
    match k {
        Kind::Neighbourhood => {
            let place = row.need(say, Column::Neighbourhood, "neighbourhood")?;
            grid::neighbourhood(&mut ctx.tx, village, &place, ctx.now).await?;
            Ok(None)
        }
        Kind::Team => {
            let name = row.need(say, Column::Team, "team")?;
            let cats = match parse_list(&row.get(Column::Categories)) {
                Ok(c) if !c.is_empty() => c,
                Ok(_) => return Err(say.problem("import-missing", &[arg("column", "categories")])),
                Err(bad) => return Err(say.problem("import-bad-category", &[arg("category", bad)])),
            };
            grid::upsert_team(&mut ctx.tx, village, &name, &cats, ctx.now).await?;
            Ok(None)
        }
        Kind::Chief | Kind::Household | Kind::Captain | Kind::Volunteer => {
            person_row(ctx, village, say, row, k).await
        }
    }
}

/// A chief, household, captain or volunteer, named by @username.
async fn person_row(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    say: Say<'_>,
    row: &Row<'_>,
    k: Kind,
) -> Result<Option<String>, RowError> {
    let raw = row.need(say, Column::Username, "username")?;
    let Some(username) = valid_username(&raw) else {
        return Err(say.problem("import-bad-username", &[arg("username", raw)]));
    };
    let post = post_of(ctx, village, say, row, k).await?;
    let now = ctx.now;
    let person = people::named(&mut ctx.tx, &username, now).await?;
    let name = row.get(Column::Name);
    if !name.is_empty() && !valid_name(&name) {
        return Err(say.problem("import-too-long", &[arg("column", "name")]));
    }
    if person.tg_user_id.is_none() && !name.is_empty() {
        people::set_placeholder_name(&mut ctx.tx, person.id, &name).await?;
    }
    match (k, post) {
        (Kind::Household, Post::Chief(n)) => {
            grid::set_household(&mut ctx.tx, village, person.id, n, now).await?;
            care_of(ctx, village, say, row, person.id).await?;
        }
        _ => {
            grid::appoint(&mut ctx.tx, village, person.id, post, None, now).await?;
        }
    }
    let note = person.tg_user_id.is_none().then(|| {
        let who = arg("username", format!("@{username}"));
        say.t("import-not-seen", &[who])
    });
    Ok(note)
}

/// A household row's care level (red/yellow/green, 红/黄/绿, or off), set unless it is already so.
async fn care_of(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    say: Say<'_>,
    row: &Row<'_>,
    person: PersonId,
) -> Result<(), RowError> {
    let (raw, reason) = (row.get(Column::Care), row.get(Column::CareReason));
    if raw.is_empty() {
        return Ok(());
    }
    if reason.chars().count() > MAX_REASON {
        return Err(say.problem("import-too-long", &[arg("column", "care_reason")]));
    }
    let now = care::get(&mut ctx.tx, village, person).await?;
    if matches!(raw.to_lowercase().as_str(), "off" | "无" | "取消") {
        if now.is_some() {
            care::remove(&mut ctx.tx, village, person).await?;
        }
        return Ok(());
    }
    let Some(level) = CareLevel::parse(&raw) else {
        return Err(say.problem("import-bad-care", &[arg("care", raw)]));
    };
    if now.is_some_and(|h| h.level == level && h.reason == reason) {
        return Ok(());
    }
    mark(ctx, village, person, level, &reason, None).await?;
    Ok(())
}

/// The place a person row puts them in: a neighbourhood (chief, household) or a team.
async fn post_of(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    say: Say<'_>,
    row: &Row<'_>,
    k: Kind,
) -> Result<Post, RowError> {
    if matches!(k, Kind::Chief | Kind::Household) {
        let place = row.need(say, Column::Neighbourhood, "neighbourhood")?;
        let n = grid::neighbourhood(&mut ctx.tx, village, &place, ctx.now).await?;
        return Ok(Post::Chief(n));
    }
    let name = row.need(say, Column::Team, "team")?;
    match grid::team_by_name(&mut ctx.tx, village, &name).await? {
        Some(team) if k == Kind::Captain => Ok(Post::Captain(team.id)),
        Some(team) => Ok(Post::Volunteer(team.id)),
        None => Err(say.problem("import-unknown-team", &[arg("team", name)])),
    }
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
