//! Every hot query uses an index: each backend is asked how it runs them (EXPLAIN) on a seeded
//! database, and a full scan of a large table fails the test.

use sqlx::{AnyConnection, Executor, Row};
use villagebot::store::plans::{hot_queries, Arg, HotQuery};
use villagebot::store::{Backend, Store};

use crate::both_backends;

/// Tables (and the aliases the queries give them) that grow with use; the small ones (villages,
/// neighbourhoods, teams, townships) may be read whole.
const LARGE: &[&str] = &[
    "tickets",
    "t",
    "ticket_events",
    "e",
    "people",
    "r",
    "h",
    "a",
    "outbox",
    "jobs",
    "inbox",
    "processed_updates",
    "appointments",
    "households",
    "message_links",
    "offered_buttons",
    "audit_events",
    "points",
    "p",
    "care_households",
    "c",
    "care_visits",
    "cv",
    "ticket_attachments",
    "ticket_followers",
];

/// Rows per large table: enough that a plan is what it would be on a large database.
const ROWS: i64 = 20_000;

/// `INSERT ... SELECT` over the numbers 1..=n (`i`), on either backend.
fn numbered(n: i64, insert: &str) -> String {
    format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) {insert} FROM n")
}

/// Twenty villages with their neighbourhoods, teams, posts and households, and a history of
/// tickets, events, sent messages, handled updates and fired timers.
async fn seed(conn: &mut AnyConnection) {
    let statements = [
        numbered(20, "INSERT INTO villages (chat_id, name, lang, created_at) SELECT -100 - i, 'v' || i, 'zh-CN', 0"),
        numbered(2000, "INSERT INTO people (tg_user_id, display_name, updated_at) SELECT i, 'p' || i, 0"),
        numbered(100, "INSERT INTO neighbourhoods (village_id, name, created_at) SELECT 1 + i % 20, 'n' || i, 0"),
        numbered(40, "INSERT INTO teams (village_id, name, categories, created_at) SELECT 1 + i % 20, 't' || i, 'repair', 0"),
        numbered(2000, "INSERT INTO appointments (village_id, person_id, role, neighbourhood_id, team_id, created_at, ended_at) \
           SELECT 1 + i % 20, i, CASE WHEN i % 3 = 0 THEN 'chief' WHEN i % 3 = 1 THEN 'captain' ELSE 'cadre' END, \
           CASE WHEN i % 3 = 0 THEN 1 + i % 100 END, CASE WHEN i % 3 = 1 THEN 1 + i % 40 END, 0, \
           CASE WHEN i % 5 = 0 THEN 1 END"),
        numbered(2000, "INSERT INTO households (village_id, person_id, neighbourhood_id, updated_at) SELECT 1 + i % 20, i, 1 + i % 100, 0"),
        numbered(ROWS, "INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, \
           tier, state, holder_person_id, deadline_at, created_at, updated_at, resolved_at) \
           SELECT 1 + i % 20, i, 1 + i % 2000, -101 - i % 20, i, 'x', 'repair', 'simple', \
           CASE WHEN i % 10 = 0 THEN 'new' WHEN i % 10 = 1 THEN 'assigned' ELSE 'closed' END, \
           1 + i % 2000, i * 60 + 86400, i * 60, i * 60, CASE WHEN i % 10 > 1 THEN i * 60 + 3600 END"),
        numbered(ROWS, "INSERT INTO ticket_events (ticket_id, at, action, to_state) SELECT i, i * 60, 'open', 'new'"),
        numbered(ROWS, "INSERT INTO outbox (created_at, chat_id, kind, payload, purpose, status, not_before) \
           SELECT i, -101 - i % 20, 'send', '{}', 'info', CASE WHEN i % 1000 = 0 THEN 'pending' ELSE 'sent' END, i"),
        numbered(ROWS, "INSERT INTO message_links (chat_id, message_id, ticket_id, purpose) SELECT -101 - i % 20, i, i, 'card'"),
        numbered(ROWS, "INSERT INTO offered_buttons (chat_id, message_id, data, offered_at) SELECT -101 - i % 20, i, 't:' || i, i"),
        numbered(ROWS, "INSERT INTO inbox (update_id, payload, received_at, handled_at) \
           SELECT i, '{}', i, CASE WHEN i % 1000 = 0 THEN NULL ELSE i END"),
        numbered(ROWS, "INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, status, created_at) \
           SELECT 'remind', 1 + i % 20, i, i, 0, 'k' || i, CASE WHEN i % 100 = 0 THEN 'pending' ELSE 'done' END, 0"),
        numbered(ROWS, "INSERT INTO points (village_id, person_id, delta, reason, ticket_id, once_key, created_at) \
           SELECT 1 + i % 20, 1 + i % 2000, 1, 'done', i, 'done:' || i, i * 60"),
        numbered(2000, "INSERT INTO care_households (village_id, person_id, level, set_at, due_at) \
           SELECT 1 + i % 20, i, 'red', 0, i * 600"),
        numbered(ROWS, "INSERT INTO care_visits (village_id, person_id, due_at, at) \
           SELECT 1 + i % 20, 1 + i % 2000, i * 60, i * 60"),
    ];
    for sql in statements {
        conn.execute(sql.as_str()).await.expect(&sql);
    }
}

async fn explain(conn: &mut AnyConnection, backend: Backend, q: &HotQuery) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => format!("EXPLAIN QUERY PLAN {}", q.sql),
        Backend::Postgres => format!("EXPLAIN {}", q.sql),
    };
    let mut query = sqlx::query(&sql);
    for arg in &q.args {
        query = match arg {
            Arg::Int(i) => query.bind(*i),
            Arg::Text(t) => query.bind(*t),
        };
    }
    let rows = query.fetch_all(&mut *conn).await.expect(q.name);
    let column = match backend {
        Backend::Sqlite => "detail",
        Backend::Postgres => "QUERY PLAN",
    };
    rows.iter()
        .map(|r| r.try_get::<String, _>(column).expect("plan text"))
        .collect()
}

/// The large tables a SQLite plan reads whole: `SCAN x` (with or without an index to walk), but
/// for walking a partial index, which reads only the rows it holds.
fn sqlite_scans(plan: &[String], partial: &[String]) -> Vec<String> {
    plan.iter()
        .filter_map(|line| line.trim().strip_prefix("SCAN "))
        .filter(|rest| {
            !rest
                .split(" USING INDEX ")
                .nth(1)
                .and_then(|i| i.split_whitespace().next())
                .is_some_and(|i| partial.iter().any(|p| p == i))
        })
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|table| LARGE.contains(table))
        .map(str::to_string)
        .collect()
}

/// The large tables a PostgreSQL plan reads whole: a sequential scan, or an index scan with no
/// condition on a full index (walking a partial index reads only the rows it holds).
fn postgres_scans(plan: &[String], partial: &[String]) -> Vec<String> {
    let mut nodes: Vec<(String, bool)> = vec![];
    for line in plan {
        let text = line.trim().trim_start_matches("->").trim();
        if nodes.is_empty() || line.trim_start().starts_with("->") {
            nodes.push((text.to_string(), false));
        } else if text.starts_with("Index Cond:") {
            if let Some(last) = nodes.last_mut() {
                last.1 = true;
            }
        }
    }
    nodes
        .into_iter()
        .filter_map(|(node, cond)| {
            let table = node.split(" on ").nth(1)?.split_whitespace().next()?;
            let index = node
                .split(" using ")
                .nth(1)
                .and_then(|i| i.split_whitespace().next());
            let walked = node.starts_with("Index Scan") || node.starts_with("Index Only Scan");
            let whole = node.starts_with("Seq Scan")
                || (walked && !cond && !index.is_some_and(|i| partial.iter().any(|p| p == i)));
            (whole && LARGE.contains(&table)).then(|| table.to_string())
        })
        .collect()
}

async fn hot_queries_use_indexes(db: &str) {
    let store = Store::open(db).await.expect("store");
    let backend = store.backend();
    let mut conn = store.conn().await.expect("conn");
    seed(&mut conn).await;
    if backend == Backend::Postgres {
        // With statistics of a small table the planner rightly reads it whole; this asks whether
        // an index could serve each query at all, which is what a large table needs.
        conn.execute("ANALYZE").await.expect("analyze");
        conn.execute("SET enable_seqscan = off").await.expect("set");
    }
    let partial_sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
        }
        Backend::Postgres => {
            "SELECT indexname::text FROM pg_indexes WHERE indexdef LIKE '% WHERE %'"
        }
    };
    let partial: Vec<String> = sqlx::query_scalar(partial_sql)
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    let mut failures = vec![];
    for q in hot_queries(backend) {
        let plan = explain(&mut conn, backend, &q).await;
        let scans = match backend {
            Backend::Sqlite => sqlite_scans(&plan, &partial),
            Backend::Postgres => postgres_scans(&plan, &partial),
        };
        if !scans.is_empty() {
            failures.push(format!(
                "{}: scans {scans:?}\n  {}",
                q.name,
                plan.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "full scans:\n{}", failures.join("\n"));
    drop(conn);
    store.close().await;
}
both_backends!(hot_queries_indexed, hot_queries_use_indexes);

#[test]
fn plan_readers_find_scans() {
    let sqlite = vec![
        "SEARCH t USING INDEX tickets_created (created_at>? AND created_at<?)".to_string(),
        "SCAN tickets".to_string(),
        "SCAN v".to_string(),
    ];
    assert_eq!(sqlite_scans(&sqlite, &[]), vec!["tickets"]);
    let walk = vec!["SCAN tickets USING INDEX tickets_open_deadline".to_string()];
    assert!(sqlite_scans(&walk, &["tickets_open_deadline".to_string()]).is_empty());
    assert_eq!(sqlite_scans(&walk, &[]), vec!["tickets"]);
    let pg = vec![
        "Limit  (cost=0.29..8.31 rows=1 width=8)".to_string(),
        "  ->  Index Scan using appointments_team on appointments  (cost=0.29..8.31)".to_string(),
        "        Index Cond: (team_id = 1)".to_string(),
        "  ->  Index Scan using tickets_pkey on tickets t  (cost=0.29..8.31)".to_string(),
        "        Filter: (state = 'new'::text)".to_string(),
        "  ->  Seq Scan on villages v  (cost=0.00..1.20)".to_string(),
        "  ->  Seq Scan on outbox  (cost=0.00..1.20)".to_string(),
    ];
    assert_eq!(postgres_scans(&pg, &[]), vec!["tickets", "outbox"]);
    let walk = vec!["Index Scan using inbox_unhandled on inbox  (cost=0.14..12.44)".to_string()];
    assert_eq!(
        postgres_scans(&walk, &["inbox_unhandled".to_string()]),
        Vec::<String>::new()
    );
    assert_eq!(postgres_scans(&walk, &[]), vec!["inbox"]);
}
