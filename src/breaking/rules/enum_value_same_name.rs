//! `ENUM_VALUE_SAME_NAME`: Checks that enum values have the same name.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_SAME_NAME",
        kind: Kind::Breaking,
        purpose: r#"Checks that enum values have the same name."#,
        doc: r#"An enum value must keep its name (JSON and text formats use names). Values are paired by number; with aliases, every current name must have been a name of that number.

```proto
STATUS_ACTIVE = 1;  // previous
STATUS_ENABLED = 1; // current: breaking
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package, Category::WireJson]),
            v1: Some(&[Category::File, Category::Package, Category::WireJson]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValues(check)],
};

fn check(
    ctx: &mut Ctx<'_>,
    cur_enum: &EnumEl,
    prev: &BTreeMap<String, EnumValueDescriptor>,
    cur: &BTreeMap<String, EnumValueDescriptor>,
) {
    // Every previous name of the number must still be a name of it (aliases may be added).
    if prev.keys().all(|n| cur.contains_key(n)) {
        return;
    }
    let quote = |names: &BTreeMap<String, EnumValueDescriptor>| {
        names
            .keys()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let suffix = if prev.len() > 1 && cur.len() > 1 {
        "s"
    } else {
        ""
    };
    for value in cur.values() {
        let mut path = value.path().to_vec();
        path.push(2);
        ctx.report(
            Some(At::path(cur_enum.file, path)),
            None,
            format!(
                "Enum value \"{}\" on enum {:?} changed name{suffix} from {} to {}.",
                value.number(),
                value.parent_enum().name(),
                quote(prev),
                quote(cur)
            ),
        );
    }
}
