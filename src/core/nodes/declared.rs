//! What an operator declares about a node for generation-2 validators (`gpu_category`,
//! `gpu_count`, `extra_mount_path`), checked by the validators' own rules so that a
//! declaration the miner sends can never be refused or scored as misbehaviour.

use serde::Serialize;

use super::gpu::{Category, Gpu};

/// Longest `extra_mount_path` accepted.
pub const MAX_MOUNT_PATH: usize = 4096;

/// Why a declaration cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    /// Not a category validators know.
    #[error("`{0}` is not a category: write the GPU's name (H100, RTX 5090, ...) or a CPU class (CPU_BASIC, CPU_STANDARD, CPU_PERFORMANCE), at most {max} characters", max = super::category::MAX_LEN)]
    Category(String),
    /// A count of 0.
    #[error("gpu_count must be at least 1")]
    Count,
    /// A CPU-only class with a count other than 1.
    #[error("gpu_count {count} for the CPU-only class {class}: validators count a CPU-only host as 1 device, so gpu_count must be 1")]
    CpuCount {
        /// The class declared.
        class: String,
        /// The count declared.
        count: u32,
    },
    /// The extra mount path is not an absolute, plain path.
    #[error("extra_mount_path `{path}` {why}")]
    MountPath {
        /// The path given.
        path: String,
        /// What is wrong with it.
        why: &'static str,
    },
}

/// Checks `extra_mount_path` as validators do: empty means none; otherwise an absolute path,
/// not `/`, whose segments are made of `A-Z a-z 0-9 . _ -` and are neither `.` nor `..`.
pub fn check_mount_path(path: &str) -> Result<(), DeclarationError> {
    let bad = |why| Err(DeclarationError::MountPath { path: path.chars().take(200).collect(), why });
    if path.is_empty() {
        return Ok(());
    }
    if path.len() > MAX_MOUNT_PATH {
        return bad("is too long");
    }
    let Some(rest) = path.strip_prefix('/') else { return bad("must be an absolute path (start with /)") };
    if rest.is_empty() {
        return bad("must not be / itself");
    }
    for segment in rest.split('/') {
        if segment.is_empty() {
            return bad("must not contain empty segments (// or a trailing /)");
        }
        if segment == "." || segment == ".." {
            return bad("must not contain . or .. segments");
        }
        if !segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return bad("may only contain letters, digits, `.`, `_` and `-` between slashes");
        }
    }
    Ok(())
}

/// Checks a declared `gpu_count` against the declared category: at least 1, and exactly 1
/// for a CPU-only class.
pub fn check_count(category: Option<&Category>, count: Option<u32>) -> Result<(), DeclarationError> {
    match (category, count) {
        (_, Some(0)) => Err(DeclarationError::Count),
        (Some(c), Some(n)) if c.is_cpu() && n != super::cpu::DEVICE_COUNT => {
            Err(DeclarationError::CpuCount { class: c.to_string(), count: n })
        }
        _ => Ok(()),
    }
}

/// A declared category as validators read it.
pub fn parse_category(text: &str) -> Result<Category, DeclarationError> {
    Category::parse(text).ok_or_else(|| DeclarationError::Category(text.chars().take(80).collect()))
}

/// How a node's declaration compares with what nvidia-smi found on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What `miner.toml` declares.
    pub declared: String,
    /// What nvidia-smi found.
    pub detected: String,
}

/// Compares a declaration with the inventory as a validator does: the GPU count must be
/// equal and the first GPU's category must be the declared one. `None` fields are not
/// declared and not compared.
pub fn compare(category: Option<&Category>, count: Option<u32>, gpus: &[Gpu]) -> Result<(), Mismatch> {
    let detected_count = gpus.len() as u32;
    let first = gpus.first().and_then(|g| Category::parse(&g.name));
    let count_ok = count.is_none_or(|c| c == detected_count);
    let category_ok = category.is_none_or(|c| Some(c) == first.as_ref());
    if count_ok && category_ok {
        return Ok(());
    }
    let show = |m: Option<&Category>| m.map_or("?", Category::as_str).to_string();
    Err(Mismatch {
        declared: format!("{} x{}", show(category.or(first.as_ref())), count.unwrap_or(detected_count)),
        detected: format!("{} x{detected_count}", show(first.as_ref())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::gpu::parse_inventory;

    #[test]
    fn mount_paths_follow_the_validators_rules() {
        for ok in ["", "/ephemeral", "/mnt/data-1", "/a/b.c/d_e"] {
            assert_eq!(check_mount_path(ok), Ok(()), "{ok}");
        }
        for bad in
            ["/", "ephemeral", "/mnt/../etc", "/mnt/./x", "/mnt//x", "/mnt/x/", "/mnt/a b", "/mnt/$(rm)", "/mnt/é"]
        {
            assert!(check_mount_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn declarations_are_compared_count_and_first_category() {
        let h100 = parse_inventory(&"0, NVIDIA H100 80GB HBM3, GPU-1, 81559, 1, 570.86.15, 9.0, 0, 31, 1\n".repeat(8));
        let cat = |n: &str| Category::parse(n).unwrap();
        assert_eq!(compare(Some(&cat("H100")), Some(8), &h100), Ok(()));
        assert_eq!(compare(None, None, &h100), Ok(()));
        let m = compare(Some(&cat("H100")), Some(4), &h100).unwrap_err();
        assert_eq!((m.declared.as_str(), m.detected.as_str()), ("H100 x4", "H100 x8"));
        assert_eq!(compare(Some(&cat("A100")), None, &h100).unwrap_err().detected, "H100 x8");
        assert_eq!(compare(Some(&cat("H100")), Some(8), &[]).unwrap_err().detected, "? x0");
        let rtx =
            parse_inventory(&"0, NVIDIA GeForce RTX 5090, GPU-1, 32607, 1, 570.86.15, 12.0, 0, 31, 1\n".repeat(2));
        assert_eq!(compare(Some(&cat("RTX_5090")), Some(2), &rtx), Ok(()));
        assert_eq!(compare(Some(&cat("RTX_4090")), Some(2), &rtx).unwrap_err().detected, "RTX_5090 x2");
        assert_eq!(parse_category("NVIDIA Tesla h100"), Ok(cat("H100")));
        assert_eq!(parse_category("RTX4090"), Ok(cat("RTX4090")));
        assert!(parse_category("").is_err() && parse_category(&"A".repeat(65)).is_err());
        let cpu = cat("CPU_STANDARD");
        assert_eq!(check_count(Some(&cpu), Some(1)), Ok(()));
        assert_eq!(check_count(Some(&cpu), None), Ok(()));
        assert_eq!(
            check_count(Some(&cpu), Some(8)),
            Err(DeclarationError::CpuCount { class: "CPU_STANDARD".into(), count: 8 })
        );
        assert_eq!(check_count(Some(&cat("H100")), Some(0)), Err(DeclarationError::Count));
        assert_eq!(check_count(None, Some(8)), Ok(()));
    }
}
