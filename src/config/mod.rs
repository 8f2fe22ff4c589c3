//! Resolved configuration: what buf.yaml (v1beta1, v1, v2), buf.work.yaml and buf.policy.yaml say,
//! validated once. `file.rs` holds the raw serde mirror of each file; this module turns it into
//! [`Workspace`]. Nothing downstream reads YAML.

use std::collections::BTreeMap;

/// The buf.yaml version a workspace was configured with. Decides the default rules and some
/// semantics (comment ignores, path bases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Version {
    V1Beta1,
    /// Also the version used when there is no configuration at all, as buf does.
    #[default]
    V1,
    V2,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1Beta1 => "v1beta1",
            Version::V1 => "v1",
            Version::V2 => "v2",
        }
    }
}

/// A workspace: one or more modules compiled together (imports resolve across all of them).
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub version: Version,
    /// Tree-relative directory holding the governing buf.yaml / buf.work.yaml (`.` for the root),
    /// or the input directory itself when there is no configuration.
    pub root: String,
    /// Tree-relative path of the file that configured this workspace, if any.
    pub config_file: Option<String>,
    pub modules: Vec<Module>,
}

/// One module: a set of include roots whose `.proto` files are the module's files.
#[derive(Debug, Clone, Default)]
pub struct Module {
    /// Tree-relative directory of the module (v2 `modules[].path`, the v1 buf.yaml directory).
    pub dir: String,
    /// Tree-relative include roots. `[dir]` except for v1beta1 `build.roots`.
    pub roots: Vec<String>,
    /// Tree-relative directories excluded from the module (v1 `build.excludes`, v2 `excludes`).
    pub excludes: Vec<String>,
    /// Tree-relative directories the module is limited to (v2 `includes`); empty means all.
    pub includes: Vec<String>,
    /// `name:` (v1) or `modules[].name` (v2), e.g. `buf.build/acme/weather`.
    pub name: Option<String>,
    pub lint: LintConfig,
    pub breaking: BreakingConfig,
}

/// The `lint:` block of a module, after v2 module-level blocks have replaced the top-level one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintConfig {
    /// Rule IDs and category names, as written (validated against the registry by the linter).
    /// Empty means the version's default (`STANDARD`, or `DEFAULT` for v1beta1/v1).
    pub use_: Vec<String>,
    pub except: Vec<String>,
    /// Tree-relative paths (files or directories) whose findings are dropped for every rule.
    pub ignore: Vec<String>,
    /// Rule ID or category → tree-relative paths ignored for that rule.
    pub ignore_only: BTreeMap<String, Vec<String>>,
    /// `enum_zero_value_suffix`, default `_UNSPECIFIED`.
    pub enum_zero_value_suffix: String,
    /// `service_suffix`, default `Service`.
    pub service_suffix: String,
    pub rpc_allow_same_request_response: bool,
    pub rpc_allow_google_protobuf_empty_requests: bool,
    pub rpc_allow_google_protobuf_empty_responses: bool,
    /// Whether `// buf:lint:ignore RULE` comments are honoured (v1 `allow_comment_ignores`,
    /// v2 default on unless `disallow_comment_ignores`).
    pub allow_comment_ignores: bool,
    /// v2 `disable_builtin`: no built-in rules at all.
    pub disable_builtin: bool,
}

/// The `breaking:` block of a module.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BreakingConfig {
    /// Empty means the default (`FILE`).
    pub use_: Vec<String>,
    pub except: Vec<String>,
    pub ignore: Vec<String>,
    pub ignore_only: BTreeMap<String, Vec<String>>,
    pub ignore_unstable_packages: bool,
    pub disable_builtin: bool,
}
