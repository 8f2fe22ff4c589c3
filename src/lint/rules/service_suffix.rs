//! `SERVICE_SUFFIX`: Checks that services have a consistent suffix (configurable, default suffix is "Service").

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SERVICE_SUFFIX",
        kind: Kind::Lint,
        purpose: r#"Checks that services have a consistent suffix (configurable, default suffix is "Service")."#,
        doc: r#"Service names must end with a suffix, `Service` unless `service_suffix` says otherwise.

```proto
service Widgets {} // should be suffixed with "Service"
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Default,
                Category::Standard,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Service(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ServiceEl<'_>) {
    let suffix = if ctx.config.service_suffix.is_empty() {
        "Service"
    } else {
        ctx.config.service_suffix.as_str()
    };
    let name = el.proto.name();
    if !name.ends_with(suffix) {
        let path = child(&el.path, &[1]);
        let message = format!("Service name {name:?} should be suffixed with {suffix:?}.");
        ctx.report(el.file, Some(&path), message);
    }
}
