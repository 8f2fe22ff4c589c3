mod support;
#[test]
#[ignore]
fn pv_dump() {
    let dir = std::env::var("PV_CASE").unwrap();
    let input = std::env::var("PV_INPUT").unwrap_or_else(|_| "proto".into());
    match support::lint_dir(std::path::Path::new(&dir), &input, &[]) {
        Ok((_, report)) => {
            for f in &report.findings {
                println!("DUMP {}", serde_json::to_string(f).unwrap());
            }
        }
        Err(e) => println!("DUMP-ERROR Failure: {e}"),
    }
}
