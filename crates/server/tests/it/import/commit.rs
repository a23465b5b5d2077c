//! Commits, cancels, roles and the command line.

use super::*;

on_both_empty_banks!(
    a_commit_is_one_transaction_all_or_nothing,
    committing_twice_or_after_cancelling_is_a_409,
    the_command_line_reports_on_stdout_and_fails_on_any_error,
    only_admins_and_branch_managers_import_and_a_branch_manager_only_their_branch,
);

async fn a_commit_is_one_transaction_all_or_nothing(s: TestServer) {
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "c.csv", CUSTOMERS_EN.into()).await;
    assert_eq!(summary.rows_valid, 3);
    // Another instance creates C003 meanwhile: the last insert of the batch fails, and
    // the first two rows must not land without it.
    sqlx::query(
        "INSERT INTO customers (id, rm_id, branch_id, customer_no, name, phone, id_type, id_number, \
         gender, birth_date, address, occupation, income_band, hobbies, preferred_channel, \
         kyc_reviewed_on, since, stated_needs) SELECT 900, id, branch_id, 'C003', 'x', '13000000000', \
         'ResidentIdCard', '110105199006150020', 'Male', '1990-06-15', '', '', '<100k', '', 'Phone', \
         '2025-01-01', '2025-01-01', '' FROM users WHERE username = 'rm01'",
    )
    .execute(s.pool())
    .await
    .unwrap();
    let r = commit(&s, &client, summary.id).await;
    assert_eq!(r.status(), 409);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 1);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import_commit'"
        )
        .await,
        0
    );
    let after = wait(&s, &client, summary.id).await;
    assert_eq!(
        after.status,
        ImportStatus::Ready,
        "the batch can be cancelled or retried"
    );
}

async fn committing_twice_or_after_cancelling_is_a_409(s: TestServer) {
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "c.csv", CUSTOMERS_EN.into()).await;
    let (a, b) = tokio::join!(
        commit(&s, &client, summary.id),
        commit(&s, &client, summary.id)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!(
        (status.as_u16(), body.code),
        (
            409,
            clientbook_domain::error_code::ErrorCode::ImportCommitted
        )
    );
    let r = client
        .delete(s.url(&format!("/api/imports/{}", summary.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    // Cancelled: its staged rows are gone and it cannot be committed.
    let other = import_as(
        &s,
        &client,
        "customers",
        "c2.csv",
        CUSTOMERS_EN
            .replace("C00", "D00")
            .replace("13", "15")
            .into(),
    )
    .await;
    let r = client
        .delete(s.url(&format!("/api/imports/{}", other.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<ImportSummary>().await.unwrap().status,
        ImportStatus::Cancelled
    );
    assert_eq!(
        count(
            &s,
            &format!(
                "SELECT COUNT(*) FROM import_rows WHERE batch_id = {}",
                other.id
            )
        )
        .await,
        0
    );
    let (status, body) = error_of(commit(&s, &client, other.id).await).await;
    assert_eq!(
        (status.as_u16(), body.code),
        (
            409,
            clientbook_domain::error_code::ErrorCode::ImportNotReady
        )
    );
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import_cancel'"
        )
        .await,
        1
    );
}

async fn only_admins_and_branch_managers_import_and_a_branch_manager_only_their_branch(
    s: TestServer,
) {
    for (user, code) in [("rm01", "forbidden"), ("compliance01", "read_only")] {
        let client = s.signed_in(user).await;
        let r = client
            .post(s.url("/api/imports?kind=customers&file_name=c.csv"))
            .body(CUSTOMERS_EN)
            .send()
            .await
            .unwrap();
        let (status, body) = error_of(r).await;
        assert_eq!((status.as_u16(), body.code.as_str()), (403, code));
    }
    let manager = s.signed_in("manager01").await;
    let other_rm: String = sqlx::query(
        "SELECT username FROM users WHERE role = 'RelationshipManager' AND branch_id <> \
         (SELECT branch_id FROM users WHERE username = 'manager01') ORDER BY username",
    )
    .fetch_one(s.pool())
    .await
    .unwrap()
    .get(0);
    let own_rm: String = sqlx::query(
        "SELECT username FROM users WHERE role = 'RelationshipManager' AND branch_id = \
         (SELECT branch_id FROM users WHERE username = 'manager01') ORDER BY username",
    )
    .fetch_one(s.pool())
    .await
    .unwrap()
    .get(0);
    let file = CUSTOMERS_EN
        .replace(",rm01,", &format!(",{own_rm},"))
        .replace(",rm02,", &format!(",{other_rm},"));
    let summary = import_as(&s, &manager, "customers", "c.csv", file.into()).await;
    let outside: Vec<_> = summary
        .report
        .iter()
        .filter(|l| l.problem == Problem::RmOutsideBranch)
        .collect();
    assert_eq!(outside.len(), 1);
    assert_eq!(
        (outside[0].row, outside[0].column.as_deref()),
        (4, Some("rm_username"))
    );
    assert_eq!(summary.rows_valid, 2);
    // An admin's import is not the branch manager's to see.
    let admin_batch = import_as(
        &s,
        &admin(&s).await,
        "customers",
        "a.csv",
        CUSTOMERS_EN.into(),
    )
    .await;
    let r = manager
        .get(s.url(&format!("/api/imports/{}", admin_batch.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

async fn the_command_line_reports_on_stdout_and_fails_on_any_error(s: TestServer) {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, CUSTOMERS_EN).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, CUSTOMERS_EN.replace("1980-01-01", "2024-02-30")).unwrap();
    let today = crate::common::as_of();
    use clientbook_domain::import::ImportKind;
    use clientbook_server::import::cli::run;
    let out = run(&s.storage, ImportKind::Customers, &bad, true, today)
        .await
        .unwrap();
    assert!(!out.ok);
    assert!(
        out.report
            .contains("row 3\tbirth_date\t2***\terror\tThis day does not exist in the calendar."),
        "{}",
        out.report
    );
    assert!(out.report.contains("not committed"));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let out = run(&s.storage, ImportKind::Customers, &good, true, today)
        .await
        .unwrap();
    assert!(out.ok, "{}", out.report);
    assert!(
        out.report.contains("committed: 3 inserted"),
        "{}",
        out.report
    );
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM audit_log WHERE action = 'import_commit' AND username = 'cli' AND user_id IS NULL").await,
        1
    );
    if s.db == Db::Sqlite {
        // The binary: exit status and stdout.
        let url = format!(
            "sqlite://{}",
            s.dist.parent().unwrap().join("cb.sqlite").display()
        );
        let run = |file: &std::path::Path| {
            std::process::Command::new(env!("CARGO_BIN_EXE_clientbook-server"))
                .args(["import", "--kind", "customers", "--database-url", &url])
                .arg(file)
                .output()
                .unwrap()
        };
        let o = run(&bad);
        assert!(!o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("DateNotInCalendar")
                || String::from_utf8_lossy(&o.stdout).contains("does not exist")
        );
        let o = run(&good);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        assert!(String::from_utf8_lossy(&o.stdout).contains("3 unchanged"));
    }
}
