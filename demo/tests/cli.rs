use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_demo-data"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn demo_rejects_bad_arguments() {
    assert!(!run(&[]).status.success());
    let bad_date = run(&["/nonexistent-never-written", "--today", "2026-13-01"]);
    assert!(!bad_date.status.success());
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn demo_writes_a_backend() {
    let dir = tempfile_dir();
    let out = run(&[dir.to_str().unwrap(), "--today", "2026-11-22"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("v1/site.json").is_file());
    assert!(dir.join("v1/calendar/2026.json").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-demo-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
