//! Agendas out at scale: building a member's agenda and writing it as an iCalendar file when the member
//! covers 600 sessions (a synthetic load far above a real delegate's, to see the writer's cost).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::domain::Role;
use desk_core::programme::editing::{self, SessionFields};
use desk_core::{agenda, fixtures::sample, planner, Store};

fn busy_member() -> (Store, desk_core::programme::conference::Conference, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let conference = sample::load(&mut store).unwrap().conference;
    let member: i64 = store
        .conn()
        .query_row("SELECT id FROM member ORDER BY position LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    for i in 0..600 {
        let fields = SessionFields {
            title: Some(format!(
                "Side event {i}: Übergänge, Schutz; Prävention — a long title that needs folding"
            )),
            date: Some(conference.days[i % conference.days.len()].clone()),
            start: Some(format!("{:02}:{:02}", 8 + (i % 10), (i * 7) % 60)),
            duration: Some(45),
            room: Some("Ratsaal".into()),
            description: Some(
                "First line,\nsecond line; with a comma, a semicolon and a backslash \\.".into(),
            ),
            ..Default::default()
        };
        let id = editing::add_session(&mut store, &conference, &fields).unwrap();
        planner::assign(&mut store, id, member, Role::Attend).unwrap();
    }
    (store, conference, member)
}

fn bench(c: &mut Criterion) {
    let (store, conference, member) = busy_member();
    c.bench_function("agenda_build_600_sessions", |b| {
        b.iter(|| agenda::build(&store, &conference, Some(member)).unwrap())
    });
    let a = agenda::build(&store, &conference, Some(member)).unwrap();
    let now = chrono::Utc::now();
    c.bench_function("ics_write_600_events", |b| {
        b.iter(|| agenda::ics::calendar(&a, &conference, now).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
