//! Store behaviour on both backends: migrations, idempotent inserts, placeholders, the inbox.

use villagebot::domain::{Category, ChatId, MessageId, Tier, UserId};
use villagebot::store::tickets::{self, NewTicket};
use villagebot::store::{inbox, people, villages, Store};

use crate::both_backends;

async fn migrations_are_idempotent(db: &str) {
    let store = Store::open(db).await.expect("open");
    store.migrate().await.expect("second migrate is a no-op");
    store.close().await;
    let again = Store::open(db).await.expect("reopen");
    again.close().await;
}
both_backends!(migrations_idempotent, migrations_are_idempotent);

async fn a_replayed_message_makes_one_ticket(db: &str) {
    let store = Store::open(db).await.expect("open");
    let mut tx = store.begin().await.expect("tx");
    let me = people::seen(&mut tx, UserId(1), Some("Zhang"), "Zhang", 0)
        .await
        .expect("person");
    let v = villages::setup(&mut tx, ChatId(-5), "村", "zh-CN", me.id, 0)
        .await
        .expect("village");
    let no = villages::next_ticket_no(&mut tx, v.id).await.expect("no");
    assert_eq!(no, 1);
    let new = NewTicket {
        village: v.id,
        no,
        requester: me.id,
        chat: ChatId(-5),
        source_message: MessageId(9),
        body: "路灯坏了",
        category: Category::Repair,
        tier: Tier::Simple,
        urgent: false,
        location: None,
        deadline_at: 100,
    };
    assert!(tickets::insert(&mut tx, &new, 0)
        .await
        .expect("insert")
        .is_some());
    assert!(tickets::insert(
        &mut tx,
        &NewTicket {
            no: 2,
            ..new.clone()
        },
        0
    )
    .await
    .expect("insert")
    .is_none());
    assert_eq!(
        villages::next_ticket_no(&mut tx, v.id).await.expect("no"),
        2
    );
    tx.commit().await.expect("commit");
    store.close().await;
}
both_backends!(replay_one_ticket, a_replayed_message_makes_one_ticket);

async fn placeholders_are_claimed_by_username(db: &str) {
    let store = Store::open(db).await.expect("open");
    let mut tx = store.begin().await.expect("tx");
    let ph = people::named(&mut tx, "@Wang_Chief", 0)
        .await
        .expect("placeholder");
    assert_eq!(ph.tg_user_id, None);
    let same = people::named(&mut tx, "wang_chief", 0).await.expect("same");
    assert_eq!(same.id, ph.id, "usernames are case-insensitive");
    let real = people::seen(&mut tx, UserId(77), Some("wang_chief"), "Wang Wu", 1)
        .await
        .expect("seen");
    assert_eq!(real.id, ph.id);
    assert_eq!(real.tg_user_id, Some(UserId(77)));
    assert_eq!(real.display_name, "Wang Wu");
    tx.commit().await.expect("commit");
    store.close().await;
}
both_backends!(placeholder_claim, placeholders_are_claimed_by_username);

async fn the_inbox_keeps_each_update_once(db: &str) {
    let store = Store::open(db).await.expect("open");
    let mut conn = store.conn().await.expect("conn");
    let row = |update_id, chat| inbox::Received {
        update_id,
        chat,
        payload: "{}".to_string(),
    };
    let batch = vec![row(5, -100), row(6, -200)];
    inbox::put(&mut conn, &batch, 0).await.expect("put");
    inbox::put(&mut conn, &batch, 0).await.expect("put again");
    assert_eq!(
        inbox::pending(&mut conn, 10, "me", 0)
            .await
            .expect("pending"),
        batch
    );
    assert_eq!(
        inbox::next_offset(&mut conn).await.expect("offset"),
        Some(7)
    );
    assert!(inbox::claim(&mut conn, 5, 0).await.expect("claim"));
    assert!(!inbox::claim(&mut conn, 5, 0).await.expect("claim again"));
    drop(conn);
    store.close().await;
}
both_backends!(inbox_once, the_inbox_keeps_each_update_once);

/// The scheduler prunes handled traffic older than `retention.days`, keeps the newest update id,
/// and never touches tickets, their events or the audit log.
async fn retention_prunes_old_traffic(db: &str) {
    use crate::support::sim::{at, Sim};
    use crate::support::{count, CADRE, RESIDENT};
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.retention.days = 30
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    s.new_messages().await;
    let old = at("2026-10-01T00:00:00Z").timestamp();
    let recent = at("2026-11-20T00:00:00Z").timestamp();
    let mut conn = s.app.store.conn().await.expect("conn");
    for (id, t) in [(1, old), (2, old), (3, recent), (4, old)] {
        sqlx::query("INSERT INTO inbox (update_id, payload, received_at, handled_at) VALUES ($1, '{}', $2, $2)")
            .bind(id)
            .bind(t)
            .execute(&mut *conn)
            .await
            .expect("inbox");
        sqlx::query("INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2)")
            .bind(id)
            .bind(t)
            .execute(&mut *conn)
            .await
            .expect("processed");
    }
    sqlx::query("UPDATE outbox SET sent_at = $1 WHERE status = 'sent'")
        .bind(old)
        .execute(&mut *conn)
        .await
        .expect("age the outbox");
    drop(conn);
    let sent = count(&s.app.store, "SELECT COUNT(*) FROM outbox").await;
    assert!(sent > 0);
    let keep = [
        "SELECT COUNT(*) FROM tickets",
        "SELECT COUNT(*) FROM ticket_events",
        "SELECT COUNT(*) FROM audit_events",
    ];
    let mut before = vec![];
    for sql in keep {
        before.push(count(&s.app.store, sql).await);
    }
    let r = s.tick().await;
    assert_eq!(r.pruned as i64, 2 + 2 + sent, "{r:?}");
    let inbox = "SELECT COUNT(*) FROM inbox WHERE update_id IN (3, 4)";
    assert_eq!(
        count(&s.app.store, inbox).await,
        2,
        "recent and newest kept"
    );
    assert_eq!(count(&s.app.store, "SELECT COUNT(*) FROM outbox").await, 0);
    for (sql, n) in keep.iter().zip(before) {
        assert_eq!(count(&s.app.store, sql).await, n, "{sql}");
    }
    assert_eq!(s.tick().await.pruned, 0, "at most once an hour");
}
both_backends!(retention_e2e, retention_prunes_old_traffic);
