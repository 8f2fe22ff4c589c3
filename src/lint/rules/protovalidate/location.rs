//! Where a finding on an option goes: the location of the option path when the file has one,
//! otherwise buf's fuzzy match (`OptionExtensionLocation`): the first location inside the path,
//! or else the longest location the path is inside of, no shorter than the extension itself.

use crate::lint::FileEl;

/// The SourceCodeInfo path to report for the option path `path`, whose first `extension_len`
/// elements lead to the extension (`…, 8, 1159`).
pub fn best(file: &FileEl<'_>, path: &[i32], extension_len: usize) -> Option<Vec<i32>> {
    if file.location(path).is_some() {
        return Some(path.to_vec());
    }
    let info = file.proto.source_code_info.as_ref()?;
    let mut best: Option<&[i32]> = None;
    for loc in &info.location {
        let lp = loc.path.as_slice();
        if lp.len() >= extension_len
            && path.starts_with(lp)
            && lp.len() > best.map_or(0, <[i32]>::len)
        {
            best = Some(lp);
        } else if lp.starts_with(path) {
            return Some(lp.to_vec());
        }
    }
    best.map(<[i32]>::to_vec)
}
