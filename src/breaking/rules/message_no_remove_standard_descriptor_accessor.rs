//! `MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR`: Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true."#,
        doc: r#"The message option `no_standard_descriptor_accessor` must not change from false (or unset) to true: generated code loses its `descriptor()` accessor."#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    let value = |m: &MessageEl| {
        m.proto()
            .options
            .as_ref()
            .is_some_and(|o| o.no_standard_descriptor_accessor())
    };
    if !value(prev) && value(cur) {
        let mut path = cur.path();
        path.extend_from_slice(&[7, 2]);
        ctx.report(
            Some(At::path(cur.file, path)),
            Some(prev.file),
            r#"Message option "no_standard_descriptor_accessor" changed from "false" to "true"."#,
        );
    }
}
