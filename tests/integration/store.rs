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
    let batch = vec![(5, "{}".to_string()), (6, "{}".to_string())];
    inbox::put(&mut conn, &batch, 0).await.expect("put");
    inbox::put(&mut conn, &batch, 0).await.expect("put again");
    assert_eq!(
        inbox::pending(&mut conn, 10).await.expect("pending").len(),
        2
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
