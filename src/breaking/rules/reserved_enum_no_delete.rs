//! `RESERVED_ENUM_NO_DELETE`: Checks that reserved ranges and names are not deleted from a given enum.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RESERVED_ENUM_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that reserved ranges and names are not deleted from a given enum."#,
        doc: r#"Reserved numbers and names of an enum must stay reserved.

```proto
enum Status { reserved 2 to 5; } // previous
enum Status { reserved 2, 3; }   // current: [4,5] were removed
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    let owner = RangeOwner {
        at: At::path(cur.file, cur.path()),
        against: prev.file,
        kind: "enum",
        name: cur.name(),
        prev_max: ENUM_MAX,
        max: ENUM_MAX,
    };
    let (before, after) = (enum_reserved_ranges(prev), enum_reserved_ranges(cur));
    tag_ranges(ctx, "reserved", &owner, &before, &after);
    reserved_names(
        ctx,
        &owner,
        &prev.proto().reserved_name,
        &cur.proto().reserved_name,
    );
}
