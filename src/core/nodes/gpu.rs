//! GPU facts from `nvidia-smi`: the CSV inventory (`--format=csv,noheader,nounits`) and the
//! banner's driver/CUDA versions, each GPU with its category ([`Category`]). Tolerates `[N/A]`, `[Not Supported]`, `ERR!` and odd rows.

use serde::Serialize;

pub use super::category::Category;

/// The fields `node gpu` asks for, in order.
pub const QUERY_FIELDS: [&str; 10] = [
    "index",
    "name",
    "uuid",
    "memory.total",
    "memory.used",
    "driver_version",
    "compute_cap",
    "utilization.gpu",
    "temperature.gpu",
    "power.draw",
];

/// The nvidia-smi command line for the inventory.
pub fn query_command() -> String {
    format!("nvidia-smi --query-gpu={} --format=csv,noheader,nounits", QUERY_FIELDS.join(","))
}

/// One GPU; `None` where nvidia-smi printed `[N/A]`, `[Not Supported]`, `ERR!` or nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gpu {
    /// nvidia-smi's index.
    pub index: Option<u32>,
    /// The product name (`NVIDIA H100 80GB HBM3`).
    pub name: String,
    /// The category validators rent it under (`None` only for a GPU without a name).
    pub model: Option<Category>,
    /// `GPU-…` UUID.
    pub uuid: Option<String>,
    /// Total memory in MiB.
    pub memory_total_mib: Option<u64>,
    /// Memory in use in MiB.
    pub memory_used_mib: Option<u64>,
    /// The driver's version.
    pub driver_version: Option<String>,
    /// Compute capability (`9.0`).
    pub compute_capability: Option<String>,
    /// Utilisation in percent.
    pub utilization_percent: Option<f64>,
    /// Temperature in °C.
    pub temperature_c: Option<f64>,
    /// Power draw in watts.
    pub power_draw_w: Option<f64>,
    /// Values that could not be read, as `field: raw value`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// Parses query output in [`QUERY_FIELDS`] order. Rows with too few fields keep what they
/// have and record the rest as problems; extra fields are reported, not fatal.
pub fn parse_inventory(text: &str) -> Vec<Gpu> {
    text.lines().filter(|l| !l.trim().is_empty()).map(parse_row).collect()
}

fn parse_row(line: &str) -> Gpu {
    let values: Vec<&str> = line.split(',').map(str::trim).collect();
    let mut problems = Vec::new();
    if values.len() != QUERY_FIELDS.len() {
        problems.push(format!("expected {} fields, got {}: {line}", QUERY_FIELDS.len(), values.len()));
    }
    let raw = |i: usize| values.get(i).copied().unwrap_or("");
    let mut text = |i: usize| -> Option<String> {
        let v = raw(i);
        if missing(v) {
            if !v.is_empty() {
                problems.push(format!("{}: {v}", QUERY_FIELDS[i]));
            }
            None
        } else {
            Some(v.to_string())
        }
    };
    let index = text(0);
    let name = text(1).unwrap_or_default();
    let uuid = text(2);
    let memory_total = text(3);
    let memory_used = text(4);
    let driver = text(5);
    let cc = text(6);
    let util = text(7);
    let temp = text(8);
    let power = text(9);
    let mut num = |i: usize, v: Option<String>| -> Option<f64> {
        let v = v?;
        match v.trim_end_matches([' ', '%', 'W', 'C']).trim_end_matches(" MiB").parse::<f64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(format!("{}: {v}", QUERY_FIELDS[i]));
                None
            }
        }
    };
    let index = num(0, index).map(|n| n as u32);
    let memory_total_mib = num(3, memory_total).map(|n| n as u64);
    let memory_used_mib = num(4, memory_used).map(|n| n as u64);
    let utilization_percent = num(7, util);
    let temperature_c = num(8, temp);
    let power_draw_w = num(9, power);
    Gpu {
        index,
        model: Category::parse(&name),
        name,
        uuid,
        memory_total_mib,
        memory_used_mib,
        driver_version: driver,
        compute_capability: cc,
        utilization_percent,
        temperature_c,
        power_draw_w,
        problems,
    }
}

/// The one category of a node's GPUs when they are all of one named model: what a node is
/// priced and offered by.
pub fn one_category(gpus: &[Gpu]) -> Option<Category> {
    let first = gpus.first()?.model.as_ref()?;
    gpus.iter().all(|g| g.model.as_ref() == Some(first)).then(|| first.clone())
}

/// Each category among `gpus` with how many GPUs are of it (`None`: GPUs nvidia-smi gives no
/// name for), in the order first seen.
pub fn count_by_category(gpus: &[Gpu]) -> Vec<(Option<&Category>, usize)> {
    let mut counts: Vec<(Option<&Category>, usize)> = Vec::new();
    for model in gpus.iter().map(|g| g.model.as_ref()) {
        match counts.iter_mut().find(|(m, _)| *m == model) {
            Some((_, n)) => *n += 1,
            None => counts.push((model, 1)),
        }
    }
    counts
}

fn missing(v: &str) -> bool {
    v.is_empty() || v.starts_with('[') || v.eq_ignore_ascii_case("ERR!") || v.eq_ignore_ascii_case("N/A")
}

/// Driver and CUDA versions from the plain `nvidia-smi` banner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Banner {
    /// `Driver Version:`, when printed.
    pub driver_version: Option<String>,
    /// `CUDA Version:`, when printed.
    pub cuda_version: Option<String>,
}

/// Reads the driver and CUDA versions from the banner of a plain `nvidia-smi`.
pub fn parse_banner(text: &str) -> Banner {
    let after = |label: &str| {
        text.split(label)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(|v| v.trim_matches('|').to_string())
            .filter(|v| !v.is_empty())
    };
    Banner { driver_version: after("Driver Version:"), cuda_version: after("CUDA Version:") }
}

/// Compares dotted versions numerically (`12.10` > `12.8`).
pub fn version_at_least(version: &str, minimum: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    parse(version) >= parse(minimum)
}

/// How nvidia-smi failed, from its exit code and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmiFailure {
    /// Not installed (shell exit 127).
    Missing,
    /// Installed but cannot reach the driver (exit 9 or the "couldn't communicate" message).
    DriverUnreachable,
    /// Anything else.
    Other,
}

/// Tells a missing nvidia-smi and an unloaded driver from other failures.
pub fn classify_failure(exit_code: Option<i32>, output: &str) -> SmiFailure {
    if exit_code == Some(127) || output.contains("not found") && output.contains("nvidia-smi") {
        SmiFailure::Missing
    } else if exit_code == Some(9) || output.contains("couldn't communicate with the NVIDIA driver") {
        SmiFailure::DriverUnreachable
    } else {
        SmiFailure::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_h100_row() {
        let g = &parse_inventory("0, NVIDIA H100 80GB HBM3, GPU-3f0c2b9e-7d41-5a2c-9e81-1b6f4d2a7c01, 81559, 1, 550.54.15, 9.0, 0, 31, 69.10\n")[0];
        assert_eq!(g.model, Category::parse("H100"));
        assert_eq!(g.memory_total_mib, Some(81559));
        assert_eq!(g.power_draw_w, Some(69.1));
        assert!(g.problems.is_empty(), "{:?}", g.problems);
    }

    #[test]
    fn tolerates_na_not_supported_err_and_short_rows() {
        let rows = parse_inventory(
            "0, NVIDIA A100-SXM4-80GB, GPU-1, 81920, [N/A], 570.86.15, 8.0, [Not Supported], ERR!, [N/A]\n1, NVIDIA A100-SXM4-80GB, GPU-2\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].model, Category::parse("A100"));
        assert_eq!(rows[0].temperature_c, None);
        assert_eq!(rows[0].problems.len(), 4, "{:?}", rows[0].problems);
        assert_eq!(rows[1].memory_total_mib, None);
        assert!(rows[1].problems[0].contains("expected 10 fields, got 3"));
    }

    #[test]
    fn unit_suffixes_are_accepted() {
        let g = &parse_inventory("0, NVIDIA B200, GPU-9, 183359 MiB, 3 MiB, 575.51.03, 10.0, 5 %, 40, 120.50 W")[0];
        assert_eq!(g.memory_total_mib, Some(183359));
        assert_eq!(g.utilization_percent, Some(5.0));
        assert_eq!(g.power_draw_w, Some(120.5));
        assert_eq!(g.model, Category::parse("B200"));
    }

    /// The one list of data-centre models is `Category::DATA_CENTRE`; what cannot be derived
    /// from it (fixed texts, the docs, the Python validator) is checked against it here, so a
    /// new model fails this test until every list names it.
    #[test]
    fn every_list_of_gpu_models_names_every_model() {
        let texts = [
            ("miner.toml.example", include_str!("../../../config/miner.toml.example").to_string()),
            ("registration.proto", include_str!("../../../proto/basilca/miner/v1/registration.proto").to_string()),
            ("docs/protocol.md", include_str!("../../../docs/protocol.md").to_string()),
            ("README.md", include_str!("../../../README.md").to_string()),
            ("bid_validator.py", include_str!("../../../tests/validator/bid_validator.py").to_string()),
        ];
        for (file, text) in texts {
            for model in Category::DATA_CENTRE {
                assert!(text.contains(model), "{file} does not name {model}");
            }
        }
    }

    #[test]
    fn banner_versions() {
        let b = parse_banner("| NVIDIA-SMI 550.54.15    Driver Version: 550.54.15     CUDA Version: 12.4     |");
        assert_eq!(b.driver_version.as_deref(), Some("550.54.15"));
        assert_eq!(b.cuda_version.as_deref(), Some("12.4"));
        assert!(version_at_least("12.10", "12.8"));
        assert!(!version_at_least("12.4", "12.8"));
        assert!(version_at_least("13.0", "12.8"));
    }

    #[test]
    fn failures_are_classified() {
        assert_eq!(classify_failure(Some(127), "sh: 1: nvidia-smi: not found"), SmiFailure::Missing);
        assert_eq!(
            classify_failure(Some(9), "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."),
            SmiFailure::DriverUnreachable
        );
        assert_eq!(classify_failure(Some(2), "Field \"x\" is not a valid field to query."), SmiFailure::Other);
    }
}
