//! `IMPORT_NO_WEAK`: Checks that imports are not weak.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "IMPORT_NO_WEAK",
        kind: Kind::Lint,
        purpose: r#"Checks that imports are not weak."#,
        doc: r#"Deprecated (no replacement): imports must not be `weak`.

```proto
import weak "acme/widget/v1/widget.proto"; // flagged
```"#,
        categories: PerVersion {
            v1beta1: Some(&[]),
            v1: Some(&[]),
            v2: Some(&[]),
        },
        deprecated: true,
        replacements: &[],
    },
    checks: &[Check::Import(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ImportEl<'_>) {
    if el.weak {
        ctx.report(
            el.file,
            Some(&el.path),
            format!("Import {:?} must not be weak.", el.name),
        );
    }
}
