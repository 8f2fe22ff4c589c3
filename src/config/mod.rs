//! Resolved configuration: what buf.yaml (v1beta1, v1, v2), buf.work.yaml and buf.policy.yaml say,
//! validated once. `file.rs` holds the raw serde mirror of each file, `resolve.rs` turns each
//! version into [`Workspace`] and `discover.rs` finds the file that governs an input directory.
//! Nothing downstream reads YAML.
//!
//! Entry points: [`find_root_upwards`] (where to root the file tree for a directory on disk),
//! [`discover`] (the workspace governing a directory of a tree) and [`from_config_flag`] +
//! [`discover_with`] for `--config`.
//!
//! Every path stored here is tree-relative, `/`-separated and normalised (`.` for the root).

mod discover;
pub mod file;
pub mod gen;
pub mod managed;
mod resolve;

use std::collections::BTreeMap;

pub use discover::{
    discover, discover_for_file, discover_with, find_root_upwards, from_config_flag,
    ConfigOverride, InputRoot,
};

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

impl From<file::FileVersion> for Version {
    fn from(version: file::FileVersion) -> Self {
        match version {
            file::FileVersion::V1Beta1 => Version::V1Beta1,
            file::FileVersion::V1 => Version::V1,
            file::FileVersion::V2 => Version::V2,
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
    /// In declaration order (`directories:` or `modules:`). Modules may nest in v2, as buf allows.
    pub modules: Vec<Module>,
    /// v2 `policies:`: extra lint/breaking configurations checked on every targeted module, each
    /// reporting its findings under its own name.
    pub policies: Vec<PolicyConfig>,
    /// v2 `plugins:` (custom check plugins), by name. Recorded only; they are not run.
    pub plugins: Vec<String>,
    /// `deps:` of the workspace (all modules), as written, sorted and de-duplicated.
    pub deps: Vec<String>,
}

impl Workspace {
    /// The modules the input selected: their files are checked; the others only provide imports.
    pub fn targets(&self) -> impl Iterator<Item = &Module> {
        self.modules.iter().filter(|m| m.target)
    }
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
    /// Version of the file that configured this module (v1 with no file). In a `buf.work.yaml`
    /// workspace each module has its own; it decides the default rules.
    pub version: Version,
    /// Whether the input selects this module (see [`Workspace::targets`]).
    pub target: bool,
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

impl LintConfig {
    /// What an absent `lint:` block means for a version: default rules, suffixes `_UNSPECIFIED`
    /// and `Service`, comment ignores honoured only in v2.
    pub fn defaults(version: Version) -> Self {
        LintConfig {
            enum_zero_value_suffix: DEFAULT_ENUM_ZERO_VALUE_SUFFIX.to_string(),
            service_suffix: DEFAULT_SERVICE_SUFFIX.to_string(),
            allow_comment_ignores: version == Version::V2,
            ..LintConfig::default()
        }
    }
}

/// Default `enum_zero_value_suffix`.
pub const DEFAULT_ENUM_ZERO_VALUE_SUFFIX: &str = "_UNSPECIFIED";
/// Default `service_suffix`.
pub const DEFAULT_SERVICE_SUFFIX: &str = "Service";

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

/// One v2 `policies:` entry with the policy file it names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyConfig {
    /// The `policy:` value as written; findings from this policy carry it (`"policy": "p.yaml"`).
    pub name: String,
    /// Tree-relative path of the policy file.
    pub file: String,
    /// The policy's `lint:` (defaults when absent), with the entry's `ignore`/`ignore_only`
    /// (tree-relative). Comment ignores are never honoured for policy findings, as in buf.
    pub lint: LintConfig,
    /// The policy's `breaking:`, with the entry's `ignore`/`ignore_only`.
    pub breaking: BreakingConfig,
}
