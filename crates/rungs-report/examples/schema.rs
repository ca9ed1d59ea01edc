//! Writes the JSON Schemas of the report, the `--records` lines and the
//! `--signals` lines to `schema/` at the workspace root:
//!
//! ```text
//! cargo run -p rungs-report --example schema
//! ```

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rungs_report::SCHEMA_DIR);
    std::fs::create_dir_all(&dir)?;
    for (name, text) in rungs_report::schema_files() {
        let path = dir.join(name);
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == text);
        if !unchanged {
            std::fs::write(&path, &text)?;
        }
        let state = if unchanged { "unchanged" } else { "written" };
        println!("{}/{name}: {state}", rungs_report::SCHEMA_DIR);
    }
    Ok(())
}
